package elasticsearch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

func newStack(t *testing.T) (*sim.Stack, *sim.FakeClock) {
	return simtest.NewStack(t, 7, 0)
}

func newClient(t *testing.T, s *sim.Stack, clock *sim.FakeClock, mod func(*Config)) *Client {
	auth := transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}
	return simtest.Client(t, New, Config{Transport: simtest.Reach(s, s.ESURL, auth), Now: clock.Now}, mod)
}

// started is a stack and a client of it, as most tests begin.
func started(t *testing.T) (*sim.Stack, *Client) {
	s, clock := newStack(t)
	return s, newClient(t, s, clock, nil)
}

func caFingerprint(s *sim.Stack) string {
	sum := sha256.Sum256(s.CA.Cert.Raw)
	return hex.EncodeToString(sum[:])
}

func TestCreateMakesAConformingTokenThatEnrolls(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	for _, scope := range []string{"node", "kibana"} {
		created, err := c.Create(ctx, backend.CreateSpec{Scope: scope})
		if err != nil {
			t.Fatalf("%s: %v", scope, err)
		}
		if !created.OnlyOnce || created.Token.Scope != scope || created.Token.Status != backend.Active {
			t.Fatalf("%s: created = %+v", scope, created.Token)
		}
		if want := simtest.Start.Add(30 * time.Minute); !created.Token.Expires.Equal(want) {
			t.Fatalf("expires %s, want %s", created.Token.Expires, want)
		}
		raw := created.Secret.Reveal()
		tok, err := Decode(raw) // every rule of contract §4.6
		if err != nil {
			t.Fatalf("%s: the token breaks the contract: %v", scope, err)
		}
		if tok.Version != s.ES.Version() {
			t.Fatalf("ver = %q, want %q", tok.Version, s.ES.Version())
		}
		if want := strings.TrimPrefix(s.ESURL, "https://"); len(tok.Addresses) != 1 || tok.Addresses[0] != want {
			t.Fatalf("adr = %v, want [%s]", tok.Addresses, want)
		}
		if tok.Fingerprint != caFingerprint(s) {
			t.Fatalf("fgr = %s, want the CA's %s", tok.Fingerprint, caFingerprint(s))
		}
		if !strings.HasPrefix(tok.Key, created.Token.ID+":") {
			t.Fatalf("key does not start with the key id %s", created.Token.ID)
		}
		// The consumer's side: the key enrolls with its scope only.
		if got := enrollStatus(t, s, tok, scope); got != http.StatusOK {
			t.Fatalf("%s token: GET /_security/enroll/%s = %d, want 200", scope, scope, got)
		}
		other := map[string]string{"node": "kibana", "kibana": "node"}[scope]
		if got := enrollStatus(t, s, tok, other); got != http.StatusForbidden {
			t.Fatalf("%s token: GET /_security/enroll/%s = %d, want 403", scope, other, got)
		}
		secret, err := c.Secret(ctx, created.Token.ID)
		if err != nil || secret.Reveal() != raw {
			t.Fatalf("Secret of a token made in this run: %v", err)
		}
		cmd, err := c.EnrollCommand(ctx, created.Token, created.Secret)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"node": "bin/elasticsearch --enrollment-token ", "kibana": "bin/kibana-setup --enrollment-token "}[scope] + raw
		if cmd.Reveal() != want {
			t.Fatalf("enroll command = %q", cmd.Reveal())
		}
	}
}

// enrollStatus calls the enroll API at the token's address as the
// consumer does: pinned to fgr, with the key.
func enrollStatus(t *testing.T, s *sim.Stack, tok EnrollmentToken, scope string) int {
	t.Helper()
	tr, err := transport.New(transport.Config{BaseURL: "https://" + tok.Addresses[0], CAFingerprint: tok.Fingerprint})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "https://"+tok.Addresses[0]+"/_security/enroll/"+scope, nil)
	req.Header.Set("Authorization", tok.APIKeyHeader())
	resp, err := tr.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestCreateRefusesAPIKeyOnlyBeforeSendingAnything(t *testing.T) {
	s, clock := newStack(t)
	s.ES.Faults.Set("* /*", sim.Fault{}) // counts every request
	c := newClient(t, s, clock, func(cfg *Config) { cfg.Transport.Auth = transport.APIKey{Key: "aWQ6c2VjcmV0"} })
	_, err := c.Create(context.Background(), backend.CreateSpec{Scope: "node"})
	var need NeedUserError
	if !errors.As(err, &need) || !strings.Contains(err.Error(), "ELASTICSEARCH_USERNAME") {
		t.Fatalf("want NeedUserError naming what to set, got %v", err)
	}
	if n := s.ES.Faults.Hits("* /*"); n != 0 {
		t.Fatalf("%d requests were sent", n)
	}
}

