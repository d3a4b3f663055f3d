package transport

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

// Observe sees each exchange's method, path and status; never the query
// (it may hold a secret) nor a registered secret in the path.
func TestObserveRecordsRequestsWithoutSecrets(t *testing.T) {
	const minted = "tok-SECRET-123"
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{}`))
	})
	var mu sync.Mutex
	var seen []backend.Request
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true, Observe: func(r backend.Request) {
		mu.Lock()
		seen = append(seen, r)
		mu.Unlock()
	}})
	c.Redactor().Add(minted)
	_, _ = c.Do(context.Background(), Request{Method: "DELETE", Path: "/tokens/" + minted, Query: url.Values{"api_key": {"q-secret"}}})
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 {
		t.Fatalf("observed %d requests, want 1: %+v", len(seen), seen)
	}
	r := seen[0]
	if r.Method != "DELETE" || r.Status != http.StatusNotFound || !strings.HasPrefix(r.Path, "/tokens/") || r.Start.IsZero() || !r.Mutating() {
		t.Fatalf("observed %+v", r)
	}
	if strings.Contains(r.Path, minted) || strings.Contains(r.Path, "q-secret") {
		t.Fatalf("observed path shows a secret: %q", r.Path)
	}
}

// A change's status reaches its context's StatusSlot; a read's does not.
func TestStatusSlotGetsTheChangesStatus(t *testing.T) {
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" {
			w.Write([]byte(`{}`))
			return
		}
		w.WriteHeader(http.StatusConflict)
		w.Write([]byte(`{}`))
	})
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true})
	ctx, slot := backend.WithStatusSlot(context.Background())
	_, _ = c.Do(ctx, Request{Method: "POST", Path: "/x"})
	_, _ = c.Do(ctx, Request{Method: "GET", Path: "/x"})
	if slot.Status() != http.StatusConflict {
		t.Fatalf("slot %d, want 409", slot.Status())
	}
}
