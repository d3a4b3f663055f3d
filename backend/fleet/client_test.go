package fleet

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

func newStack(t testing.TB, extra int) (*sim.Stack, *sim.FakeClock) {
	return simtest.NewStack(t, 3, extra)
}

func newClient(t testing.TB, s *sim.Stack, clock *sim.FakeClock, mod func(*Config)) *Client {
	auth := transport.Basic{Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass}
	return simtest.Client(t, New, Config{Transport: simtest.Reach(s, s.KibanaURL, auth), Now: clock.Now}, mod)
}

// started is a stack and a client of it, as most tests begin.
func started(t testing.TB) (*sim.Stack, *Client) {
	s, clock := newStack(t, 0)
	return s, newClient(t, s, clock, nil)
}

func TestListFetchesEveryPageWithPolicyNames(t *testing.T) {
	s, clock := newStack(t, 2500)
	c := newClient(t, s, clock, func(cfg *Config) { cfg.PageSize = 400 })
	list := simtest.MustList(t, c)
	want := s.Fleet.Tokens()
	if len(list) != len(want) {
		t.Fatalf("listed %d tokens, the server has %d", len(list), len(want))
	}
	seen := map[string]bool{}
	var revoked, hidden, expiring int
	for i, tok := range list {
		if seen[tok.ID] {
			t.Fatalf("duplicate %s", tok.ID)
		}
		seen[tok.ID] = true
		if i > 0 && tok.Created.After(list[i-1].Created) {
			t.Fatal("not newest first")
		}
		if tok.PolicyName == "" {
			t.Fatalf("token %s has no policy name", tok.ID)
		}
		if tok.Status == backend.Revoked {
			revoked++
		}
		if tok.Hidden {
			hidden++
		}
		if !tok.Expires.IsZero() {
			expiring++
		}
	}
	if revoked < 250 || hidden != 1 || expiring < 2 {
		t.Fatalf("revoked %d, hidden %d, expiring %d", revoked, hidden, expiring)
	}
	for _, tok := range list {
		if tok.Name == "ci-runners" {
			if tok.PolicyName != "Linux servers" || tok.StoredName != "ci-runners ("+tok.ID+")" {
				t.Fatalf("%+v", tok)
			}
			return
		}
	}
	t.Fatal("ci-runners missing")
}

func TestFilters(t *testing.T) {
	_, c := started(t)
	ctx := context.Background()
	byPolicy, err := c.ListFiltered(ctx, Filter{PolicyID: "policy-windows-desktops"})
	if err != nil {
		t.Fatal(err)
	}
	if len(byPolicy) != 3 {
		t.Fatalf("windows tokens: %d", len(byPolicy))
	}
	active, err := c.ListFiltered(ctx, Filter{Kuery: "name:ci-*", ActiveOnly: true})
	if err != nil || len(active) != 1 || active[0].Name != "ci-runners" {
		t.Fatalf("%v %v", active, err)
	}
	if got := (Filter{Kuery: "a or b", PolicyID: `x"y`, ActiveOnly: true}).Query(); got != `(a or b) and policy_id:"x\"y" and active:true` {
		t.Fatalf("query %s", got)
	}
	_, err = c.ListFiltered(ctx, Filter{Kuery: "name:(("})
	if !transport.IsStatus(err, 400) || !strings.Contains(err.Error(), "Kuery is malformed") {
		t.Fatalf("bad kuery: %v", err)
	}
}

