package simtest

import (
	"context"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

// Client builds a client with newClient from cfg, changed first by mod
// when it is not nil, and fails the test when the constructor refuses:
// every client package's tests build theirs this way.
func Client[C, T any](t testing.TB, newClient func(C) (T, error), cfg C, mod func(*C)) T {
	t.Helper()
	if mod != nil {
		mod(&cfg)
	}
	c, err := newClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Reach is a client configuration that reaches url, one of s's servers,
// with auth, trusting s's CA.
func Reach(s *sim.Stack, url string, auth transport.Auth) transport.Config {
	return transport.Config{BaseURL: url, CACertPEM: s.CA.PEM, Timeout: 10 * time.Second, Auth: auth}
}

// Now is a clock stopped at Start, for clients that talk to a Fake.
func Now() time.Time { return Start }

// MustCreate creates a token with spec, failing the test when svc cannot.
func MustCreate(t testing.TB, svc backend.Service, spec backend.CreateSpec) backend.Created {
	t.Helper()
	created, err := svc.Create(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	return created
}

// MustList lists svc's tokens, failing the test when it cannot.
func MustList(t testing.TB, svc backend.Service) []backend.Token {
	t.Helper()
	list, err := svc.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return list
}
