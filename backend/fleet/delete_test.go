package fleet

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

func seededToken(t *testing.T, s *sim.Stack, ok func(sim.FleetToken) bool) sim.FleetToken {
	t.Helper()
	for _, tk := range s.Fleet.Tokens() {
		if ok(tk) {
			return tk
		}
	}
	t.Fatal("no such seeded token")
	return sim.FleetToken{}
}

func outcomes(r backend.DeleteReport) map[string]backend.DeleteOutcome {
	m := map[string]backend.DeleteOutcome{}
	for _, res := range r.Results {
		m[res.ID] = res.Outcome
	}
	return m
}

func TestDeleteUsesTheBulkRouteAndVerifiesEachToken(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	active := seededToken(t, s, func(tk sim.FleetToken) bool { return tk.Active && !tk.Hidden })
	revoked := seededToken(t, s, func(tk sim.FleetToken) bool { return !tk.Active && !tk.Hidden })
	hidden := seededToken(t, s, func(tk sim.FleetToken) bool { return tk.Hidden })
	s.Fleet.Faults.Set("POST /api/fleet/enrollment_api_keys/_bulk_delete", sim.Fault{}) // count the calls

	rep := c.Delete(ctx, []string{active.ID, revoked.ID, "no-such-token", hidden.ID, active.ID}, backend.DeleteOptions{Keys: esKeys(t, s)})
	got := outcomes(rep)
	if len(rep.Results) != 4 || got[active.ID] != backend.DeleteDeleted || got[revoked.ID] != backend.DeleteDeleted ||
		got["no-such-token"] != backend.DeleteNotFound || got[hidden.ID] != backend.DeleteSkippedHidden || rep.NoDelete {
		t.Fatalf("%+v", rep)
	}
	if rep.Failed() != 2 || rep.Results[0].ID != active.ID || rep.Results[2].ID != "no-such-token" {
		t.Fatalf("one result per id, in order; only the unknown and the skipped ones are not successes: %+v", rep)
	}
	if n := s.Fleet.Faults.Hits("POST /api/fleet/enrollment_api_keys/_bulk_delete"); n != 1 {
		t.Fatalf("one bulk call for two tokens, %d made", n)
	}
	for _, tk := range s.Fleet.Tokens() {
		if tk.ID == active.ID || tk.ID == revoked.ID {
			t.Fatal("still stored")
		}
	}
	// With includeHidden, the hidden token goes too; asking again is "not
	// found" (a failure, as kubectl): this run did not remove it.
	rep = c.Delete(ctx, []string{hidden.ID, active.ID}, backend.DeleteOptions{IncludeHidden: true, Keys: esKeys(t, s)})
	if got := outcomes(rep); got[hidden.ID] != backend.DeleteDeleted || got[active.ID] != backend.DeleteNotFound {
		t.Fatalf("%+v", rep)
	}
}

func TestDeleteInBatchesOfAThousand(t *testing.T) {
	s, clock := newStack(t, 2100)
	c := newClient(t, s, clock, func(cfg *Config) { cfg.Concurrency = 16 })
	var ids []string
	for _, tk := range s.Fleet.Tokens() {
		if strings.HasPrefix(tk.Name, "bulk-") {
			ids = append(ids, tk.ID)
		}
	}
	s.Fleet.Faults.Set("POST /api/fleet/enrollment_api_keys/_bulk_delete", sim.Fault{})
	rep := c.Delete(context.Background(), ids, backend.DeleteOptions{})
	if rep.Failed() != 0 || len(rep.Results) != 2100 {
		t.Fatalf("%d failed of %d", rep.Failed(), len(rep.Results))
	}
	if n := s.Fleet.Faults.Hits("POST /api/fleet/enrollment_api_keys/_bulk_delete"); n != 3 {
		t.Fatalf("2,100 tokens in batches of 1,000 are 3 calls, not %d", n)
	}
}

