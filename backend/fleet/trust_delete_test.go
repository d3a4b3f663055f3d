package fleet

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// esKeys is an Elasticsearch client of the stack: the API key inspector a
// profile with Elasticsearch credentials gives a Fleet delete.
func esKeys(t testing.TB, s *sim.Stack) backend.APIKeyInspector {
	t.Helper()
	c, err := elasticsearch.New(elasticsearch.Config{Transport: transport.Config{BaseURL: s.ESURL, CACertPEM: s.CA.PEM,
		Timeout: 10 * time.Second, Auth: transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func held(s *sim.Stack, id string) (sim.FleetToken, bool) {
	for _, tk := range s.Fleet.Tokens() {
		if tk.ID == id {
			return tk, true
		}
	}
	return sim.FleetToken{}, false
}

// A proxy's HTML or plain 404 on the read before a delete, or on the read
// after it, never makes a token "not found", "already gone" or "deleted".
func TestDeleteTrustsNoProxy404(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	get := "GET /api/fleet/enrollment_api_keys/*"
	bulk := "POST /api/fleet/enrollment_api_keys/_bulk_delete"
	for _, body := range []sim.Body{sim.BodyHTML, sim.BodyPlain} {
		page := sim.Fault{Status: http.StatusNotFound, Body: body}
		created := simtest.MustCreate(t, c, backend.CreateSpec{PolicyID: "policy-linux-servers"})
		id := created.Token.ID
		// Before: the token cannot be read, so it is not sent.
		s.Fleet.Faults.Clear()
		s.Fleet.Faults.Set(get, page)
		rep := c.Delete(ctx, []string{id}, backend.DeleteOptions{Keys: esKeys(t, s)})
		if res := rep.Results[0]; res.OK() || res.Outcome == backend.DeleteNotFound || !strings.Contains(res.Reason, "could not read it") {
			t.Fatalf("%s 404 before: %+v", body, res)
		}
		// After a lost answer, the change not made: failed or unknown, never deleted.
		s.Fleet.Faults.Set(bulk, sim.Fault{Body: sim.BodyHTML})
		rep = c.DeleteTokens(ctx, []backend.Token{created.Token}, backend.DeleteOptions{Keys: esKeys(t, s)})
		if res := rep.Results[0]; res.OK() || res.Outcome != backend.DeleteUnknown {
			t.Fatalf("%s 404 after a lost answer: %+v", body, res)
		}
		if _, ok := held(s, id); !ok {
			t.Fatal("the faults deleted nothing")
		}
		// After a lost answer, the change made: still unknown, not deleted.
		s.Fleet.Faults.Set(bulk, sim.Fault{Commit: true, Body: sim.BodyHTML})
		rep = c.DeleteTokens(ctx, []backend.Token{created.Token}, backend.DeleteOptions{Keys: esKeys(t, s)})
		if res := rep.Results[0]; res.OK() || res.Outcome != backend.DeleteUnknown || !strings.Contains(res.Reason, "tokentui fleet list --all") {
			t.Fatalf("%s 404 after a committed delete: %+v", body, res)
		}
	}
	s.Fleet.Faults.Clear()
}

// A mistyped space (or id) is Kibana's own 404 naming the token: a delete
// says "not found" and fails (as kubectl does); a revoke fails too.
func TestDeleteOfAnIDTheServerLacksFails(t *testing.T) {
	s, clock := newStack(t, 0)
	typo := newClient(t, s, clock, func(cfg *Config) { cfg.Space = "typo" })
	ctx := context.Background()
	a := seededToken(t, s, func(tk sim.FleetToken) bool { return tk.Active && !tk.Hidden })
	rep := typo.Delete(ctx, []string{a.ID}, backend.DeleteOptions{})
	if res := rep.Results[0]; res.OK() || res.Outcome != backend.DeleteNotFound || !strings.Contains(res.Reason, `in space "typo"`) || rep.Failed() != 1 {
		t.Fatalf("%+v", rep)
	}
	err := typo.Revoke(ctx, a.ID)
	if err == nil || !errors.Is(err, backend.ErrNotFound) {
		t.Fatalf("a revoke in the wrong space: %v", err)
	}
	if tk, ok := held(s, a.ID); !ok || !tk.Active {
		t.Fatal("the token must be untouched")
	}
}

// Kibana's force delete removes the record even when invalidating the key
// failed: with Elasticsearch credentials the key is checked, and a key
// still valid is a failure naming it; without them the result says the key
// was not verified.
func TestForceDeleteChecksTheAPIKey(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	mk := func() backend.Token {
		created := simtest.MustCreate(t, c, backend.CreateSpec{PolicyID: "policy-linux-servers"})
		return created.Token
	}
	// Normal: the key is invalidated, the token deleted.
	tk := mk()
	rep := c.Delete(ctx, []string{tk.ID}, backend.DeleteOptions{Keys: esKeys(t, s)})
	if res := rep.Results[0]; res.Outcome != backend.DeleteDeleted {
		t.Fatalf("%+v", res)
	}
	// Without Elasticsearch credentials: removed, not verified.
	tk = mk()
	rep = c.Delete(ctx, []string{tk.ID}, backend.DeleteOptions{})
	if res := rep.Results[0]; res.Outcome != backend.DeleteRemovedUnverified || !strings.Contains(res.Outcome.String(), "not verified") {
		t.Fatalf("%+v", res)
	}
	// The invalidation fails: the record goes, the key stays valid.
	s.Fleet.InvalidationFails = true
	defer func() { s.Fleet.InvalidationFails = false }()
	for _, route := range []string{"bulk", "single"} {
		if route == "single" {
			s.Fleet.Faults.Set("POST /api/fleet/enrollment_api_keys/_bulk_delete", sim.Fault{Status: http.StatusNotFound})
		}
		tk = mk()
		rep = c.Delete(ctx, []string{tk.ID}, backend.DeleteOptions{Keys: esKeys(t, s)})
		res := rep.Results[0]
		if res.OK() || res.Outcome != backend.DeleteFailed || !strings.Contains(res.Reason, "still valid") || !strings.Contains(res.Reason, tk.APIKeyID) {
			t.Fatalf("%s: %+v", route, res)
		}
		if _, ok := held(s, tk.ID); ok {
			t.Fatal("the simulated Kibana removes the record")
		}
		if k, ok := s.ES.Realm.KeyByID(tk.APIKeyID); !ok || k.Invalidated {
			t.Fatal("the simulated key stays valid")
		}
	}
	s.Fleet.Faults.Clear()
}
