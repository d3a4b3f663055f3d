// Package simtest holds what the tests of every system client share, so
// that no client package keeps its own copy: a seeded Stack on a fake
// clock (NewStack), a client built from a configuration (Client, Reach
// for a Stack, Fake.Transport for a scripted server), create-or-fail and
// list-or-fail steps (MustCreate, MustList), a scripted TLS server (Fake),
// the checks of the uncertain outcomes (WantMaybeCreated, WantUnknown,
// WantNotRevoked), a fuzz driver (FuzzService) and the failure matrix.
//
// FailureMatrix runs the same failure matrix against every client: each
// client must turn every way a server can fail, on every verb (list,
// create, revoke), into a clear error; never report a create or a revoke
// that did not happen (nor hide one that may have); never send a create
// twice; keep the caller's deadline; retry GETs (and only GETs) on
// 429/502/503/504; and never show a secret.
package simtest

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

// Target describes one client wired to its simulator.
type Target struct {
	Faults *sim.Faults
	// Routes as the simulator sees them, e.g. "GET /_security/api_key".
	ListRoute, CreateRoute string
	RevokeRoute            func(id string) string
	// ReadBackRoute is the read that settles a revoke whose answer was
	// lost; nil: the list route.
	ReadBackRoute func(id string) string
	// Client makes a client wired to the simulator, its transport
	// changed by mod.
	Client func(mod func(*transport.Config)) backend.Service
	// Spec is a create the simulator accepts.
	Spec backend.CreateSpec
	// Count is how many tokens the simulator holds (creates performed).
	Count func() int
	// Revoked reports whether the simulator holds id as revoked (or gone).
	Revoked func(id string) bool
	// Login is the credential the clients sign in with: neither it nor
	// a created token's secret may appear in any error text.
	Login string
}

// fault is one way a route can fail, as `--fault` names it.
type fault struct {
	name  string
	fault sim.Fault
	// kinds a list must fail with (any of them).
	kinds []transport.Kind
	// unknown: a create facing it cannot know its outcome.
	unknown bool
}

// faults is every fault of the matrix except the status codes.
func faults() []fault {
	past := time.Minute // far past any deadline the matrix sets
	return []fault{
		{"latency", sim.Fault{Latency: past}, []transport.Kind{transport.KindTimeout}, true},
		{"html-200", sim.Fault{Body: sim.BodyHTML}, []transport.Kind{transport.KindMalformed, transport.KindProduct}, true},
		{"malformed", sim.Fault{Body: sim.BodyMalformed}, []transport.Kind{transport.KindMalformed}, true},
		{"truncated", sim.Fault{Body: sim.BodyTruncated}, []transport.Kind{transport.KindReset}, true},
		{"oversize", sim.Fault{Body: sim.BodyOversize}, []transport.Kind{transport.KindTooLarge}, true},
		{"reset", sim.Fault{Body: sim.BodyReset}, []transport.Kind{transport.KindReset}, true},
		{"commit-reset", sim.Fault{Commit: true, Body: sim.BodyReset}, []transport.Kind{transport.KindReset}, true},
		{"commit-latency", sim.Fault{Commit: true, Latency: past}, []transport.Kind{transport.KindTimeout}, true},
	}
}

// Budgets of the matrix's calls: short where a fault makes the call wait
// for its deadline, generous elsewhere (a loaded machine reads 32 MiB
// slowly).
const (
	shortBudget = time.Second
	longBudget  = 15 * time.Second
)

