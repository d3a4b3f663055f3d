package simtest

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

// EchoForms are the ways an Echo puts the secrets it learned into a later
// failure: each system's JSON error body (reason, type, code, fields,
// caused_by), an HTML or plain page from a proxy, and a 200 whose body is
// not the JSON the client expects.
var EchoForms = []string{"kibana", "elasticsearch", "ece", "html", "text", "html-200", "json-200"}

// Echo stands in front of a simulator's handler and remembers every
// secret a client learns through it: the credentials it sends (the
// Authorization header, a login's password) and every secret an answer
// carries (api_key, token, encoded, access_api_key), with the decoded
// halves of an encoded "id:key". Once armed it answers with a failure that
// carries all of them, so a test can prove none reaches an error's text.
type Echo struct {
	URL   string
	CAPEM []byte

	mu      sync.Mutex
	next    http.Handler
	learned []string
	form    string
	route   string // "METHOD /path-prefix" the failure answers; "" = every request
}

// NewEcho serves next behind an Echo over TLS until the test ends.
func NewEcho(t testing.TB, next http.Handler) *Echo {
	t.Helper()
	e := &Echo{next: next}
	srv := httptest.NewTLSServer(e)
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	e.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	return e
}

// NewEchoSigned is NewEcho with a certificate from ca (what demo enroll
// requires of the demo's servers); CAPEM is then ca's.
func NewEchoSigned(t testing.TB, next http.Handler, ca *sim.CA) *Echo {
	t.Helper()
	leaf, err := ca.Leaf("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	e := &Echo{next: next, CAPEM: ca.PEM}
	srv := httptest.NewUnstartedServer(e)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	return e
}

// Transport reaches the Echo with auth, fast and without retries.
func (e *Echo) Transport(auth transport.Auth) transport.Config {
	return transport.Config{BaseURL: e.URL, CACertPEM: e.CAPEM, Timeout: 10 * time.Second, Auth: auth, MaxTries: 1}
}

// Arm makes requests matching route ("GET /api/fleet/agent_policies", a
// path prefix; "" for all) fail in form; Arm("", "") disarms.
func (e *Echo) Arm(form, route string) {
	e.mu.Lock()
	e.form, e.route = form, route
	e.mu.Unlock()
}

// Forget drops what was learned (a new client starts knowing nothing:
// another client's secrets are not its to redact).
func (e *Echo) Forget() {
	e.mu.Lock()
	e.learned = nil
	e.mu.Unlock()
}

// Learned is every secret seen so far.
func (e *Echo) Learned() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.learned)
}

// Leaked returns the first learned secret that text holds, or "".
func (e *Echo) Leaked(text string) string {
	for _, s := range e.Learned() {
		if strings.Contains(text, s) {
			return s
		}
	}
	return ""
}

// Add remembers a secret the server could derive without being sent it
// (an Elasticsearch enrollment token is built from what it answered).
func (e *Echo) Add(secret string) { e.learn(secret) }

func (e *Echo) learn(s string) {
	if len(s) < 4 {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !slices.Contains(e.learned, s) {
		e.learned = append(e.learned, s)
	}
	// An encoded key's secret half authenticates with its (public) id.
	if raw, err := base64.StdEncoding.DecodeString(s); err == nil {
		if _, half, ok := strings.Cut(string(raw), ":"); ok && len(half) >= 4 && !slices.Contains(e.learned, half) {
			e.learned = append(e.learned, half)
		}
	}
}

var secretKeys = map[string]bool{"api_key": true, "token": true, "encoded": true, "access_api_key": true, "password": true}

// learnJSON remembers the secret members of a JSON document.
func (e *Echo) learnJSON(body []byte) {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && secretKeys[k] {
					e.learn(s)
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
}

func (e *Echo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if kind, cred, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok {
		e.learn(cred)
		if kind == "Basic" {
			if raw, err := base64.StdEncoding.DecodeString(cred); err == nil {
				_, pw, _ := strings.Cut(string(raw), ":")
				e.learn(pw)
			}
		}
	}
	body, _ := io.ReadAll(r.Body)
	e.learnJSON(body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	e.mu.Lock()
	form, route := e.form, e.route
	e.mu.Unlock()
	if form != "" && (route == "" || strings.HasPrefix(r.Method+" "+r.URL.Path, route)) {
		e.fail(w, form)
		return
	}
	rec := httptest.NewRecorder()
	e.next.ServeHTTP(rec, r)
	e.learnJSON(rec.Body.Bytes())
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// fail answers with every learned secret in the form's places.
func (e *Echo) fail(w http.ResponseWriter, form string) {
	failWith(w, form, strings.Join(e.Learned(), " "))
}

// failWith answers with text in each place the form has for it.
func failWith(w http.ResponseWriter, form, text string) {
	js := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	type m = map[string]any
	switch form {
	case "kibana":
		js(400, m{"statusCode": 400, "error": "Bad " + text, "message": "rejected " + text})
	case "elasticsearch":
		js(400, m{"error": m{"type": "x_exception " + text, "reason": "rejected " + text,
			"root_cause": []m{{"type": "y " + text, "reason": "root " + text}},
			"caused_by":  m{"type": "z " + text, "reason": "cause " + text}}, "status": 400})
	case "ece":
		js(400, m{"errors": []m{{"code": "bad." + text, "message": "rejected " + text, "fields": []string{text}}}})
	case "html": // a proxy's refusal (403: a 502 would be retried, slowly)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(403)
		fmt.Fprintf(w, "<html><head><title>%s</title></head><body><h1>Forbidden</h1><p>%s</p></body></html>", text, text)
	case "text":
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(500)
		fmt.Fprintf(w, "upstream said %s\n", text)
	case "html-200":
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		fmt.Fprintf(w, "<html><body>login %s</body></html>", text)
	case "unavailable": // a cluster still starting (not in EchoForms: it is waited out)
		js(503, m{"error": m{"type": "cluster_block_exception " + text, "reason": "not ready " + text}, "status": 503})
	case "invalidate-200": // an invalidation that failed, in its error_details
		js(200, m{"invalidated_api_keys": []string{}, "previously_invalidated_api_keys": []string{}, "error_count": 1,
			"error_details": []m{{"type": "x_exception " + text, "reason": "rejected " + text}}})
	case "json-200":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		fmt.Fprintf(w, `{"x": "%s"`, text) // cut short: not JSON
	}
}