// Without the bulk route (an older Kibana, or a proxy that blocks it),
// one DELETE per token; a Kibana before 9.5 only revokes, and says so.
func TestDeleteFallsBackToOneCallPerToken(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	a := seededToken(t, s, func(tk sim.FleetToken) bool { return tk.Active && !tk.Hidden })
	s.Fleet.Faults.Set("POST /api/fleet/enrollment_api_keys/_bulk_delete", sim.Fault{Status: http.StatusNotFound, Times: 1})
	rep := c.Delete(ctx, []string{a.ID}, backend.DeleteOptions{Keys: esKeys(t, s)})
	if got := outcomes(rep); got[a.ID] != backend.DeleteDeleted || rep.NoDelete {
		t.Fatalf("9.5 without the bulk route: %+v", rep)
	}

	s.Fleet.Version = "9.4.0"
	b := seededToken(t, s, func(tk sim.FleetToken) bool { return tk.Active && !tk.Hidden })
	rep = c.Delete(ctx, []string{b.ID}, backend.DeleteOptions{})
	res := rep.Results[0]
	if res.Outcome != backend.DeleteRevokedOnly || !rep.NoDelete || !strings.Contains(res.Reason, "9.5") || res.OK() {
		t.Fatalf("a 9.4 Kibana revokes only: %+v", rep)
	}
	if tk := seededToken(t, s, func(tk sim.FleetToken) bool { return tk.ID == b.ID }); tk.Active {
		t.Fatal("revoked, at least")
	}
}

// The answer alone never makes a token "deleted": only a read-back that
// finds it gone does.
func TestDeleteTrustsOnlyTheReadBack(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	a := seededToken(t, s, func(tk sim.FleetToken) bool { return tk.Active && !tk.Hidden })
	// A bulk answer that is not the contract's (a proxy's page).
	s.Fleet.Faults.Set("POST /api/fleet/enrollment_api_keys/_bulk_delete", sim.Fault{Body: sim.BodyHTML, Times: 1})
	rep := c.Delete(ctx, []string{a.ID}, backend.DeleteOptions{})
	if res := rep.Results[0]; res.Outcome != backend.DeleteFailed || res.Reason == "" {
		t.Fatalf("an HTML 200 deleted nothing: %+v", rep)
	}
	// Unreadable before: not sent.
	s.Fleet.Faults.Set("GET /api/fleet/enrollment_api_keys/*", sim.Fault{Status: http.StatusForbidden})
	rep = c.Delete(ctx, []string{a.ID}, backend.DeleteOptions{})
	if res := rep.Results[0]; res.Outcome != backend.DeleteFailed || !strings.Contains(res.Reason, "could not read it") {
		t.Fatalf("%+v", rep)
	}
	// Deleted, but unreadable after: unknown, with how to check.
	rep = c.DeleteTokens(ctx, []backend.Token{{ID: a.ID}}, backend.DeleteOptions{})
	if res := rep.Results[0]; res.Outcome != backend.DeleteUnknown || !strings.Contains(res.Reason, "tokentui fleet list --all") || res.OK() {
		t.Fatalf("%+v", rep)
	}
	s.Fleet.Faults.Clear()

	// A server that answers "deleted" and keeps the token.
	liar := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			_, _ = w.Write([]byte(`{"action":"deleted","count":1,"successCount":1,"errorCount":0}`))
			return
		}
		_, _ = w.Write([]byte(`{"item":{"id":"t1","api_key_id":"k","api_key":"s","active":true,"created_at":"2026-01-01T00:00:00.000Z"}}`))
	}))
	defer liar.Close()
	lc, err := New(Config{Transport: transport.Config{BaseURL: liar.URL, AllowPlainHTTP: true, Auth: transport.APIKey{Key: "k"}}})
	if err != nil {
		t.Fatal(err)
	}
	rep = lc.Delete(ctx, []string{"t1"}, backend.DeleteOptions{})
	if res := rep.Results[0]; res.Outcome != backend.DeleteFailed || !strings.Contains(res.Reason, "still there, active") {
		t.Fatalf("%+v", rep)
	}
}