func TestCreateRejectsBadScope(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, nil)
	_, err := c.Create(context.Background(), backend.CreateSpec{Scope: "admin"})
	var bad *backend.InvalidInputError
	if !errors.As(err, &bad) || !strings.Contains(err.Error(), "[node, kibana]") {
		t.Fatalf("got %v", err)
	}
}

func TestRedClusterIsRefusedUnlessForcedAndLeavesNoKey(t *testing.T) {
	s, c := started(t)
	ctx := context.Background()
	before := simtest.MustList(t, c)
	s.ES.SetHealth("red")
	_, err := c.Create(ctx, backend.CreateSpec{Scope: "node"})
	if !errors.As(err, new(RedClusterError)) {
		t.Fatalf("want RedClusterError, got %v", err)
	}
	after, _ := c.List(ctx)
	if len(after) != len(before) {
		t.Fatalf("a refused create left a key: %d keys, had %d", len(after), len(before))
	}
	if _, err := c.Create(ctx, backend.CreateSpec{Scope: "node", Force: true}); err != nil {
		t.Fatalf("forced create on red: %v", err)
	}
	s.ES.SetHealth("yellow")
	if _, err := c.Create(ctx, backend.CreateSpec{Scope: "kibana"}); err != nil {
		t.Fatalf("yellow must pass: %v", err)
	}
}

func TestListStatusesAndRevoke(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, nil)
	ctx := context.Background()
	created := simtest.MustCreate(t, c, backend.CreateSpec{Scope: "kibana"})
	find := func() backend.Token {
		t.Helper()
		list := simtest.MustList(t, c)
		for _, tok := range list {
			if tok.ID == created.Token.ID {
				return tok
			}
		}
		t.Fatalf("token %s not listed", created.Token.ID)
		return backend.Token{}
	}
	got := find()
	if got.Status != backend.Active || got.Scope != "kibana" || got.Created.IsZero() || !strings.HasPrefix(got.Name, KeyNamePrefix) {
		t.Fatalf("listed %+v", got)
	}
	list, _ := c.List(ctx)
	var sawRevoked, sawNode bool
	for _, tok := range list {
		sawRevoked = sawRevoked || tok.Status == backend.Revoked
		sawNode = sawNode || tok.Scope == "node"
	}
	if !sawRevoked || !sawNode {
		t.Fatal("the demo data has an invalidated key and a node key; the list lost them")
	}
	if err := c.Revoke(ctx, created.Token.ID); err != nil {
		t.Fatal(err)
	}
	if got := find(); got.Status != backend.Revoked || got.Revoked.IsZero() {
		t.Fatalf("after revoke: %+v", got)
	}
	if err := c.Revoke(ctx, created.Token.ID); err != nil {
		t.Fatalf("revoking twice must succeed: %v", err)
	}
	if _, err := c.Secret(ctx, created.Token.ID); !errors.As(err, new(*backend.SecretUnavailableError)) {
		t.Fatalf("a revoked token's secret is dropped from memory; got %v", err)
	}
	if err := c.Revoke(ctx, "no-such-id"); !errors.Is(err, backend.ErrNotFound) {
		t.Fatalf("unknown id: want ErrNotFound, got %v", err)
	}
	second := simtest.MustCreate(t, c, backend.CreateSpec{Scope: "node"})
	clock.Advance(31 * time.Minute)
	for _, tok := range simtest.MustList(t, c) {
		if tok.ID == second.Token.ID && tok.Status != backend.Expired {
			t.Fatalf("after 31 minutes: %s", tok.Status)
		}
	}
}

func TestSecretOfAListedTokenIsUnavailable(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, nil)
	list := simtest.MustList(t, c)
	_, err := c.Secret(context.Background(), list[0].ID)
	var su *backend.SecretUnavailableError
	if !errors.As(err, &su) || !strings.Contains(err.Error(), "only once") {
		t.Fatalf("got %v", err)
	}
}