// FailureMatrix runs every case of the matrix.
func FailureMatrix(t *testing.T, tg Target) {
	t.Helper()
	// A 1 MiB cap: the oversize cases stop reading there instead of at the
	// default 32 MiB (5 s each under -race); the cap itself is the
	// transport's, tested there. Retries back off from 1 ms: the matrix
	// counts them, the backoff itself is the transport's test too.
	c := tg.Client(func(tc *transport.Config) { tc.MaxBody, tc.RetryBase = 1<<20, time.Millisecond })
	slow := tg.Client(func(tc *transport.Config) { tc.Timeout = 300 * time.Millisecond })
	dead := tg.Client(func(tc *transport.Config) { tc.BaseURL = ClosedPortURL(t) })
	secrets := []string{tg.Login, MustCreate(t, c, tg.Spec).Secret.Reveal()}
	fresh := func(t *testing.T) string { t.Helper(); return MustCreate(t, c, tg.Spec).Token.ID }
	list := func(ctx context.Context) error { _, err := c.List(ctx); return err }
	createOne := func(ctx context.Context) error { _, err := c.Create(ctx, tg.Spec); return err }
	noSecret := func(t *testing.T, err error) {
		t.Helper()
		for _, s := range secrets {
			if s != "" && strings.Contains(err.Error(), s) {
				t.Fatalf("error text contains a secret: %v", err)
			}
		}
	}
	wantHTTP := func(t *testing.T, err error, status int) *transport.Error {
		t.Helper()
		var te *transport.Error
		if !errors.As(err, &te) {
			t.Fatalf("want a *transport.Error with status %d, got %T: %v", status, err, err)
		}
		if te.Status != status {
			t.Fatalf("status = %d, want %d (%v)", te.Status, status, err)
		}
		noSecret(t, err)
		return te
	}
	wantKind := func(t *testing.T, err error, kinds ...transport.Kind) {
		t.Helper()
		var te *transport.Error
		if !errors.As(err, &te) {
			t.Fatalf("want a *transport.Error of kind %v, got %T: %v", kinds, err, err)
		}
		for _, k := range kinds {
			if te.Kind == k {
				noSecret(t, err)
				return
			}
		}
		t.Fatalf("kind = %s, want %v (%v)", te.Kind, kinds, err)
	}
	wantMaybeCreated := func(t *testing.T, err error) { t.Helper(); WantMaybeCreated(t, c.System(), err) }
	wantUnknown := func(t *testing.T, err error) { t.Helper(); WantUnknown(t, c.System(), err) }
	wantNotRevoked := func(t *testing.T, err error) { t.Helper(); WantNotRevoked(t, err) }
	// call runs one verb within the matrix's deadline and checks the
	// deadline was kept: the call returns no later than one more budget
	// after the context's deadline.
	var budget time.Duration // of the case being run
	attempt := func(t *testing.T, f func(context.Context) error) error {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), budget)
		defer cancel()
		dl, _ := ctx.Deadline()
		err := f(ctx)
		if late := time.Since(dl); late > budget {
			t.Fatalf("the call returned %s after its context's deadline", late.Round(time.Millisecond))
		}
		return err
	}
	call := func(t *testing.T, f func(context.Context) error) error {
		t.Helper()
		err := attempt(t, f)
		if err == nil {
			t.Fatal("no error: a failure was reported as a success")
		}
		noSecret(t, err)
		return err
	}

	// create runs a create under a fault and checks that it was sent once
	// and made at most (commit: exactly) one token.
	create := func(t *testing.T, f sim.Fault) error {
		t.Helper()
		tg.Faults.Clear()
		before := tg.Count()
		tg.Faults.Set(tg.CreateRoute, f)
		err := call(t, createOne)
		if got := tg.Faults.Hits(tg.CreateRoute); got != 1 {
			t.Fatalf("%s was sent %d times, want 1 (a create is never retried)", tg.CreateRoute, got)
		}
		want := before
		if f.Commit {
			want++
		}
		tg.Faults.Clear()
		if got := tg.Count(); got != want {
			t.Fatalf("the server holds %d tokens after the create, want %d", got, want)
		}
		return err
	}
	// revoke runs a revoke of a fresh token under a fault and checks the
	// server's state matches the fault (commit: revoked; else untouched).
	// Only a commit fault may end in success: the revoke happened, and the
	// client's confirming read must have seen it.
	revoke := func(t *testing.T, f sim.Fault) error {
		t.Helper()
		tg.Faults.Clear()
		id := fresh(t)
		route := tg.RevokeRoute(id)
		tg.Faults.Set(route, f)
		err := attempt(t, func(ctx context.Context) error { return c.Revoke(ctx, id) })
		if err == nil && !f.Commit {
			t.Fatal("no error: a failure was reported as a success")
		}
		if err != nil {
			noSecret(t, err)
		}
		if got := tg.Faults.Hits(route); got != 1 {
			t.Fatalf("%s was sent %d times, want 1", route, got)
		}
		tg.Faults.Clear()
		if got := tg.Revoked(id); got != f.Commit {
			t.Fatalf("on the server the token is revoked: %v, want %v", got, f.Commit)
		}
		return err
	}

	budget = longBudget
	for _, status := range []int{401, 403, 404, 409, 500} {
		f := sim.Fault{Status: status}
		check := func(t *testing.T, err error) {
			t.Helper()
			te := wantHTTP(t, err, status)
			if !strings.Contains(err.Error(), itoa(status)) {
				t.Fatalf("error text does not name the status: %v", err)
			}
			if te.Reason == "" && te.Excerpt == "" {
				t.Fatalf("error has no reason from the body: %v", err)
			}
		}
		t.Run("list/"+itoa(status), func(t *testing.T) {
			tg.Faults.Clear()
			tg.Faults.Set(tg.ListRoute, f)
			check(t, call(t, list))
			if got := tg.Faults.Hits(tg.ListRoute); got != 1 {
				t.Fatalf("%s was sent %d times, want 1", tg.ListRoute, got)
			}
		})
		t.Run("create/"+itoa(status), func(t *testing.T) { check(t, create(t, f)) })
		t.Run("revoke/"+itoa(status), func(t *testing.T) { check(t, revoke(t, f)) })
	}

	for _, status := range []int{502, 503, 504} {
		f := sim.Fault{Status: status}
		// A gateway's 502 or 504 may come after the upstream acted.
		gateway := status != 503
		t.Run("list/"+itoa(status)+"-persistent", func(t *testing.T) {
			tg.Faults.Clear()
			tg.Faults.Set(tg.ListRoute, f)
			wantHTTP(t, call(t, list), status)
			if got := tg.Faults.Hits(tg.ListRoute); got != transport.DefaultMaxTries {
				t.Fatalf("%s was sent %d times, want %d", tg.ListRoute, got, transport.DefaultMaxTries)
			}
		})
		t.Run("create/"+itoa(status), func(t *testing.T) {
			err := create(t, f)
			wantHTTP(t, err, status)
			if gateway {
				wantMaybeCreated(t, err)
			}
		})
		t.Run("revoke/"+itoa(status), func(t *testing.T) {
			err := revoke(t, f)
			wantHTTP(t, err, status)
			if gateway { // the confirming read finds the token still active
				wantNotRevoked(t, err)
			}
		})
		t.Run("list/"+itoa(status)+"-then-ok", func(t *testing.T) {
			tg.Faults.Clear()
			tg.Faults.Set(tg.ListRoute, sim.Fault{Status: status, Times: 2})
			if err := list(context.Background()); err != nil {
				t.Fatalf("a GET failing twice then answering must succeed: %v", err)
			}
			if got := tg.Faults.Hits(tg.ListRoute); got != 3 {
				t.Fatalf("sent %d times, want 3", got)
			}
		})
	}

	t.Run("list/429-retry-after", func(t *testing.T) {
		tg.Faults.Clear()
		tg.Faults.Set(tg.ListRoute, sim.Fault{Status: 429, RetryAfter: 1, Times: 1})
		if err := list(context.Background()); err != nil {
			t.Fatalf("a 429 with Retry-After then success must succeed: %v", err)
		}
		if got := tg.Faults.Hits(tg.ListRoute); got != 2 {
			t.Fatalf("sent %d times, want 2", got)
		}
	})
	t.Run("create/429-not-retried", func(t *testing.T) {
		te := wantHTTP(t, create(t, sim.Fault{Status: 429, RetryAfter: 1}), 429)
		if te.RetryAfter != time.Second {
			t.Fatalf("RetryAfter = %s, want 1s", te.RetryAfter)
		}
	})

	htmlCheck := func(t *testing.T, err error) {
		t.Helper()
		te := wantHTTP(t, err, 502)
		if !strings.Contains(te.Excerpt, "502 Bad Gateway") || strings.Contains(err.Error(), "<") {
			t.Fatalf("want a plain-text excerpt of the HTML page, got %v", err)
		}
	}
	html502 := sim.Fault{Status: 502, Body: sim.BodyHTML}
	t.Run("list/html-502", func(t *testing.T) {
		tg.Faults.Clear()
		tg.Faults.Set(tg.ListRoute, html502)
		htmlCheck(t, call(t, list))
	})
	t.Run("create/html-502", func(t *testing.T) { htmlCheck(t, create(t, html502)) })
	t.Run("revoke/html-502", func(t *testing.T) {
		err := revoke(t, html502)
		htmlCheck(t, err)
		wantNotRevoked(t, err)
	})

	for _, fc := range faults() {
		budget = longBudget
		if fc.fault.Latency > 0 {
			budget = shortBudget
		}
		t.Run("list/"+fc.name, func(t *testing.T) {
			tg.Faults.Clear()
			tg.Faults.Set(tg.ListRoute, fc.fault)
			wantKind(t, call(t, list), fc.kinds...)
		})
		t.Run("create/"+fc.name, func(t *testing.T) {
			err := create(t, fc.fault)
			wantKind(t, err, append(fc.kinds, transport.KindConnect)...)
			wantMaybeCreated(t, err)
		})
		// The confirming read settles a lost or unreadable answer to a
		// revoke, unless the deadline has passed (a latency fault): then
		// the outcome stays unknown.
		t.Run("revoke/"+fc.name, func(t *testing.T) {
			err := revoke(t, fc.fault)
			switch {
			case fc.fault.Latency > 0:
				wantKind(t, err, append(fc.kinds, transport.KindConnect)...)
				wantUnknown(t, err)
			case fc.fault.Commit:
				if err != nil {
					t.Fatalf("the server revoked it and a read can confirm it, got %v", err)
				}
			default:
				wantKind(t, err, append(fc.kinds, transport.KindConnect)...)
				wantNotRevoked(t, err)
			}
		})
	}

	// A list answer of {} or null is not "no tokens": the list array is
	// required ([] when empty).
	for _, body := range []sim.Body{sim.BodyEmpty, sim.BodyNull} {
		budget = longBudget
		t.Run("list/"+string(body), func(t *testing.T) {
			tg.Faults.Clear()
			tg.Faults.Set(tg.ListRoute, sim.Fault{Body: body})
			wantKind(t, call(t, list), transport.KindMalformed)
		})
	}

	// A change made, then a 500: a create may have happened; a revoke is
	// settled by its read-back.
	commit500 := sim.Fault{Commit: true, Status: 500}
	t.Run("create/commit-500", func(t *testing.T) { wantMaybeCreated(t, create(t, commit500)) })
	t.Run("revoke/commit-500", func(t *testing.T) {
		if err := revoke(t, commit500); err != nil {
			t.Fatalf("the server revoked it and a read can confirm it, got %v", err)
		}
	})

	// A 404 alone proves nothing: when the revoke's answer is lost and
	// the read-back meets a proxy's HTML or plain 404, the token is not
	// "gone" (whether or not the revoke was made).
	readBack := func(id string) string {
		if tg.ReadBackRoute != nil {
			return tg.ReadBackRoute(id)
		}
		return tg.ListRoute
	}
	for _, rb := range []sim.Fault{{Status: 404, Body: sim.BodyHTML}, {Status: 404, Body: sim.BodyPlain}} {
		for _, commit := range []bool{false, true} {
			name := "revoke/lost-then-" + string(rb.Body) + "-404"
			if commit {
				name += "-after-commit"
			}
			t.Run(name, func(t *testing.T) {
				tg.Faults.Clear()
				id := fresh(t)
				tg.Faults.Set(tg.RevokeRoute(id), sim.Fault{Commit: commit, Body: sim.BodyHTML})
				tg.Faults.Set(readBack(id), rb)
				err := attempt(t, func(ctx context.Context) error { return c.Revoke(ctx, id) })
				tg.Faults.Clear()
				if err == nil {
					t.Fatal("no error: a 404 page was taken for a revoked or missing token")
				}
				noSecret(t, err)
				if errors.Is(err, backend.ErrNotFound) {
					t.Fatalf("a proxy's 404 was taken for the server's not-found: %v", err)
				}
				wantUnknown(t, err)
				if got := tg.Revoked(id); got != commit {
					t.Fatalf("on the server the token is revoked: %v, want %v", got, commit)
				}
			})
		}
	}

	t.Run("list/timeout", func(t *testing.T) {
		tg.Faults.Clear()
		tg.Faults.Set(tg.ListRoute, sim.Fault{Latency: 3 * time.Second})
		_, err := slow.List(context.Background())
		wantKind(t, err, transport.KindTimeout)
		if !strings.Contains(err.Error(), "within") {
			t.Fatalf("a timeout must say so: %v", err)
		}
	})
	t.Run("list/connection-refused", func(t *testing.T) {
		tg.Faults.Clear()
		_, err := dead.List(context.Background())
		wantKind(t, err, transport.KindConnect)
		if !strings.Contains(err.Error(), "refused") {
			t.Fatalf("want 'connection refused' in %v", err)
		}
	})
	tg.Faults.Clear()
}

// ClosedPortURL is an https URL on loopback where nothing listens.
func ClosedPortURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "https://" + addr
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
