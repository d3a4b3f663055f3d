package fleet

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/transport"
)

// pageServer serves every list page as `pad` bytes of valid JSON (one
// token with a long name, total claiming 50 pages).
func pageServer(t *testing.T, pad int) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, keysPath) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"items":[],"total":0}`)
			return
		}
		page := r.URL.Query().Get("page")
		head := `{"total":50,"items":[{"id":"t` + page + `","api_key_id":"k","api_key":"s","active":true,"name":"`
		tail := `","policy_id":"p","created_at":"2026-01-01T00:00:00.000Z"}]}`
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, head)
		chunk := strings.Repeat("x", 32<<10)
		for left := pad; left > 0; left -= len(chunk) {
			if _, err := fmt.Fprint(w, chunk[:min(left, len(chunk))]); err != nil {
				return // the client stopped reading
			}
		}
		fmt.Fprint(w, tail)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Transport: transport.Config{BaseURL: srv.URL, AllowPlainHTTP: true, Auth: transport.APIKey{Key: "k"}},
		PageSize: 1, Concurrency: 2, MaxListBytes: 400 << 10})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An oversized page is refused while it is read, naming the per-page cap;
// pages that each fit but together exceed the list's cap stop the list,
// naming that cap.
func TestListBytesAreCappedWhileReading(t *testing.T) {
	c := pageServer(t, 8<<20) // 8 MiB pages; a page of 1 token may take 68 KiB
	_, err := c.List(context.Background())
	var te *transport.Error
	if !errors.As(err, &te) || te.Kind != transport.KindTooLarge || !strings.Contains(err.Error(), "per-page cap") {
		t.Fatalf("want a too-large error naming the per-page cap, got %v", err)
	}

	c = pageServer(t, 60<<10) // 60 KiB pages fit one by one; 400 KiB in all do not
	_, err = c.List(context.Background())
	if !errors.As(err, &te) || te.Kind != transport.KindTooLarge || !strings.Contains(err.Error(), "whole token list") {
		t.Fatalf("want a too-large error naming the list's cap, got %v", err)
	}
}

// A listed token's api_key is registered with the redactor as it is read:
// a server that echoes it in a later error does not show it.
func TestAListedKeyNeverComesBackInAnError(t *testing.T) {
	const key = "bGlzdGVkLWtleS1zZWNyZXQ6ZWNobw=="
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, keysPath) {
			fmt.Fprint(w, `{"total":1,"page":1,"perPage":1000,"items":[{"id":"t1","api_key_id":"k","api_key":"`+key+`","active":true,"name":"n","policy_id":"p","created_at":"2026-01-01T00:00:00.000Z"}]}`)
			return
		}
		if r.Method == http.MethodGet {
			fmt.Fprint(w, `{"items":[],"total":0}`)
			return
		}
		w.WriteHeader(400)
		fmt.Fprint(w, `{"statusCode":400,"error":"Bad Request","message":"echo `+key+`"}`)
	}))
	defer srv.Close()
	c, err := New(Config{Transport: transport.Config{BaseURL: srv.URL, AllowPlainHTTP: true, Auth: transport.APIKey{Key: "k"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	err = c.Revoke(context.Background(), "t1")
	if err == nil || strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("%v", err)
	}
}