func TestFingerprintSources(t *testing.T) {
	s, clock := newStack(t)
	fgrOf := func(c *Client) string {
		t.Helper()
		created := simtest.MustCreate(t, c, backend.CreateSpec{Scope: "kibana"})
		tok, err := Decode(created.Secret.Reveal())
		if err != nil {
			t.Fatal(err)
		}
		return tok.Fingerprint
	}
	// From the chain the server presents (no CA file, pinned transport).
	pinned := newClient(t, s, clock, func(cfg *Config) {
		cfg.Transport.CACertPEM = nil
		cfg.Transport.CAFingerprint = strings.ToUpper(caFingerprint(s)[:2]) + ":" + caFingerprint(s)[2:]
	})
	if got := fgrOf(pinned); got != caFingerprint(s) {
		t.Fatalf("from chain: %s", got)
	}
	// Configured fingerprint wins.
	const configured = "ce480d53728605674fcfd8ffb51000d8a33bf32de7c7f1e26b4d428f8a91362d"
	withFgr := newClient(t, s, clock, func(cfg *Config) { cfg.Fingerprint = strings.ToUpper(configured) })
	if got := fgrOf(withFgr); got != configured {
		t.Fatalf("configured: %s", got)
	}
}

func TestCreateNeedsHTTPS(t *testing.T) {
	c, err := New(Config{Transport: transport.Config{BaseURL: "http://127.0.0.1:9", Auth: transport.Basic{Username: "u", Password: "p4ssword"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(context.Background(), backend.CreateSpec{Scope: "node"}); err == nil || !strings.Contains(err.Error(), "HTTPS") {
		t.Fatalf("got %v", err)
	}
}

func TestUnprivilegedUserGets403WithTheReason(t *testing.T) {
	s, clock := newStack(t)
	s.Realm.AddUser(sim.User{Username: "watcher", Password: "watcher-pass", Roles: []string{"monitoring_user"}, Cluster: []string{"monitor"}})
	c := newClient(t, s, clock, func(cfg *Config) { cfg.Transport.Auth = transport.Basic{Username: "watcher", Password: "watcher-pass"} })
	_, err := c.Create(context.Background(), backend.CreateSpec{Scope: "node"})
	wantRefusal(t, err, 403, "is unauthorized for user [watcher]", "watcher-pass")
}

// wantRefusal fails unless err is the server's refusal with status and
// reason, without the password.
func wantRefusal(t *testing.T, err error, status int, reason, password string) {
	t.Helper()
	if !transport.IsStatus(err, status) || !strings.Contains(err.Error(), reason) {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), password) {
		t.Fatal("password in error")
	}
}

func TestOwnKeysUserFallsBackToOwnerList(t *testing.T) {
	s, clock := newStack(t)
	s.Realm.AddUser(sim.User{Username: "ops", Password: "ops-password", Roles: []string{"enroller"},
		Cluster: []string{"manage_own_api_key", "monitor", Actions["node"]}})
	c := newClient(t, s, clock, func(cfg *Config) { cfg.Transport.Auth = transport.Basic{Username: "ops", Password: "ops-password"} })
	created := simtest.MustCreate(t, c, backend.CreateSpec{Scope: "node"})
	list := simtest.MustList(t, c)
	if len(list) != 1 || list[0].ID != created.Token.ID {
		t.Fatalf("want only the user's own key, got %d keys", len(list))
	}
}

func TestWrongPasswordIs401(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, func(cfg *Config) {
		cfg.Transport.Auth = transport.Basic{Username: "elastic", Password: "not-the-password"}
	})
	_, err := c.List(context.Background())
	wantRefusal(t, err, 401, "unable to authenticate user [elastic]", "not-the-password")
}

func TestFailureMatrix(t *testing.T) {
	s, clock := newStack(t)
	simtest.FailureMatrix(t, simtest.Target{
		Faults:      &s.ES.Faults,
		ListRoute:   "GET /_security/api_key",
		CreateRoute: "PUT /_security/api_key",
		RevokeRoute: func(string) string { return "DELETE /_security/api_key" },
		Client: func(mod func(*transport.Config)) backend.Service {
			return newClient(t, s, clock, func(cfg *Config) { mod(&cfg.Transport) })
		},
		Spec:  backend.CreateSpec{Scope: "node"},
		Count: func() int { return len(s.ES.Realm.Keys(func(*sim.APIKey) bool { return true })) },
		Revoked: func(id string) bool {
			k, ok := s.ES.Realm.KeyByID(id)
			return !ok || k.Invalidated
		},
		Login: s.Creds.ESPassword,
	})
}
