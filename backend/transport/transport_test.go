package transport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
)

func tlsServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, []byte, string) {
	t.Helper()
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	cert := srv.Certificate()
	sum := sha256.Sum256(cert.Raw)
	return srv, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), hex.EncodeToString(sum[:])
}

func TestTLSModes(t *testing.T) {
	srv, caPEM, fp := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	ctx := context.Background()
	get := func(cfg Config) error {
		cfg.BaseURL = srv.URL
		c, err := New(cfg)
		if err != nil {
			return err
		}
		_, err = c.Do(ctx, Request{Method: "GET", Path: "/"})
		return err
	}
	var te *Error
	if err := get(Config{}); !errors.As(err, &te) || te.Kind != KindTLS || !strings.Contains(err.Error(), "unknown authority") {
		t.Fatalf("untrusted: %v", err)
	}
	if err := get(Config{CACertPEM: caPEM}); err != nil {
		t.Fatalf("CA file: %v", err)
	}
	colons := strings.ToUpper(fp[:2] + ":" + fp[2:4] + ":" + fp[4:])
	if err := get(Config{CAFingerprint: colons}); err != nil {
		t.Fatalf("pinned (colons, upper case): %v", err)
	}
	wrong := strings.Repeat("ab", 32)
	if err := get(Config{CAFingerprint: wrong}); !errors.As(err, &te) || te.Kind != KindTLS || !strings.Contains(err.Error(), "fingerprint") {
		t.Fatalf("wrong pin: %v", err)
	}
	if err := get(Config{Insecure: true}); err != nil {
		t.Fatalf("insecure: %v", err)
	}
	if _, err := New(Config{BaseURL: srv.URL, CAFingerprint: "abc"}); err == nil {
		t.Fatal("a short fingerprint must be refused")
	}
	if _, err := New(Config{BaseURL: srv.URL, CACertPEM: []byte("not pem")}); err == nil {
		t.Fatal("a CA file without a certificate must be refused")
	}
}

func TestNewRefusesBadURLs(t *testing.T) {
	for _, u := range []string{"", "localhost:9200", "ftp://x", "https://", "https://elastic:changeme@host:9200"} {
		_, err := New(Config{BaseURL: u})
		if err == nil {
			t.Fatalf("%q accepted", u)
		}
		if strings.Contains(err.Error(), "changeme") {
			t.Fatalf("password in error: %v", err)
		}
	}
}

func TestAuthHeaders(t *testing.T) {
	var got string
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		w.Write([]byte(`{}`))
	})
	for auth, want := range map[Auth]string{
		Basic{"elastic", "changeme"}: "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==",
		APIKey{"a2V5OnNlY3JldA=="}:   "ApiKey a2V5OnNlY3JldA==",
		Bearer{"tok"}:                "Bearer tok",
	} {
		c, _ := New(Config{BaseURL: srv.URL, Insecure: true, Auth: auth})
		if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/"}); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("Authorization = %q, want %q", got, want)
		}
		if _, err := c.Do(context.Background(), Request{Method: "POST", Path: "/login", NoAuth: true}); err != nil || got != "" {
			t.Fatalf("NoAuth sent %q", got)
		}
	}
}

func TestErrorShapes(t *testing.T) {
	cases := []struct {
		name, ctype, body string
		status            int
		want              []string
	}{
		{"es object", "application/json", `{"error":{"root_cause":[{"type":"security_exception","reason":"r"}],"type":"security_exception","reason":"action [x] is unauthorized"},"status":403}`, 403,
			[]string{"403 Forbidden", "security_exception", "action [x] is unauthorized"}},
		{"es caused_by", "application/json", `{"error":{"type":"x_content_parse_exception","reason":"failed","caused_by":{"type":"json_parse_exception","reason":"bad"}},"status":400}`, 400,
			[]string{"x_content_parse_exception", "caused by json_parse_exception: bad"}},
		{"es simple", "application/json", `{"error":"Content-Type header [text/plain] is not supported","status":406}`, 406,
			[]string{"406 Not Acceptable", "Content-Type header [text/plain] is not supported"}},
		{"kibana boom", "application/json", `{"statusCode":404,"error":"Not Found","message":"EnrollmentAPIKey k1 not found"}`, 404,
			[]string{"404 Not Found: EnrollmentAPIKey k1 not found"}},
		{"ece", "application/json", `{"errors":[{"code":"enrollment_tokens.invalid_token_id","message":"Token not found","fields":["token"]}]}`, 404,
			[]string{"enrollment_tokens.invalid_token_id", "Token not found (token)"}},
		{"html", "text/html", "<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>", 502,
			[]string{"502 Bad Gateway: non-JSON body: 502 Bad Gateway nginx"}},
		{"empty", "", "", 500, []string{"500 Internal Server Error"}},
		{"other json", "application/json", `{"oops":true}`, 500, []string{`non-JSON body: {"oops":true}`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
				if c.ctype != "" {
					w.Header().Set("Content-Type", c.ctype)
				}
				w.WriteHeader(c.status)
				io.WriteString(w, c.body)
			})
			cl, _ := New(Config{BaseURL: srv.URL, Insecure: true})
			_, err := cl.Do(context.Background(), Request{Method: "POST", Path: "/x"})
			var te *Error
			if !errors.As(err, &te) || te.Status != c.status {
				t.Fatalf("got %v", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("%q lacks %q", err.Error(), w)
				}
			}
			if errors.Is(err, backend.ErrNotFound) != (c.status == 404) {
				t.Fatal("errors.Is(ErrNotFound) must follow the server's own not-found")
			}
		})
	}
}