func TestCreateShowRevoke(t *testing.T) {
	s, clock := newStack(t, 0)
	c := newClient(t, s, clock, nil)
	ctx := context.Background()
	if _, err := c.Policies(ctx); err != nil {
		t.Fatal(err)
	}
	created := simtest.MustCreate(t, c, backend.CreateSpec{PolicyID: "policy-linux-servers", Name: "build-farm", Expiration: "2h"})
	tok := created.Token
	if created.OnlyOnce || created.Warning != "" || tok.Name != "build-farm" || tok.PolicyName != "Linux servers" ||
		!tok.Expires.Equal(simtest.Start.Add(2*time.Hour)) || tok.Status != backend.Active {
		t.Fatalf("created %+v (warning %q)", tok, created.Warning)
	}
	secret, err := c.Secret(ctx, tok.ID)
	if err != nil || secret.Reveal() != created.Secret.Reveal() {
		t.Fatalf("secret: %v", err)
	}
	_, err = c.Create(ctx, backend.CreateSpec{PolicyID: "policy-linux-servers", Name: "build-farm"})
	if !transport.IsStatus(err, 409) || !strings.Contains(err.Error(), "An enrollment key named build-farm already exists for agent policy policy-linux-servers") {
		t.Fatalf("duplicate: %v", err)
	}
	if _, err := c.Create(ctx, backend.CreateSpec{PolicyID: "policy-windows-desktops", Name: "build-farm"}); err != nil {
		t.Fatalf("the same name on another policy is allowed: %v", err)
	}
	_, err = c.Create(ctx, backend.CreateSpec{PolicyID: "nope"})
	if !errors.Is(err, backend.ErrNotFound) || !strings.Contains(err.Error(), `Agent policy "nope" not found`) {
		t.Fatalf("unknown policy: %v", err)
	}
	if err := c.Revoke(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.Revoke(ctx, tok.ID); err != nil {
		t.Fatalf("revoking twice must succeed: %v", err)
	}
	list, _ := c.List(ctx)
	for _, x := range list {
		if x.ID == tok.ID && x.Status != backend.Revoked {
			t.Fatalf("after revoke: %s", x.Status)
		}
	}
	if err := c.Revoke(ctx, "no-such-token"); !errors.Is(err, backend.ErrNotFound) {
		t.Fatalf("unknown: %v", err)
	}
	clock.Advance(3 * time.Hour)
	other, _ := c.List(ctx)
	for _, x := range other {
		if x.Name == "contractor" && x.Status != backend.Expired {
			t.Fatalf("contractor after its 24h: %s", x.Status)
		}
	}
}

func TestCreateValidatesBeforeSending(t *testing.T) {
	s, c := started(t)
	s.Fleet.Faults.Set("* /*", sim.Fault{})
	for _, spec := range []backend.CreateSpec{{PolicyID: ""}, {PolicyID: "p", Expiration: "2 days"}, {PolicyID: "p", Expiration: "0d"}, {PolicyID: "p", Expiration: "2026-12-01T00:00:00Z"}} {
		_, err := c.Create(context.Background(), spec)
		if !errors.As(err, new(*backend.InvalidInputError)) {
			t.Fatalf("%+v: %v", spec, err)
		}
	}
	if n := s.Fleet.Faults.Hits("* /*"); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

func TestPoliciesAndEnrollCommand(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	pols, err := c.Policies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var managed, selectable int
	for _, p := range pols {
		if !p.HasAgentCount {
			t.Fatalf("%s has no agent count", p.ID)
		}
		if p.Managed {
			managed++
		}
		if p.Selectable() {
			selectable++
		}
	}
	if managed != 1 || selectable != 3 {
		t.Fatalf("managed %d selectable %d", managed, selectable)
	}
	secret := backend.NewSecret("VG9rZW46c2VjcmV0")
	cmd, err := c.EnrollCommand(ctx, backend.Token{PolicyID: "policy-edge-proxies"}, secret)
	edge := strings.Replace(s.FleetServerURL, "127.0.0.1", "localhost", 1)
	if err != nil || cmd.Reveal() != "sudo ./elastic-agent install --url="+edge+" --enrollment-token=VG9rZW46c2VjcmV0" {
		t.Fatalf("edge: %q %v", cmd.Reveal(), err)
	}
	cmd, err = c.EnrollCommand(ctx, backend.Token{PolicyID: "policy-linux-servers"}, secret)
	if err != nil || !strings.Contains(cmd.Reveal(), "--url="+s.FleetServerURL+" ") {
		t.Fatalf("default host: %q %v", cmd.Reveal(), err)
	}
	if _, err := pickHost(nil, ""); err == nil || !strings.Contains(err.Error(), "Fleet Server host") {
		t.Fatalf("no hosts: %v", err)
	}
}

func TestSpacePrefix(t *testing.T) {
	s, clock := newStack(t, 0)
	c := newClient(t, s, clock, func(cfg *Config) { cfg.Space = "marketing" })
	list, err := c.List(context.Background())
	if err != nil || len(list) != 0 {
		t.Fatalf("another space sees no default-space token: %d, %v", len(list), err)
	}
	_, err = c.Create(context.Background(), backend.CreateSpec{PolicyID: "policy-linux-servers"})
	if !errors.Is(err, backend.ErrNotFound) {
		t.Fatalf("a policy of another space is not found: %v", err)
	}
}

func TestPrivilegesAndCredentials(t *testing.T) {
	s, clock := newStack(t, 0)
	s.Realm.AddUser(sim.User{Username: "viewer", Password: "viewer-password", Kibana: []string{"fleet-setup"}})
	viewer := newClient(t, s, clock, func(cfg *Config) {
		cfg.Transport.Auth = transport.Basic{Username: "viewer", Password: "viewer-password"}
	})
	ctx := context.Background()
	if _, err := viewer.List(ctx); err != nil {
		t.Fatalf("fleet-setup may list: %v", err)
	}
	_, err := viewer.Create(ctx, backend.CreateSpec{PolicyID: "policy-linux-servers"})
	if !transport.IsStatus(err, 403) || !strings.Contains(err.Error(), "fleet-agents-all") {
		t.Fatalf("create without fleet-agents-all: %v", err)
	}
	bad := newClient(t, s, clock, func(cfg *Config) {
		cfg.Transport.Auth = transport.Basic{Username: "elastic", Password: "wrong-password"}
	})
	if _, err := bad.List(ctx); !transport.IsStatus(err, 401) {
		t.Fatalf("wrong password: %v", err)
	}
}

func TestAPIKeyAuthentication(t *testing.T) {
	s, clock := newStack(t, 0)
	key := s.Realm.CreateKey(&sim.User{Username: "elastic", Realm: "default_native", Cluster: []string{"all"}, Kibana: []string{"all"}}, "tokentui", 0, nil, nil)
	c := newClient(t, s, clock, func(cfg *Config) {
		cfg.Transport.Auth = transport.APIKey{Key: encoded(key.ID, key.Secret)}
	})
	if _, err := c.List(context.Background()); err != nil {
		t.Fatalf("ApiKey auth: %v", err)
	}
}

func TestFailureMatrix(t *testing.T) {
	s, clock := newStack(t, 0)
	simtest.FailureMatrix(t, simtest.Target{
		Faults:        &s.Fleet.Faults,
		ListRoute:     "GET /api/fleet/enrollment_api_keys",
		CreateRoute:   "POST /api/fleet/enrollment_api_keys",
		RevokeRoute:   func(id string) string { return "DELETE /api/fleet/enrollment_api_keys/" + id },
		ReadBackRoute: func(id string) string { return "GET /api/fleet/enrollment_api_keys/" + id },
		Client: func(mod func(*transport.Config)) backend.Service {
			return newClient(t, s, clock, func(cfg *Config) { mod(&cfg.Transport) })
		},
		Spec:  backend.CreateSpec{PolicyID: "policy-linux-servers"},
		Count: func() int { return len(s.Fleet.Tokens()) },
		Revoked: func(id string) bool {
			for _, tok := range s.Fleet.Tokens() {
				if tok.ID == id {
					return !tok.Active
				}
			}
			return true
		},
		Login: s.Creds.KibanaPass,
	})
}

func encoded(id, secret string) string {
	return base64.StdEncoding.EncodeToString([]byte(id + ":" + secret))
}

// BenchmarkList10k lists 10,000 Fleet tokens from the simulator over TLS
// on loopback: the goal is ≤ 300 ms an operation.
func BenchmarkList10k(b *testing.B) {
	const demoTokens = 9 // the seeded demo set
	s, clock := newStack(b, 10000-demoTokens)
	c := newClient(b, s, clock, nil)
	ctx := context.Background()
	if list, err := c.List(ctx); err != nil || len(list) != 10000 {
		b.Fatalf("%d tokens, %v", len(list), err)
	}
	for b.Loop() {
		if _, err := c.List(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