func TestDeleteTokensOfAList(t *testing.T) {
	s, clock := newStack(t, 0)
	c := newClient(t, s, clock, nil)
	ctx := context.Background()
	list := simtest.MustList(t, c)
	purge := backend.PurgeCandidates(list, false)
	if len(purge) == 0 {
		t.Fatal("the demo data has revoked or expired tokens")
	}
	for _, tk := range purge {
		if tk.Status == backend.Active || tk.Hidden {
			t.Fatalf("not a purge candidate: %+v", tk)
		}
	}
	rep := c.DeleteTokens(ctx, purge, backend.DeleteOptions{})
	if rep.Failed() != 0 || len(rep.Results) != len(purge) {
		t.Fatalf("%+v", rep)
	}
	after := simtest.MustList(t, c)
	if len(backend.PurgeCandidates(after, false)) != 0 || len(after) != len(list)-len(purge) {
		t.Fatalf("left %d of %d", len(after), len(list))
	}
}

func TestFindPolicyByIDOrExactName(t *testing.T) {
	pols := []Policy{{ID: "p1", Name: "Linux servers"}, {ID: "p2", Name: "Windows"}, {ID: "p3", Name: "Windows"}, {ID: "Linux servers", Name: "odd"}}
	if p, err := FindPolicy(pols, "p2"); err != nil || p.ID != "p2" {
		t.Fatal(p, err)
	}
	if p, err := FindPolicy(pols, "Linux servers"); err != nil || p.ID != "Linux servers" {
		t.Fatalf("an id wins over a name: %v %v", p, err)
	}
	var amb *PolicyAmbiguousError
	if _, err := FindPolicy(pols, "Windows"); !errors.As(err, &amb) || len(amb.Matches) != 2 || !strings.Contains(err.Error(), "p2, p3") {
		t.Fatalf("ambiguous: %v", err)
	}
	var nf *PolicyNotFoundError
	if _, err := FindPolicy(pols, "linux servers"); !errors.As(err, &nf) || !strings.Contains(err.Error(), "tokentui fleet policies") {
		t.Fatalf("exact names only: %v", err)
	}
}

// Whatever the delete call suffers, a token is reported deleted exactly
// when the server no longer holds it.
func TestDeleteOutcomesUnderFaults(t *testing.T) {
	s, clock := newStack(t, 0)
	c := newClient(t, s, clock, func(cfg *Config) { cfg.Transport.Timeout = 300 * time.Millisecond })
	ctx := context.Background()
	bulk := "POST /api/fleet/enrollment_api_keys/_bulk_delete"
	keys := esKeys(t, s)
	for name, f := range map[string]sim.Fault{
		"500":            {Status: http.StatusInternalServerError},
		"502":            {Status: http.StatusBadGateway},
		"403":            {Status: http.StatusForbidden},
		"html-200":       {Body: sim.BodyHTML},
		"malformed":      {Body: sim.BodyMalformed},
		"truncated":      {Body: sim.BodyTruncated},
		"reset":          {Body: sim.BodyReset},
		"latency":        {Latency: time.Minute},
		"commit-reset":   {Commit: true, Body: sim.BodyReset},
		"commit-latency": {Commit: true, Latency: time.Minute},
	} {
		for _, route := range []string{bulk, "DELETE /api/fleet/enrollment_api_keys/*"} {
			s.Fleet.Faults.Clear()
			if route != bulk { // an older route set: one DELETE per token
				s.Fleet.Faults.Set(bulk, sim.Fault{Status: http.StatusNotFound})
			}
			s.Fleet.Faults.Set(route, f)
			created := simtest.MustCreate(t, c, backend.CreateSpec{PolicyID: "policy-linux-servers"})
			rep := c.Delete(ctx, []string{created.Token.ID}, backend.DeleteOptions{Keys: keys})
			held := false
			for _, tk := range s.Fleet.Tokens() {
				held = held || tk.ID == created.Token.ID
			}
			res := rep.Results[0]
			if (res.Outcome == backend.DeleteDeleted) == held || (!res.OK() && res.Reason == "") {
				t.Fatalf("%s on %s: %+v, the server holds it: %v", name, route, res, held)
			}
		}
	}
}
