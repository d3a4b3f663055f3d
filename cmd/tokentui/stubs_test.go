package main

import (
	"cmp"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tokentui/tokentui/backend/sim"
)

// stubRegistry is the one HTTP fake of this package's tests, after
// cli/cli's httpmock.Registry: a test registers the requests it expects
// (method and path) with their canned answers; a request no stub matches
// is answered 501 and fails the test, and so does a stub no request used.
// Tests that need a server's real behaviour (state, faults, TLS, local
// mode) use the simulators of backend/sim instead.
type stubRegistry struct {
	t         *testing.T
	errorf    func(format string, args ...any) // t.Errorf
	mu        sync.Mutex
	stubs     []*stub
	unmatched []string
}

// stub answers the requests it matches. A path ending in "*" matches
// every path with that prefix; an empty method matches every method.
type stub struct {
	method, path string
	respond      http.HandlerFunc
	used         int
}

// newStubs gives an empty registry that checks, when the test ends, that
// every stub was used and no request went unanswered.
func newStubs(t *testing.T) *stubRegistry {
	r := &stubRegistry{t: t, errorf: t.Errorf}
	t.Cleanup(r.verify)
	return r
}

// register adds a stub; the first registered stub that matches answers.
func (r *stubRegistry) register(method, path string, respond http.HandlerFunc) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stubs = append(r.stubs, &stub{method: method, path: path, respond: respond})
}

func (s *stub) matches(req *http.Request) bool {
	if s.method != "" && s.method != req.Method {
		return false
	}
	if prefix, ok := strings.CutSuffix(s.path, "*"); ok {
		return strings.HasPrefix(req.URL.Path, prefix)
	}
	return req.URL.Path == s.path
}

func (r *stubRegistry) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	var match *stub
	for _, s := range r.stubs {
		if s.matches(req) {
			match = s
			s.used++
			break
		}
	}
	if match == nil {
		r.unmatched = append(r.unmatched, req.Method+" "+req.URL.Path)
	}
	r.mu.Unlock()
	if match == nil {
		http.Error(w, "no stub for "+req.Method+" "+req.URL.Path, http.StatusNotImplemented)
		return
	}
	match.respond(w, req)
}

func (r *stubRegistry) verify() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, u := range r.unmatched {
		r.errorf("no stub for the request %s", u)
	}
	for _, s := range r.stubs {
		if s.used == 0 {
			r.errorf("stub %s %s was never used", cmp.Or(s.method, "*"), s.path)
		}
	}
}

// jsonReply answers status with v as JSON, with the header that tells
// the Elasticsearch client it is talking to Elasticsearch.
func jsonReply(status int, v any) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
}

// stubCA signs the stub servers' certificate: ECDSA, as the simulators'
// (a handshake with httptest's RSA key costs several times more, and the
// hostile tests make hundreds). It is not the demo's CA.
var stubCA = sync.OnceValues(func() (*sim.CA, error) { return sim.NewCA("tokentui test stubs") })

var stubCert = sync.OnceValues(func() (tls.Certificate, error) {
	ca, err := stubCA()
	if err != nil {
		return tls.Certificate{}, err
	}
	return ca.Leaf("localhost")
})

// serveTLS serves the registry over TLS on loopback and gives the
// environment that configures every system (Elasticsearch, Kibana and
// ECE) for it, with the stubs' CA.
func (r *stubRegistry) serveTLS() map[string]string {
	t := r.t
	ca, err := stubCA()
	if err != nil {
		t.Fatal(err)
	}
	cert, err := stubCert()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(r)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, ca.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"HOME": t.TempDir(), "TOKENTUI_CA_CERT": caFile,
		"ELASTICSEARCH_URL": srv.URL, "ELASTICSEARCH_USERNAME": "elastic", "ELASTICSEARCH_PASSWORD": "pw",
		"KIBANA_URL": srv.URL, "KIBANA_USERNAME": "elastic", "KIBANA_PASSWORD": "pw",
		"EC_HOST": srv.URL, "EC_API_KEY": "key"}
}

// The registry fails a test on a request no stub answers and on a stub
// no request used; a matched stub answers, a prefix stub too.
func TestStubRegistryFailsOnUnusedStubsAndUnknownRequests(t *testing.T) {
	var failures []string
	r := &stubRegistry{errorf: func(f string, args ...any) { failures = append(failures, fmt.Sprintf(f, args...)) }}
	r.register("GET", "/used", jsonReply(200, map[string]string{"ok": "yes"}))
	r.register("", "/prefix/*", jsonReply(201, nil))
	r.register("POST", "/never", jsonReply(200, nil))
	srv := httptest.NewServer(r)
	defer srv.Close()
	for _, c := range []struct {
		method, path string
		status       int
	}{{"GET", "/used", 200}, {"DELETE", "/prefix/a/b", 201}, {"GET", "/nosuch", 501}, {"GET", "/never", 501}} {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, resp.StatusCode, c.status)
		}
	}
	r.verify()
	want := []string{"no stub for the request GET /nosuch", "no stub for the request GET /never", "stub POST /never was never used"}
	if !slices.Equal(failures, want) {
		t.Errorf("failures:\n%q\nwant\n%q", failures, want)
	}
}
