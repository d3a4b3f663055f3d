package fleet

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

func fakeClient(t testing.TB, f *simtest.Fake) *Client {
	return simtest.Client(t, New, Config{Transport: f.Transport(transport.APIKey{Key: "a2V5OnNlY3JldA=="}), Now: simtest.Now}, nil)
}

const tokenPath = "/api/fleet/enrollment_api_keys/tok-1"

// A server that accepts the revoke but still shows the token active must
// not be reported as a revoke.
func TestRevokeConfirmsTheTokenIsInactive(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	item := func(active bool) http.HandlerFunc {
		return simtest.Reply(200, fmt.Sprintf(`{"item":{"id":"tok-1","api_key":"c2VjcmV0","active":%v,"policy_id":"p"}}`, active))
	}
	f.Handle(simtest.Routes(map[string]http.HandlerFunc{
		"DELETE " + tokenPath: simtest.Reply(200, `{"action":"deleted"}`),
		"GET " + tokenPath:    item(true),
	}))
	err := c.Revoke(context.Background(), "tok-1")
	var nr *backend.NotRevokedError
	if !errors.As(err, &nr) || !strings.Contains(err.Error(), "NOT revoked") || !strings.Contains(err.Error(), "still active") {
		t.Fatalf("want a *backend.NotRevokedError saying the token is still active, got %T: %v", err, err)
	}
	if f.Hits("GET "+tokenPath) != 1 {
		t.Fatalf("the state must be confirmed with one read, got %d", f.Hits("GET "+tokenPath))
	}

	f.Handle(simtest.Routes(map[string]http.HandlerFunc{
		"DELETE " + tokenPath: simtest.Reply(200, `{"action":"deleted"}`),
		"GET " + tokenPath:    item(false),
	}))
	if err := c.Revoke(context.Background(), "tok-1"); err != nil {
		t.Fatalf("accepted and confirmed inactive: %v", err)
	}
}

// A 2xx answer that is not {"action":"deleted"} leaves the outcome unknown.
func TestRevokeNeedsTheContractAnswer(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	for _, body := range []string{`{}`, `{"action":"created"}`, `[]`, `null`, `<html>Sign in</html>`, ``} {
		f.Handle(simtest.Reply(200, body))
		err := c.Revoke(context.Background(), "tok-1")
		simtest.WantUnknown(t, backend.Fleet, err)
	}
}

// A 2xx create answer without the contract's fields may still have made a
// token.
func TestCreateNeedsTheContractAnswer(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	for _, body := range []string{`{}`, `{"item":{"id":"x"}}`, `{"item":{"id":"x","api_key":"k2k2","active":true},"action":"deleted"}`, `[1]`} {
		f.Handle(simtest.Reply(200, body))
		_, err := c.Create(context.Background(), backend.CreateSpec{PolicyID: "p"})
		simtest.WantMaybeCreated(t, backend.Fleet, err)
	}
}

func keysPage(total int, ids ...string) string {
	var items []string
	for _, id := range ids {
		items = append(items, fmt.Sprintf(`{"id":%q,"api_key":"k-%s","active":true,"policy_id":"p","created_at":"2026-01-01T00:00:00Z"}`, id, id))
	}
	return fmt.Sprintf(`{"items":[%s],"total":%d,"page":1,"perPage":2}`, strings.Join(items, ","), total)
}

