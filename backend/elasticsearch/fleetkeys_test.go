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
// or none when none(first id of the batch); a batch whose first id is
// "fail-…" gets a 500 naming that id. Each answer waits until two
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
		if strings.HasPrefix(ids[0], "fail-") {
			w.Header().Set("X-Elastic-Product", "Elasticsearch")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, `{"error":{"type":"exception","reason":"batch of %s failed"},"status":500}`, ids[0])
			mu.Lock()
			inFlight--
			mu.Unlock()
			return
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
	c, _ := keysServer(t, func(string) bool { return false })
	ids := keyIDs(keyBatch + 10)
	for i := range ids {
		ids[i] = "fail-" + ids[i] // both batches fail, in either order
	}
	_, err := c.APIKeyStates(context.Background(), ids)
	if err == nil || !strings.Contains(err.Error(), "batch of "+ids[0]+" failed") {
		t.Fatalf("err = %v, want the first batch's (starting %s)", err, ids[0])
	}
}

// Elasticsearch showing no key at all is the missing privilege; one
// batch whose keys are all gone among others is keys it deleted, for the
// audit to report, not an error.
func TestAPIKeyStatesTellsAPrivilegeFromDeletedKeys(t *testing.T) {
	c, _ := keysServer(t, func(string) bool { return true })
	if _, err := c.APIKeyStates(context.Background(), keyIDs(keyBatch+10)); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("none of %d Fleet token keys", keyBatch+10)) {
		t.Fatalf("no key shown at all: err = %v", err)
	}
	ids := keyIDs(keyBatch + 10)
	gone := ids[keyBatch]
	c, _ = keysServer(t, func(first string) bool { return first == gone })
	states, err := c.APIKeyStates(context.Background(), ids)
	if err != nil || !states[ids[0]].Found || states[gone].Found {
		t.Fatalf("a batch of deleted keys: err = %v, first found %v, gone found %v", err, states[ids[0]].Found, states[gone].Found)
	}
}
