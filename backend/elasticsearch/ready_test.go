package elasticsearch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

// notes collects what a client tells the user.
type notes struct {
	mu  sync.Mutex
	all []string
}

func (n *notes) add(s string) { n.mu.Lock(); n.all = append(n.all, s); n.mu.Unlock() }
func (n *notes) text() string { n.mu.Lock(); defer n.mu.Unlock(); return strings.Join(n.all, "\n") }

func enrollmentKeys(s *sim.Stack) int {
	return len(s.Realm.Keys(func(k *sim.APIKey) bool { return strings.HasPrefix(k.Name, KeyNamePrefix) }))
}

func TestCreateWaitsForAStartingCluster(t *testing.T) {
	s, clock := newStack(t)
	var said notes
	c := newClient(t, s, clock, func(cfg *Config) {
		cfg.ReadyPause, cfg.WaitReady, cfg.Notify = 50*time.Millisecond, 10*time.Second, said.add
		cfg.Transport.MaxTries = 1 // the readiness loop alone retries
	})
	before := enrollmentKeys(s)
	// The cluster has no master yet for its first answers.
	s.ES.Faults.Set("GET /_cluster/health", sim.Fault{Status: http.StatusServiceUnavailable, Times: 3})
	if _, err := c.Create(context.Background(), backend.CreateSpec{Scope: "node"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(said.text(), "not ready (starting?)") || strings.Count(said.text(), "\n") != 2 {
		t.Fatalf("three refusals, three notes: %q", said.text())
	}
	if n := enrollmentKeys(s) - before; n != 1 {
		t.Fatalf("one key, whatever the waiting: %d", n)
	}
}

func TestCreateGivesUpOnAClusterThatStaysDown(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, func(cfg *Config) {
		cfg.ReadyPause, cfg.WaitReady = 50*time.Millisecond, 400*time.Millisecond
		cfg.Transport.MaxTries = 1
	})
	before := enrollmentKeys(s)
	s.ES.Faults.Set("GET /_cluster/health", sim.Fault{Status: http.StatusServiceUnavailable})
	_, err := c.Create(context.Background(), backend.CreateSpec{Scope: "kibana"})
	var nr *NotReadyError
	if !errors.As(err, &nr) || !strings.Contains(err.Error(), "Failed to determine the health of the cluster") ||
		!transport.IsStatus(err, http.StatusServiceUnavailable) {
		t.Fatalf("%v", err)
	}
	if s.ES.Faults.Hits("GET /_cluster/health") < 3 {
		t.Fatal("tried again with backoff before giving up")
	}
	if enrollmentKeys(s) != before {
		t.Fatal("no key for a cluster that is not ready")
	}
	// A refusal that is not about readiness is not waited for.
	s.ES.Faults.Set("GET /_cluster/health", sim.Fault{Status: http.StatusForbidden})
	if _, err := c.Create(context.Background(), backend.CreateSpec{Scope: "kibana"}); errors.As(err, &nr) || !transport.IsStatus(err, http.StatusForbidden) {
		t.Fatalf("%v", err)
	}
}

func TestCreateWaitsForANodeNotListeningYet(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there
	var said notes
	c, err := New(Config{Transport: transport.Config{BaseURL: "https://" + addr, Insecure: true, Timeout: time.Second,
		Auth: transport.Basic{Username: "u", Password: "p"}}, ReadyPause: 50 * time.Millisecond, WaitReady: 300 * time.Millisecond, Notify: said.add})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Create(context.Background(), backend.CreateSpec{Scope: "node"})
	var nr *NotReadyError
	if !errors.As(err, &nr) || said.text() == "" {
		t.Fatalf("%v (%q)", err, said.text())
	}
}

func TestCreateRefusesPlainHTTPBeforeSendingAnything(t *testing.T) {
	var hits atomic.Int32
	srv := http.Server{Handler: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) })}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	c, err := New(Config{Transport: transport.Config{BaseURL: "http://" + ln.Addr().String(), AllowPlainHTTP: true,
		Auth: transport.Basic{Username: "u", Password: "p"}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Create(context.Background(), backend.CreateSpec{Scope: "node"})
	if err == nil || !strings.Contains(err.Error(), "HTTPS is off") || !strings.Contains(err.Error(), "would fail later") || hits.Load() != 0 {
		t.Fatalf("%v (%d requests)", err, hits.Load())
	}
	if CheckHTTPS("https://es:9200") != nil || CheckHTTPS("HTTPS://es:9200") != nil {
		t.Fatal("https passes")
	}
}
