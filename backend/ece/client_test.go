package ece

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

var start = simtest.Start

func newStack(t *testing.T) (*sim.Stack, *sim.FakeClock) {
	return simtest.NewStack(t, 5, 0)
}

func newClient(t *testing.T, s *sim.Stack, clock *sim.FakeClock, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Transport: transport.Config{BaseURL: s.ECEURL, CACertPEM: s.CA.PEM, Timeout: 10 * time.Second,
			Auth: transport.APIKey{Key: s.Creds.ECEAPIKey}},
		Region: "ece-region",
		Now:    clock.Now,
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCreatePersistentListRevoke(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, nil)
	ctx := context.Background()
	before, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 3 {
		t.Fatalf("demo data has 3 persistent tokens, listed %d", len(before))
	}
	created, err := c.Create(ctx, backend.CreateSpec{Roles: []string{"allocator", "proxy"}})
	if err != nil {
		t.Fatal(err)
	}
	tok := created.Token
	if !tok.Persistent || tok.ID == "" || !created.OnlyOnce || !strings.HasPrefix(created.Secret.Reveal(), "eyJ") {
		t.Fatalf("created %+v", tok)
	}
	issued := s.ECE.Tokens()
	last := issued[len(issued)-1]
	if last.ID != tok.ID || !last.Persistent || !slices.Equal(last.Roles, []string{"allocator", "proxy"}) || last.Token != created.Secret.Reveal() {
		t.Fatalf("server holds %+v", last)
	}
	after, _ := c.List(ctx)
	if len(after) != 4 {
		t.Fatalf("listed %d", len(after))
	}
	secret, err := c.Secret(ctx, tok.ID)
	if err != nil || secret.Reveal() != created.Secret.Reveal() {
		t.Fatalf("secret from memory: %v", err)
	}
	if _, err := c.Secret(ctx, before[0].ID); !errors.As(err, new(*backend.SecretUnavailableError)) {
		t.Fatalf("a token not made in this run: %v", err)
	}
	if err := c.Revoke(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := c.List(ctx); len(l) != 3 {
		t.Fatalf("a revoked ECE token disappears: %d listed", len(l))
	}
	if err := c.Revoke(ctx, tok.ID); !errors.Is(err, backend.ErrNotFound) || !strings.Contains(err.Error(), "Token not found") {
		t.Fatalf("again: %v", err)
	}
	cmd, _ := c.EnrollCommand(ctx, tok, created.Secret)
	want := "bash elastic-cloud-enterprise.sh install --coordinator-host 127.0.0.1 --roles-token '" + created.Secret.Reveal() + "' --roles allocator,proxy"
	if cmd.Reveal() != want {
		t.Fatalf("enroll command\n got %s\nwant %s", cmd.Reveal(), want)
	}
}

func TestEphemeral(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, func(cfg *Config) { cfg.Region = "" }) // the path without a region
	ctx := context.Background()
	created, err := c.Create(ctx, backend.CreateSpec{Roles: []string{"director"}, Validity: 90 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	tok := created.Token
	if tok.Persistent || !tok.SessionOnly || !tok.Expires.Equal(start.Add(90*time.Minute)) {
		t.Fatalf("created %+v", tok)
	}
	issued := s.ECE.Tokens()
	if last := issued[len(issued)-1]; last.Persistent || !last.Expires.Equal(start.Add(90*time.Minute)) {
		t.Fatalf("server: %+v (validity_in_seconds must be 5400)", last)
	}
	list, _ := c.List(ctx)
	if list[0].ID != tok.ID || list[0].Status != backend.Active {
		t.Fatalf("the session's ephemeral token is listed first: %+v", list[0])
	}
	err = c.Revoke(ctx, tok.ID)
	if !errors.As(err, new(*backend.InvalidInputError)) || !strings.Contains(err.Error(), "cannot revoke ephemeral") {
		t.Fatalf("revoke ephemeral: %v", err)
	}
	clock.Advance(2 * time.Hour)
	list, _ = c.List(ctx)
	if list[0].Status != backend.Expired {
		t.Fatalf("after 2h: %s", list[0].Status)
	}
}

func TestValidation(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, nil)
	s.ECE.Faults.Set("* /*", sim.Fault{})
	cases := map[string]backend.CreateSpec{
		"no role":      {},
		"unknown role": {Roles: []string{"beats-runner"}},
		"twice":        {Roles: []string{"proxy", "proxy"}},
		"negative":     {Roles: []string{"proxy"}, Validity: -time.Second},
		"too long":     {Roles: []string{"proxy"}, Validity: 1000000 * time.Hour},
		"sub-second":   {Roles: []string{"proxy"}, Validity: time.Millisecond},
	}
	for name, spec := range cases {
		_, err := c.Create(context.Background(), spec)
		if !errors.As(err, new(*backend.InvalidInputError)) {
			t.Fatalf("%s: %v", name, err)
		}
		if name == "unknown role" && !strings.Contains(err.Error(), "allocator, coordinator, director, proxy") {
			t.Fatalf("the error names the valid roles: %v", err)
		}
	}
	if n := s.ECE.Faults.Hits("* /*"); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

func TestLoginFlow(t *testing.T) {
	s, clock := newStack(t)
	s.ECE.Faults.Set("POST /api/v1/users/auth/_login", sim.Fault{})
	c := newClient(t, s, clock, func(cfg *Config) {
		cfg.Transport.Auth = nil
		cfg.Username, cfg.Password = s.Creds.ECEUsername, s.Creds.ECEPassword
	})
	ctx := context.Background()
	if _, err := c.List(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.List(ctx); err != nil {
		t.Fatal(err)
	}
	if n := s.ECE.Faults.Hits("POST /api/v1/users/auth/_login"); n != 1 {
		t.Fatalf("logged in %d times for two calls", n)
	}
	clock.Advance(2 * time.Hour) // the session expires: log in again once
	if _, err := c.List(ctx); err != nil {
		t.Fatalf("after the session expired: %v", err)
	}
	if n := s.ECE.Faults.Hits("POST /api/v1/users/auth/_login"); n != 2 {
		t.Fatalf("logins: %d", n)
	}
	bad := newClient(t, s, clock, func(cfg *Config) {
		cfg.Transport.Auth = nil
		cfg.Username, cfg.Password = "admin", "wrong-password"
	})
	_, err := bad.List(ctx)
	if !transport.IsStatus(err, 401) || !strings.Contains(err.Error(), "root.unauthenticated") || strings.Contains(err.Error(), "wrong-password") {
		t.Fatalf("bad login: %v", err)
	}
}

func TestServerSideFailures(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, nil)
	s.ECE.SetCreateFailure(true, false)
	_, err := c.Create(context.Background(), backend.CreateSpec{Roles: []string{"proxy"}})
	if !transport.IsStatus(err, 403) || !strings.Contains(err.Error(), "enrollment_tokens.signing_key_not_found") {
		t.Fatalf("403: %v", err)
	}
	s.ECE.SetCreateFailure(false, true)
	_, err = c.Create(context.Background(), backend.CreateSpec{Roles: []string{"proxy"}})
	if !transport.IsStatus(err, 449) || !strings.Contains(err.Error(), "elevated permissions") {
		t.Fatalf("449: %v", err)
	}
	badKey := newClient(t, s, clock, func(cfg *Config) { cfg.Transport.Auth = transport.APIKey{Key: "not-a-key"} })
	if _, err := badKey.List(context.Background()); !transport.IsStatus(err, 401) {
		t.Fatalf("bad key: %v", err)
	}
}

func TestFailureMatrix(t *testing.T) {
	s, clock := newStack(t)
	// A 1 MiB cap: the oversize cases stop reading there instead of at the
	// default 32 MiB (5 s each under -race); the cap itself is the
	// transport's, tested there.
	// Retries back off from 1 ms: the matrix counts them, the backoff
	// itself is backend/transport's test.
	c := newClient(t, s, clock, func(cfg *Config) { cfg.Transport.MaxBody, cfg.Transport.RetryBase = 1<<20, time.Millisecond })
	slow := newClient(t, s, clock, func(cfg *Config) { cfg.Transport.Timeout = 300 * time.Millisecond })
	dead := newClient(t, s, clock, func(cfg *Config) { cfg.Transport.BaseURL = simtest.ClosedPortURL(t) })
	ctx := context.Background()
	created, err := c.Create(ctx, backend.CreateSpec{Roles: []string{"allocator"}})
	if err != nil {
		t.Fatal(err)
	}
	base := "/api/v1/regions/ece-region/platform/configuration/security/enrollment-tokens"
	simtest.FailureMatrix(t, simtest.Target{
		System:      backend.ECE,
		Faults:      &s.ECE.Faults,
		ListRoute:   "GET " + base,
		CreateRoute: "POST " + base,
		RevokeRoute: func(id string) string { return "DELETE " + base + "/" + id },
		List:        func(ctx context.Context) error { _, err := c.List(ctx); return err },
		Create: func(ctx context.Context) error {
			_, err := c.Create(ctx, backend.CreateSpec{Roles: []string{"proxy"}})
			return err
		},
		Revoke: c.Revoke,
		Fresh: func(t *testing.T) string {
			created, err := c.Create(ctx, backend.CreateSpec{Roles: []string{"allocator"}})
			if err != nil {
				t.Fatal(err)
			}
			return created.Token.ID
		},
		Count: func() int { return len(s.ECE.Tokens()) },
		Revoked: func(id string) bool {
			for _, tok := range s.ECE.Tokens() {
				if tok.ID == id {
					return false
				}
			}
			return true
		},
		SlowList:    func(ctx context.Context) error { _, err := slow.List(ctx); return err },
		Unreachable: func(ctx context.Context) error { _, err := dead.List(ctx); return err },
		Secrets:     []string{s.Creds.ECEAPIKey, created.Secret.Reveal()},
	})
}