// A misbehaving server or proxy echoes what it was sent: the credentials
// and a token we registered must not come back through an error.
func TestErrorsNeverShowSecrets(t *testing.T) {
	const password, minted = "s3cret-Passw0rd", "eyJ2ZXIiOiI4LjE0LjAifQ=="
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(500)
		fmt.Fprintf(w, `{"error":{"type":"echo","reason":"auth=%s body=%s"},"status":500}`, r.Header.Get("Authorization"), body)
	})
	var trail []string
	var mu sync.Mutex
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true, Auth: Basic{"elastic", password},
		Trail: func(l string) { mu.Lock(); trail = append(trail, l); mu.Unlock() }})
	c.Redactor().Add(minted)
	_, err := c.Do(context.Background(), Request{Method: "POST", Path: "/x", Body: []byte(`"` + password + " " + minted + `"`)})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, leak := range []string{password, minted, "ZWxhc3RpYzpzM2NyZXQtUGFzc3cwcmQ="} {
		if strings.Contains(err.Error(), leak) {
			t.Fatalf("error shows %q: %v", leak, err)
		}
	}
	if !strings.Contains(err.Error(), "[redacted]") {
		t.Fatalf("expected redaction marks: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(trail) != 2 || strings.Contains(strings.Join(trail, "\n"), "Basic") {
		t.Fatalf("trail: %q", trail)
	}
}

func TestSizeCapAndMalformed(t *testing.T) {
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/big":
			w.Write([]byte(`{"x":"` + strings.Repeat("a", 2000) + `"}`))
		case "/html":
			w.Write([]byte("<!doctype html><title>Sign in</title><body>Please log in</body>"))
		default:
			w.Write([]byte(`{"x":`))
		}
	})
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true, MaxBody: 1000})
	var out map[string]any
	var te *Error
	err := c.JSON(context.Background(), Request{Method: "GET", Path: "/big"}, &out)
	if !errors.As(err, &te) || te.Kind != KindTooLarge {
		t.Fatalf("big: %v", err)
	}
	err = c.JSON(context.Background(), Request{Method: "GET", Path: "/bad"}, &out)
	if !errors.As(err, &te) || te.Kind != KindMalformed || !strings.Contains(err.Error(), "malformed JSON") {
		t.Fatalf("malformed: %v", err)
	}
	err = c.JSON(context.Background(), Request{Method: "GET", Path: "/html"}, &out)
	if !errors.As(err, &te) || te.Kind != KindMalformed || !strings.Contains(err.Error(), "HTML page") || !strings.Contains(err.Error(), "Please log in") {
		t.Fatalf("html: %v", err)
	}
}

func TestRetries(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.Method]++
		n := hits[r.Method]
		mu.Unlock()
		if n < 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`{}`))
	})
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true, RetryBase: time.Millisecond})
	if _, err := c.Do(context.Background(), Request{Method: "GET", Path: "/"}); err != nil || hits["GET"] != 3 {
		t.Fatalf("GET: %v after %d tries", err, hits["GET"])
	}
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		if _, err := c.Do(context.Background(), Request{Method: m, Path: "/"}); !IsStatus(err, 429) || hits[m] != 1 {
			t.Fatalf("%s: %v after %d tries", m, err, hits[m])
		}
	}
}

