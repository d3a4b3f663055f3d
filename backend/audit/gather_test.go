package audit_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/audit"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

func stack(t *testing.T, opts sim.Options) *sim.Stack {
	t.Helper()
	opts.Clock = sim.NewFakeClock(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	s, err := sim.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func source(t *testing.T, s *sim.Stack, profile string, withES, allSpaces bool) audit.Source {
	t.Helper()
	tc := func(url string) transport.Config {
		return transport.Config{BaseURL: url, CACertPEM: s.CA.PEM, Timeout: 10 * time.Second,
			Auth: transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}}
	}
	fc, err := fleet.New(fleet.Config{Transport: tc(s.KibanaURL), Now: s.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	src := audit.Source{Profile: profile, Services: []backend.Service{fc}}
	if allSpaces {
		src.Spaces = fc.Spaces
		src.InSpace = func(sp string) backend.Service { return fc.InSpace(sp) }
	}
	if withES {
		es, err := elasticsearch.New(elasticsearch.Config{Transport: tc(s.ESURL), Now: s.Clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		src.Keys, src.Usage = es, es
	}
	return src
}

func named(fs []audit.Finding, rule, name string) *audit.Finding {
	for i := range fs {
		if fs[i].Rule == rule && (fs[i].TokenName == name || fs[i].Policy == name) {
			return &fs[i]
		}
	}
	return nil
}

// The demo's hygiene cases are found through the real clients: drift from
// Elasticsearch's query API, a policy only another space sees is not
// called deleted, and usage comes from Fleet Server's logs.
func TestGatherFindsTheDemoCases(t *testing.T) {
	s := stack(t, sim.Options{Seed: 3, Hygiene: true})
	bare := stack(t, sim.Options{Seed: 4, Hygiene: true, NoFleetServerLogs: true})
	ctx := context.Background()
	snaps := audit.Gather(ctx, []audit.Source{source(t, s, "a", true, true), source(t, bare, "b", false, false)}, 2)
	now := s.Clock.Now()
	fs := audit.Run(snaps, audit.Options{Now: now, UnusedFor: 30 * 24 * time.Hour})

	if f := named(fs, audit.RuleDrift, "legacy-vpn"); f == nil || f.Profile != "a" || f.Space != "default" {
		t.Fatalf("drift not found in a: %+v", f)
	}
	if named(fs, audit.RuleDeletedPolicy, "policy-old-kiosks") == nil {
		t.Fatal("tokens of the deleted policy not found")
	}
	if f := named(fs, audit.RuleNeverExpires, "Default"); f == nil {
		t.Fatal("Default tokens not found")
	}
	if named(fs, audit.RuleSeveralActive, "Linux servers") == nil {
		t.Fatal("several active not found")
	}
	for _, f := range fs {
		if f.Rule == audit.RuleDeletedPolicy && f.Policy == "Ops bastions" {
			t.Fatalf("a policy of another space called deleted: %+v", f)
		}
	}
	if f := named(fs, audit.RuleNeverExpires, "Ops bastions"); f == nil || f.Space != "ops" {
		t.Fatalf("the ops space's token: %+v", f)
	}
	// Profile a has the logs: ci-runners enrolled 2 days ago, so it is not
	// unused; legacy-vpn enrolled nothing.
	if named(fs, audit.RuleUnused, "ci-runners") != nil || named(fs, audit.RuleUnused, "legacy-vpn") == nil {
		t.Fatal("usage from Fleet Server's logs not applied")
	}
	// Profile b: no Elasticsearch: drift and usage are said unknown.
	var unchecked, unknown bool
	for _, f := range fs {
		if f.Profile == "b" {
			unchecked = unchecked || f.Rule == audit.RuleDriftUnchecked
			unknown = unknown || f.Rule == audit.RuleUsageUnknown
			if f.Rule == audit.RuleDrift || f.Rule == audit.RuleUnused {
				t.Fatalf("b has no Elasticsearch, yet: %+v", f)
			}
		}
	}
	if !unchecked || !unknown {
		t.Fatal("b's unknowns not said")
	}
}

// The usage query tells collected logs from none, and counts an agent
// that enrolls.
func TestEnrollUsageFromFleetServerLogs(t *testing.T) {
	s := stack(t, sim.Options{Seed: 5})
	src := source(t, s, "", true, false)
	ctx := context.Background()
	toks := s.Fleet.Tokens()
	key := toks[0].APIKeyID
	rep, err := src.Usage.EnrollUsage(ctx, []string{key})
	if err != nil || rep.Collected {
		t.Fatalf("no log written yet, so none collected: %+v %v", rep, err)
	}
	s.ES.IndexEnrollLog(sim.EnrollLog{Timestamp: s.Clock.Now().Add(-time.Hour), APIKeyID: key, AgentID: "a1"})
	s.ES.IndexEnrollLog(sim.EnrollLog{Timestamp: s.Clock.Now(), APIKeyID: key, AgentID: "a2"})
	s.ES.IndexEnrollLog(sim.EnrollLog{Timestamp: s.Clock.Now(), APIKeyID: "other", AgentID: "a3"})
	rep, err = src.Usage.EnrollUsage(ctx, []string{key, "unused"})
	if err != nil || !rep.Collected {
		t.Fatalf("%+v %v", rep, err)
	}
	u := rep.Of(key)
	if u.Enrollments != 2 || u.Agents != 2 || !u.Last.Equal(s.Clock.Now().Truncate(time.Millisecond)) {
		t.Fatalf("usage %+v", u)
	}
	if rep.Of("unused").Enrollments != 0 || !strings.Contains(rep.Of("unused").Describe(rep), "no enrollment") {
		t.Fatal("a key with no line")
	}
	if _, ok := rep.ByKey["other"]; ok {
		t.Fatal("a key not asked for is reported")
	}
}

// The batch key read finds invalidated and missing keys.
func TestAPIKeyStatesInBatches(t *testing.T) {
	s := stack(t, sim.Options{Seed: 6, FleetTokens: 2500})
	src := source(t, s, "", true, false)
	var ids []string
	for _, tk := range s.Fleet.Tokens() {
		ids = append(ids, tk.APIKeyID)
	}
	ids = append(ids, "no-such-key")
	states, err := src.Keys.APIKeyStates(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != len(ids)-1 {
		t.Fatalf("%d states for %d keys", len(states), len(ids)-1)
	}
	if _, ok := states["no-such-key"]; ok {
		t.Fatal("a missing key reported found")
	}
	invalid := slices.ContainsFunc(s.Fleet.Tokens(), func(tk sim.FleetToken) bool { return !tk.Active && states[tk.APIKeyID].Invalidated })
	if !invalid {
		t.Fatal("revoked tokens' keys not invalidated")
	}
}
