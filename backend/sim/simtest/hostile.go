package simtest

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// HostileKeys are the JSON members whose text the server chooses and a
// client shows: names, ids, versions, URLs, roles, descriptions, owners,
// realms, hostnames, reasons and messages, and the secrets themselves.
// Dates and numbers are left alone (a client rightly refuses them bad),
// and so are the answers to creates (a client checks them against what it
// sent): only reads (GET) are spoiled.
var HostileKeys = map[string]bool{
	"name": true, "id": true, "token_id": true, "api_key_id": true, "policy_id": true, "description": true,
	"namespace": true, "username": true, "full_name": true, "realm": true, "cluster_name": true, "number": true,
	"host_urls": true, "roles": true, "reason": true, "message": true, "hostname": true, "api_key": true,
	"token": true, "version": true,
}

// Hostile stands in front of a simulator's handler and appends Bad to
// every HostileKeys member of its JSON answers to reads; after Fail it answers
// with Bad in a failure's places instead (the forms of EchoForms).
type Hostile struct {
	URL   string
	CAPEM []byte
	Bad   string

	mu          sync.Mutex
	next        http.Handler
	form, route string
	left        int // failures left when counted
	creates     bool
}

// SpoilCreates spoils the answers to creates too (a client that checks
// them refuses them; one that shows them must escape them).
func (h *Hostile) SpoilCreates(on bool) {
	h.mu.Lock()
	h.creates = on
	h.mu.Unlock()
}

// NewHostile serves next behind a Hostile over TLS until the test ends.
func NewHostile(t testing.TB, next http.Handler, bad string) *Hostile {
	t.Helper()
	h := &Hostile{next: next, Bad: bad}
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	h.URL = srv.URL
	h.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	return h
}

// Fail makes requests matching route ("METHOD /path-prefix"; "" for all)
// fail in form; Fail("", "") ends it.
func (h *Hostile) Fail(form, route string) { h.FailFor(form, route, 0) }

// FailFor is Fail for the next n matching requests only (0: all).
func (h *Hostile) FailFor(form, route string, n int) {
	h.mu.Lock()
	h.form, h.route, h.left = form, route, n
	h.mu.Unlock()
}

func (h *Hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	fail := h.form != "" && (h.route == "" || strings.HasPrefix(r.Method+" "+r.URL.Path, h.route))
	form := h.form
	if fail && h.left > 0 {
		if h.left--; h.left == 0 {
			h.form = ""
		}
	}
	h.mu.Unlock()
	if fail {
		failWith(w, form, h.Bad)
		return
	}
	rec := httptest.NewRecorder()
	h.next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	h.mu.Lock()
	spoil := r.Method == http.MethodGet || h.creates
	h.mu.Unlock()
	if spoil && dec.Decode(&v) == nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if enc.Encode(h.spoil(v, false)) == nil {
			body = buf.Bytes()
		}
	}
	for k, vs := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = vs
		}
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// spoil appends Bad to the strings under HostileKeys.
func (h *Hostile) spoil(v any, hostile bool) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = h.spoil(x, HostileKeys[k])
		}
	case []any:
		for i, x := range v {
			v[i] = h.spoil(x, hostile)
		}
	case string:
		if hostile {
			return v + h.Bad
		}
	}
	return v
}