// The page total is only a plan: a negative or huge one neither panics nor
// allocates, and a server serving the same page again ends the list.
func TestListTrustsOnlyPageContents(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	c.cfg.PageSize = 2
	policies := simtest.Reply(200, `{"items":[],"total":0}`)
	for _, tc := range []struct {
		name    string
		page    string
		want    int
		wantErr bool
	}{
		{"negative total", keysPage(-1, "a", "b"), 2, false},
		{"huge total", keysPage(1<<62, "a", "b"), 0, true},
		{"total past the cap", keysPage(backend.MaxTokens+1, "a", "b"), 0, true},
		{"same page again", keysPage(40, "a", "b"), 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.Requests()
			f.Handle(simtest.Routes(map[string]http.HandlerFunc{
				"GET /api/fleet/enrollment_api_keys": simtest.Reply(200, tc.page),
				"GET /api/fleet/agent_policies":      policies,
			}))
			list, err := c.List(context.Background())
			var le *backend.LimitError
			if tc.wantErr != errors.As(err, &le) || (err != nil && !tc.wantErr) {
				t.Fatalf("err = %v", err)
			}
			if tc.wantErr && !strings.Contains(err.Error(), strconv.Itoa(backend.MaxTokens)) {
				t.Fatalf("the error must name the cap: %v", err)
			}
			if len(list) != tc.want {
				t.Fatalf("listed %d tokens, want %d", len(list), tc.want)
			}
			if sent := f.Requests() - before; sent > 2+20 {
				t.Fatalf("sent %d requests", sent)
			}
		})
	}
	t.Run("empty page ends the list", func(t *testing.T) {
		f.Handle(simtest.Routes(map[string]http.HandlerFunc{
			"GET /api/fleet/enrollment_api_keys": func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Query().Get("page") {
				case "1":
					simtest.Reply(200, keysPage(8, "a", "b"))(w, r)
				case "2":
					simtest.Reply(200, keysPage(8, "c", "d"))(w, r)
				default:
					simtest.Reply(200, keysPage(8))(w, r)
				}
			},
			"GET /api/fleet/agent_policies": policies,
		}))
		list, err := c.List(context.Background())
		if err != nil || len(list) != 4 {
			t.Fatalf("%d tokens, %v", len(list), err)
		}
	})
}

func policiesPage(page, total int, ids ...string) string {
	var items []string
	for _, id := range ids {
		items = append(items, fmt.Sprintf(`{"id":%q,"name":"n","is_managed":false}`, id))
	}
	return fmt.Sprintf(`{"items":[%s],"total":%d,"page":%d,"perPage":100}`, strings.Join(items, ","), total, page)
}

// Agent policy paging that never ends is stopped: by a repeated page, or
// by the page cap (measured before: 23,011 requests in 6 s).
func TestPoliciesPagingEnds(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	full := func(page int) []string {
		ids := make([]string, policiesPerPage)
		for i := range ids {
			ids[i] = fmt.Sprintf("p-%d-%d", page, i)
		}
		return ids
	}
	const route = "GET /api/fleet/agent_policies"
	// The same full page, with a total that never ends.
	f.Handle(simtest.Reply(200, policiesPage(1, 1<<40, full(1)...)))
	pols, err := c.Policies(context.Background())
	if err != nil || len(pols) != policiesPerPage || f.Hits(route) != 2 {
		t.Fatalf("%d policies, %d requests, %v", len(pols), f.Hits(route), err)
	}
	// A fresh full page every time: the page cap ends it.
	f.Handle(func(w http.ResponseWriter, r *http.Request) {
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		simtest.Reply(200, policiesPage(p, 1<<40, full(p)...))(w, r)
	})
	before := f.Hits(route)
	_, err = c.Policies(context.Background())
	var le *backend.LimitError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), strconv.Itoa(backend.MaxTokens)) && !strings.Contains(err.Error(), strconv.Itoa(backend.MaxPages)) {
		t.Fatalf("want a *backend.LimitError naming the cap, got %v", err)
	}
	if sent := f.Hits(route) - before; sent > backend.MaxPages {
		t.Fatalf("sent %d requests, more than the %d page cap", sent, backend.MaxPages)
	}
	// A negative total and a short page end at once.
	f.Handle(simtest.Reply(200, policiesPage(1, -5, "a", "b")))
	before = f.Hits(route)
	if pols, err := c.Policies(context.Background()); err != nil || len(pols) != 2 || f.Hits(route)-before != 1 {
		t.Fatalf("%d policies, %d requests, %v", len(pols), f.Hits(route)-before, err)
	}
}