func TestRetryAfterLongerThanTheDeadlineIsNotAwaited(t *testing.T) {
	var hits int
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true, Timeout: 2 * time.Second, RetryCap: time.Minute})
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/"})
	var te *Error
	if !errors.As(err, &te) || te.Status != 503 || te.RetryAfter != 2*time.Minute || hits != 1 {
		t.Fatalf("%v after %d tries", err, hits)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"3": 3 * time.Second, "0": 0, "Mon, 23 Nov 2026 12:00:10 GMT": 10 * time.Second, "Mon, 23 Nov 2026 11:00:00 GMT": 0,
	} {
		got, ok := parseRetryAfter(in, now)
		if !ok || got != want {
			t.Fatalf("%q: %s %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "soon", "-1"} {
		if _, ok := parseRetryAfter(in, now); ok {
			t.Fatalf("%q accepted", in)
		}
	}
}

func TestNormalizeFingerprint(t *testing.T) {
	want := "ce480d53728605674fcfd8ffb51000d8a33bf32de7c7f1e26b4d428f8a91362d"
	for _, in := range []string{want, strings.ToUpper(want), " CE:48:0D:53:72:86:05:67:4F:CF:D8:FF:B5:10:00:D8:A3:3B:F3:2D:E7:C7:F1:E2:6B:4D:42:8F:8A:91:36:2D "} {
		got, err := NormalizeFingerprint(in)
		if err != nil || got != want {
			t.Fatalf("%q: %q %v", in, got, err)
		}
	}
	for _, in := range []string{"", want[:62], want + "00", strings.Replace(want, "c", "g", 1)} {
		if _, err := NormalizeFingerprint(in); err == nil {
			t.Fatalf("%q accepted", in)
		}
	}
}

func TestTimeoutAndRefused(t *testing.T) {
	// The handler answers only when the test ends: had it answered when
	// the client went away, that answer could race the client's own
	// deadline and be read as a success (a flake seen about once in 150).
	block := make(chan struct{})
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { <-block })
	defer close(block)
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true, Timeout: 200 * time.Millisecond})
	_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/"})
	var te *Error
	if !errors.As(err, &te) || te.Kind != KindTimeout || !strings.Contains(err.Error(), "within 200ms") {
		t.Fatalf("timeout: %v", err)
	}
	if te.Hint() == "" {
		t.Fatal("a timeout has a hint")
	}
}

func TestRedactorIsASet(t *testing.T) {
	r := &Redactor{}
	for range 3 { // a Fleet list registers every token it sees, on every refresh
		r.Add("dG9rZW4tMTIzNDU=", "dG9rZW4tNjc4OTA=", "abc")
	}
	if r.count() != 2 {
		t.Fatalf("%d secrets held, want 2 (no repeats, none under 4 bytes)", r.count())
	}
	if got := r.Redact("a dG9rZW4tMTIzNDU= b dG9rZW4tNjc4OTA= abc"); got != "a [redacted] b [redacted] abc" {
		t.Fatalf("%q", got)
	}
}

func TestPlainHTTPNeedsConsent(t *testing.T) {
	var hits int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	ctx := context.Background()
	for _, auth := range []Auth{Basic{"elastic", "changeme"}, APIKey{"a2V5OnNlY3JldA=="}} {
		c, err := New(Config{BaseURL: srv.URL, Auth: auth})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Do(ctx, Request{Method: "GET", Path: "/"})
		var te *Error
		if !errors.Is(err, ErrPlainHTTP) || !errors.As(err, &te) || !strings.Contains(err.Error(), "allow_plain_http") || !strings.Contains(err.Error(), "--allow-plain-http") {
			t.Fatalf("%T over http://: %v, want a refusal naming the opt-in", auth, err)
		}
		if c.PlainHTTP() {
			t.Fatal("PlainHTTP is true without consent")
		}
	}
	// A login call carries its credentials in the body.
	c, _ := New(Config{BaseURL: srv.URL})
	if _, err := c.Do(ctx, Request{Method: "POST", Path: "/login", NoAuth: true, Body: map[string]string{"password": "x"}}); !errors.Is(err, ErrPlainHTTP) {
		t.Fatalf("login over http://: %v", err)
	}
	if hits != 0 {
		t.Fatalf("%d requests reached the server", hits)
	}
	// No credentials at all: nothing to protect.
	if _, err := c.Do(ctx, Request{Method: "GET", Path: "/"}); err != nil {
		t.Fatal(err)
	}
	// With consent the request goes, and the client says so.
	c, _ = New(Config{BaseURL: srv.URL, Auth: Basic{"elastic", "changeme"}, AllowPlainHTTP: true})
	if _, err := c.Do(ctx, Request{Method: "GET", Path: "/"}); err != nil {
		t.Fatal(err)
	}
	if !c.PlainHTTP() {
		t.Fatal("PlainHTTP is false for an allowed http:// client")
	}
}

