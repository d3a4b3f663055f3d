package elasticsearch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/transport"
)

// keysServer answers the query API's ids queries with every id found,
// or none when none(first id of the batch). Each answer waits until two
// batches are in flight, or for a generous deadline (read one at a
// time, they never are).
func keysServer(t *testing.T, none func(first string) bool) (*Client, func() int) {
	var mu sync.Mutex
	inFlight, most := 0, 0
	second := make(chan struct{})
	var once sync.Once
	deadline, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Query struct {
				IDs struct {
					Values []string `json:"values"`
				} `json:"ids"`
			} `json:"query"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		ids := req.Query.IDs.Values
		mu.Lock()
		inFlight++
		most = max(most, inFlight)
		if inFlight >= 2 {
			once.Do(func() { close(second) })
		}
		mu.Unlock()
		select {
		case <-second:
		case <-deadline.Done():
		}
		var keys []string
		for _, id := range ids {
			if !none(ids[0]) {
				keys = append(keys, fmt.Sprintf(`{"id":%q,"invalidated":false}`, id))
			}
		}
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"api_keys":[%s]}`, strings.Join(keys, ","))
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Transport: transport.Config{BaseURL: srv.URL, AllowPlainHTTP: true, Auth: transport.Basic{Username: "u", Password: "p4ssword"}}})
	if err != nil {
		t.Fatal(err)
	}
	return c, func() int { mu.Lock(); defer mu.Unlock(); return most }
}

func keyIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("key-%05d", i)
	}
	return ids
}

// The batches of one read are asked side by side, not one after another.
func TestAPIKeyStatesBatchesOverlap(t *testing.T) {
	c, most := keysServer(t, func(string) bool { return false })
	ids := keyIDs(3*keyBatch + 1)
	states, err := c.APIKeyStates(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != len(ids) || !states[ids[len(ids)-1]].Found {
		t.Fatalf("%d states for %d keys", len(states), len(ids))
	}
	if most() < 2 {
		t.Fatalf("at most %d batch in flight: the batches were read one after another", most())
	}
}

// With batches side by side, the error reported is still the first
// failing batch's, whichever answers first (a guard: with the errors
// taken in the order they come, it fails on the runs where the second
// batch's comes first).
func TestAPIKeyStatesReportsTheFirstBatchError(t *testing.T) {
	c, _ := keysServer(t, func(string) bool { return true }) // both batches fail, in either order
	_, err := c.APIKeyStates(context.Background(), keyIDs(keyBatch+10))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("none of %d Fleet token keys", keyBatch)) {
		t.Fatalf("err = %v, want the first batch's (of %d keys)", err, keyBatch)
	}
}
