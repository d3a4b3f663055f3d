// Package simtest runs the same failure matrix against every client: each
// client must turn every way a server can fail into a clear error, retry
// GETs (and only GETs) on 429/502/503/504, and never show a secret.
package simtest

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

// Target describes one client wired to its simulator.
type Target struct {
	Faults *sim.Faults
	// Routes as the simulator sees them, e.g. "GET /_security/api_key".
	ListRoute, CreateRoute, RevokeRoute string
	List, Create, Revoke                func(ctx context.Context) error
	// SlowList lists with a client whose timeout is short (≈300 ms).
	SlowList func(ctx context.Context) error
	// Unreachable lists with a client pointed at a closed port.
	Unreachable func(ctx context.Context) error
	// Secrets must never appear in any error text.
	Secrets []string
}

// FailureMatrix runs every case of the matrix.
func FailureMatrix(t *testing.T, tg Target) {
	t.Helper()
	ctx := context.Background()
	noSecret := func(t *testing.T, err error) {
		t.Helper()
		for _, s := range tg.Secrets {
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
	calls := []struct {
		name  string
		route string
		call  func(context.Context) error
	}{{"list", tg.ListRoute, tg.List}, {"create", tg.CreateRoute, tg.Create}, {"revoke", tg.RevokeRoute, tg.Revoke}}

	for _, status := range []int{401, 403, 404, 409, 500} {
		for _, c := range calls {
			t.Run(c.name+"/"+itoa(status), func(t *testing.T) {
				tg.Faults.Clear()
				tg.Faults.Set(c.route, sim.Fault{Status: status})
				err := c.call(ctx)
				te := wantHTTP(t, err, status)
				if !strings.Contains(err.Error(), itoa(status)) {
					t.Fatalf("error text does not name the status: %v", err)
				}
				if te.Reason == "" && te.Excerpt == "" {
					t.Fatalf("error has no reason from the body: %v", err)
				}
				if got := tg.Faults.Hits(c.route); got != 1 {
					t.Fatalf("%s was sent %d times, want 1", c.route, got)
				}
			})
		}
	}

	for _, status := range []int{502, 503} {
		for _, c := range calls {
			t.Run(c.name+"/"+itoa(status)+"-persistent", func(t *testing.T) {
				tg.Faults.Clear()
				tg.Faults.Set(c.route, sim.Fault{Status: status})
				err := c.call(ctx)
				wantHTTP(t, err, status)
				want := 1 // POST and DELETE are never retried
				if strings.HasPrefix(c.route, "GET ") {
					want = transport.DefaultMaxTries
				}
				if got := tg.Faults.Hits(c.route); got != want {
					t.Fatalf("%s was sent %d times, want %d", c.route, got, want)
				}
			})
		}
		t.Run("list/"+itoa(status)+"-then-ok", func(t *testing.T) {
			tg.Faults.Clear()
			tg.Faults.Set(tg.ListRoute, sim.Fault{Status: status, Times: 2})
			if err := tg.List(ctx); err != nil {
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
		if err := tg.List(ctx); err != nil {
			t.Fatalf("a 429 with Retry-After then success must succeed: %v", err)
		}
		if got := tg.Faults.Hits(tg.ListRoute); got != 2 {
			t.Fatalf("sent %d times, want 2", got)
		}
	})
	t.Run("create/429-not-retried", func(t *testing.T) {
		tg.Faults.Clear()
		tg.Faults.Set(tg.CreateRoute, sim.Fault{Status: 429, RetryAfter: 1})
		te := wantHTTP(t, tg.Create(ctx), 429)
		if te.RetryAfter != time.Second {
			t.Fatalf("RetryAfter = %s, want 1s", te.RetryAfter)
		}
		if got := tg.Faults.Hits(tg.CreateRoute); got != 1 {
			t.Fatalf("sent %d times, want 1", got)
		}
	})

	for _, c := range calls {
		t.Run(c.name+"/html-502", func(t *testing.T) {
			tg.Faults.Clear()
			tg.Faults.Set(c.route, sim.Fault{Status: 502, Body: sim.BodyHTML})
			err := c.call(ctx)
			te := wantHTTP(t, err, 502)
			if !strings.Contains(te.Excerpt, "502 Bad Gateway") || strings.Contains(err.Error(), "<") {
				t.Fatalf("want a plain-text excerpt of the HTML page, got %v", err)
			}
		})
	}
	bodyCases := []struct {
		name  string
		body  sim.Body
		kinds []transport.Kind
	}{
		{"html-200", sim.BodyHTML, []transport.Kind{transport.KindMalformed, transport.KindProduct}},
		{"malformed", sim.BodyMalformed, []transport.Kind{transport.KindMalformed}},
		{"truncated", sim.BodyTruncated, []transport.Kind{transport.KindReset}},
		{"oversize", sim.BodyOversize, []transport.Kind{transport.KindTooLarge}},
		{"reset", sim.BodyReset, []transport.Kind{transport.KindReset}},
	}
	for _, bc := range bodyCases {
		t.Run("list/"+bc.name, func(t *testing.T) {
			tg.Faults.Clear()
			tg.Faults.Set(tg.ListRoute, sim.Fault{Body: bc.body})
			wantKind(t, tg.List(ctx), bc.kinds...)
		})
	}
	t.Run("create/reset-not-retried", func(t *testing.T) {
		tg.Faults.Clear()
		tg.Faults.Set(tg.CreateRoute, sim.Fault{Body: sim.BodyReset})
		wantKind(t, tg.Create(ctx), transport.KindReset, transport.KindConnect)
		if got := tg.Faults.Hits(tg.CreateRoute); got != 1 {
			t.Fatalf("sent %d times, want 1", got)
		}
	})
	t.Run("list/timeout", func(t *testing.T) {
		tg.Faults.Clear()
		tg.Faults.Set(tg.ListRoute, sim.Fault{Latency: 3 * time.Second})
		err := tg.SlowList(ctx)
		wantKind(t, err, transport.KindTimeout)
		if !strings.Contains(err.Error(), "within") {
			t.Fatalf("a timeout must say so: %v", err)
		}
	})
	t.Run("list/connection-refused", func(t *testing.T) {
		tg.Faults.Clear()
		err := tg.Unreachable(ctx)
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