// An error page's title and heading say the same: the excerpt says it once.
func TestHTMLExcerptSaysRepeatedTextOnce(t *testing.T) {
	cl, _ := New(Config{BaseURL: "https://127.0.0.1:1"})
	page := "<html><head><title>200 OK</title></head><body><center><h1>200 OK</h1></center><hr><center>nginx</center></body></html>\n"
	err := cl.Decode("DELETE", "/x", []byte(page), &struct{}{})
	if err == nil || !strings.HasSuffix(err.Error(), "(a proxy or login page?): 200 OK nginx") {
		t.Fatalf("got %v", err)
	}
}

// Only the server's own JSON "not found" about an object is one: a proxy's
// HTML or plain 404, or a system's answer to an unknown route, proves
// nothing about the object.
func TestOnlyTheServersOwnNotFoundCounts(t *testing.T) {
	cases := []struct {
		name, ctype, body string
		own               bool
	}{
		{"kibana boom", "application/json", `{"statusCode":404,"error":"Not Found","message":"EnrollmentAPIKey k1 not found"}`, true},
		{"kibana route", "application/json", `{"statusCode":404,"error":"Not Found","message":"Not Found"}`, false},
		{"es resource", "application/json", `{"error":{"type":"resource_not_found_exception","reason":"no such key"},"status":404}`, true},
		{"es api_keys", "application/json", `{"api_keys":[]}`, true},
		{"es other", "application/json", `{"error":{"type":"index_not_found_exception","reason":"no such index [.x]"},"status":404}`, false},
		{"ece token", "application/json", `{"errors":[{"code":"enrollment_tokens.invalid_token_id","message":"Token not found"}]}`, true},
		{"ece runner", "application/json", `{"errors":[{"code":"runners.runner_not_found","message":"x"}]}`, true},
		{"ece route", "application/json", `{"errors":[{"code":"root.resource_not_found","message":"The requested resource could not be found"}]}`, false},
		{"html", "text/html", "<html><body><h1>404 Not Found</h1>nginx</body></html>", false},
		{"plain", "text/plain", "404 page not found\n", false},
		{"empty", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
				if c.ctype != "" {
					w.Header().Set("Content-Type", c.ctype)
				}
				w.WriteHeader(404)
				io.WriteString(w, c.body)
			})
			cl, _ := New(Config{BaseURL: srv.URL, Insecure: true})
			_, err := cl.Do(context.Background(), Request{Method: "GET", Path: "/x/k1"})
			if !IsStatus(err, 404) {
				t.Fatalf("got %v", err)
			}
			if got := errors.Is(err, backend.ErrNotFound); got != c.own {
				t.Fatalf("errors.Is(ErrNotFound) = %v, want %v (%v)", got, c.own, err)
			}
		})
	}
	t.Run("naming", func(t *testing.T) {
		e := &Error{Kind: KindHTTP, Status: 404, Reason: "EnrollmentAPIKey k1 not found", ObjectNotFound: true}
		if !NotFoundNaming(e, "k1") || NotFoundNaming(e, "k2") || NotFoundNaming(e, "") {
			t.Fatal("NotFoundNaming must match only the id the answer names")
		}
	})
}

// One error is one line: a server's line breaks in its message are escaped.
func TestServerLineBreaksStayOnOneLine(t *testing.T) {
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		io.WriteString(w, `{"statusCode":400,"error":"Bad Request","message":"line one\nline two\r\nFAKE: Revoked all\u2028x"}`)
	})
	cl, _ := New(Config{BaseURL: srv.URL, Insecure: true})
	_, err := cl.Do(context.Background(), Request{Method: "POST", Path: "/x"})
	if err == nil || strings.ContainsAny(err.Error(), "\r\n\u2028") || !strings.Contains(err.Error(), `line one\nline two\r\nFAKE`) {
		t.Fatalf("%q", err)
	}
}
