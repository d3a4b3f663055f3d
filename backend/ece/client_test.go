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

func newStack(t *testing.T) (*sim.Stack, *sim.FakeClock) {
	return simtest.NewStack(t, 5, 0)
}

func newClient(t *testing.T, s *sim.Stack, clock *sim.FakeClock, mod func(*Config)) *Client {
	auth := transport.APIKey{Key: s.Creds.ECEAPIKey}
	return simtest.Client(t, New, Config{Transport: simtest.Reach(s, s.ECEURL, auth), Region: "ece-region", Now: clock.Now}, mod)
}

// started is a stack and a client of it, as most tests begin.
func started(t *testing.T) (*sim.Stack, *Client) {
	s, clock := newStack(t)
	return s, newClient(t, s, clock, nil)
}

func TestCreatePersistentListRevoke(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	before := simtest.MustList(t, c)
	if len(before) != 3 {
		t.Fatalf("demo data has 3 persistent tokens, listed %d", len(before))
	}
	created := simtest.MustCreate(t, c, backend.CreateSpec{Roles: []string{"allocator", "proxy"}})
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
	created := simtest.MustCreate(t, c, backend.CreateSpec{Roles: []string{"director"}, Validity: 90 * time.Minute})
	tok := created.Token
	if tok.Persistent || !tok.SessionOnly || !tok.Expires.Equal(simtest.Start.Add(90*time.Minute)) {
		t.Fatalf("created %+v", tok)
	}
	issued := s.ECE.Tokens()
	if last := issued[len(issued)-1]; last.Persistent || !last.Expires.Equal(simtest.Start.Add(90*time.Minute)) {
		t.Fatalf("server: %+v (validity_in_seconds must be 5400)", last)
	}
	list, _ := c.List(ctx)
	if list[0].ID != tok.ID || list[0].Status != backend.Active {
		t.Fatalf("the session's ephemeral token is listed first: %+v", list[0])
	}
	err := c.Revoke(ctx, tok.ID)
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
	s, c := started(t)
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
	base := "/api/v1/regions/ece-region/platform/configuration/security/enrollment-tokens"
	simtest.FailureMatrix(t, simtest.Target{
		Faults:      &s.ECE.Faults,
		ListRoute:   "GET " + base,
		CreateRoute: "POST " + base,
		RevokeRoute: func(id string) string { return "DELETE " + base + "/" + id },
		Client: func(mod func(*transport.Config)) backend.Service {
			return newClient(t, s, clock, func(cfg *Config) { mod(&cfg.Transport) })
		},
		Spec:  backend.CreateSpec{Roles: []string{"allocator"}},
		Count: func() int { return len(s.ECE.Tokens()) },
		Revoked: func(id string) bool {
			for _, tok := range s.ECE.Tokens() {
				if tok.ID == id {
					return false
				}
			}
			return true
		},
		Login: s.Creds.ECEAPIKey,
	})
}
