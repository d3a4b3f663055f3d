package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// A request the Guard refuses is never sent; its error comes back as it is.
func TestGuardRefusesBeforeSending(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	refused := errors.New("refused by policy")
	c, err := New(Config{BaseURL: srv.URL, Guard: func(method, path string) error {
		if method == "DELETE" && path == "/keys/1" {
			return refused
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(context.Background(), Request{Method: "DELETE", Path: "/keys/1"}); !errors.Is(err, refused) {
		t.Fatalf("got %v", err)
	}
	if hits.Load() != 0 {
		t.Fatal("the refused request reached the server")
	}
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/keys/1"}); err != nil || hits.Load() != 1 {
		t.Fatalf("an allowed request: %v, %d hits", err, hits.Load())
	}
}
