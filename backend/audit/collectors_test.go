package audit_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/audit"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

// countingFleet counts the collector counts asked, per policy.
type countingFleet struct {
	*fleet.Client
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingFleet) Collectors(ctx context.Context, policyID string) (int, error) {
	c.mu.Lock()
	c.calls[policyID]++
	c.mu.Unlock()
	return c.Client.Collectors(ctx, policyID)
}

// A collector enrolled over OpAMP (as backend/enroll does it)
// puts an otel-collectors finding on every active token of its policy and
// on no other; the count is asked once per policy, not once per token.
func TestGatherCountsCollectorsPerPolicy(t *testing.T) {
	s := stack(t, sim.Options{Seed: 7})
	src := source(t, s, "", false, false)
	fc := &countingFleet{Client: src.Services[0].(*fleet.Client), calls: map[string]int{}}
	src.Services = []backend.Service{fc}
	ctx := context.Background()
	pols, err := fc.Policies(ctx)
	if err != nil || len(pols) < 2 {
		t.Fatalf("policies %v %v", pols, err)
	}
	policy := pols[0].ID
	var secrets []string
	for range 2 {
		created, err := fc.Create(ctx, backend.CreateSpec{PolicyID: policy, Expiration: "30d"})
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, created.Secret.Reveal())
	}
	env := enroll.Env{KibanaURL: s.KibanaURL, KibanaAuth: transport.Basic{Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass},
		CACertPEM: s.CA.PEM, Collector: true}
	if _, err := enroll.Run(ctx, env, secrets[0], func(enroll.Step) {}); err != nil {
		t.Fatalf("collector enroll: %v", err)
	}

	snaps := audit.Gather(ctx, []audit.Source{src}, 1)
	fs := audit.Run(snaps, audit.Options{Now: s.Clock.Now()})
	onPolicy := 0
	for _, tk := range s.Fleet.Tokens() {
		if !tk.Active {
			continue
		}
		f := findToken(fs, audit.RuleCollectors, tk.ID)
		switch {
		case tk.PolicyID == policy && (f == nil || f.Severity != audit.Low || !strings.Contains(f.Message, "1 OpenTelemetry Collector on policy")):
			t.Fatalf("token %s of the collector's policy: %+v", tk.ID, f)
		case tk.PolicyID != policy && f != nil:
			t.Fatalf("token %s of another policy warned: %+v", tk.ID, f)
		}
		if tk.PolicyID == policy {
			onPolicy++
		}
	}
	if onPolicy < 2 {
		t.Fatalf("%d active tokens on the policy", onPolicy)
	}
	for id, n := range fc.calls {
		if n != 1 {
			t.Fatalf("policy %s counted %d times", id, n)
		}
	}
	if fc.calls[policy] != 1 {
		t.Fatalf("the collector's policy not counted: %v", fc.calls)
	}
}

func findToken(fs []audit.Finding, rule, id string) *audit.Finding {
	for i := range fs {
		if fs[i].Rule == rule && fs[i].TokenID == id {
			return &fs[i]
		}
	}
	return nil
}
