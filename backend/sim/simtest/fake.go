package simtest

import (
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/transport"
)

// Fake is a TLS server whose answers a test scripts: answers no simulator
// gives (a revoke accepted but not carried out, a lying page total) and
// random bodies for fuzzing the clients' decoders.
type Fake struct {
	URL   string
	CAPEM []byte // trust this to reach URL

	mu     sync.Mutex
	handle http.HandlerFunc
	hits   map[string]int
}

// NewFake starts a Fake that answers 404 until Handle is called, and stops
// it when the test ends.
func NewFake(t testing.TB) *Fake {
	t.Helper()
	f := &Fake{hits: map[string]int{}, handle: Reply(http.StatusNotFound, `{}`)}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits[r.Method+" "+r.URL.Path]++
		h := f.handle
		f.mu.Unlock()
		// The Elasticsearch client refuses a 2xx answer without it.
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	f.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	return f
}

// Handle replaces how the Fake answers.
func (f *Fake) Handle(h http.HandlerFunc) {
	f.mu.Lock()
	f.handle = h
	f.mu.Unlock()
}

// Hits is how many requests reached "METHOD /path".
func (f *Fake) Hits(route string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[route]
}

// Requests is how many requests reached the Fake in all.
func (f *Fake) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, h := range f.hits {
		n += h
	}
	return n
}

// Reply answers with a status and a JSON body.
func Reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// Routes answers by "METHOD /path"; anything else gets 404.
func Routes(routes map[string]http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h, ok := routes[r.Method+" "+r.URL.Path]; ok {
			h(w, r)
			return
		}
		Reply(http.StatusNotFound, `{"statusCode":404,"error":"Not Found","message":"no route"}`)(w, r)
	}
}

// Transport is a client configuration that reaches the Fake with auth:
// short timeout, fast retries.
func (f *Fake) Transport(auth transport.Auth) transport.Config {
	return transport.Config{BaseURL: f.URL, CACertPEM: f.CAPEM, Timeout: 5 * time.Second, Auth: auth, RetryBase: time.Millisecond}
}
