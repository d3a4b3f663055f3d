// Package transport is tokentui's one HTTP layer: TLS (extra CA, CA
// fingerprint pinning, insecure on request), authentication, per-call
// timeouts, retries of idempotent GETs only, a cap on response bodies,
// decoding of every system's error body into one error type, and redaction
// of secrets from everything it reports.
package transport

import (
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tokentui/tokentui/backend"
)

// Defaults.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMaxBody  = 32 << 20 // 32 MiB
	DefaultMaxTries = 3
)

// Auth is one way of proving who we are.
type Auth interface {
	header() string // the Authorization header value
	secrets() []string
}

// Basic is username/password authentication.
type Basic struct{ Username, Password string }

// APIKey sends "Authorization: ApiKey <Key>". Key is sent as given:
// Elasticsearch and Kibana expect base64(id:api_key) (the "encoded" value),
// ECE its own key as issued.
type APIKey struct{ Key string }

// Bearer sends "Authorization: Bearer <Token>".
type Bearer struct{ Token string }

func (b Basic) header() string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(b.Username+":"+b.Password))
}
func (b Basic) secrets() []string {
	return []string{b.Password, base64.StdEncoding.EncodeToString([]byte(b.Username + ":" + b.Password))}
}
func (k APIKey) header() string    { return "ApiKey " + k.Key }
func (k APIKey) secrets() []string { return []string{k.Key} }
func (b Bearer) header() string    { return "Bearer " + b.Token }
func (b Bearer) secrets() []string { return []string{b.Token} }

// Config says how to reach one system.
type Config struct {
	BaseURL       string // scheme://host[:port][/path]; userinfo is refused
	Auth          Auth   // nil: no Authorization header
	CACertPEM     []byte // the CAs to trust instead of the system roots
	CAFingerprint string // SHA-256 of a certificate in the server's chain; hex, colons and case ignored
	Insecure      bool   // skip certificate verification entirely
	// AllowPlainHTTP lets credentials travel over an http:// URL; without
	// it such a request is refused before anything is sent (ErrPlainHTTP).
	AllowPlainHTTP bool
	Timeout        time.Duration
	MaxBody        int64
	MaxTries       int           // for GETs; POST, PUT and DELETE are never retried
	RetryBase      time.Duration // first backoff; doubles, capped at RetryCap
	RetryCap       time.Duration
	Header         http.Header // sent on every request (kbn-xsrf, Elastic-Api-Version, …)
	UserAgent      string
	// Trail, when set, gets one line per request and response (method,
	// URL without credentials, status, duration): never a header or body.
	Trail func(line string)
	// Guard, when set, may refuse a request before anything is sent (a
	// command policy); its error is returned as it is.
	Guard func(method, path string) error
	// Observe, when set, gets every exchange (the UI's request log, the
	// audit trail's server status): the path redacted, never a query.
	Observe func(backend.Request)
}

// Client is a configured connection to one system.
type Client struct {
	cfg      Config
	base     *url.URL
	http     *http.Client
	redactor *Redactor

	mu        sync.Mutex
	auth      Auth
	peerChain []*x509.Certificate // of the most recent TLS response
}

// New checks cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(strings.TrimSpace(cfg.BaseURL))
	if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("invalid URL %q: want http:// or https:// followed by a host", redactURL(cfg.BaseURL))
	}
	if base.User != nil {
		return nil, fmt.Errorf("invalid URL %q: put credentials in the username/password settings, not in the URL", redactURL(cfg.BaseURL))
	}
	base.Path = strings.TrimRight(base.Path, "/")
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxTries <= 0 {
		cfg.MaxTries = DefaultMaxTries
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = 250 * time.Millisecond
	}
	if cfg.RetryCap <= 0 {
		cfg.RetryCap = 4 * time.Second
	}
	c := &Client{cfg: cfg, base: base, redactor: &Redactor{}, auth: cfg.Auth}
	if cfg.Auth != nil {
		c.redactor.Add(cfg.Auth.secrets()...)
	}
	tlsConf, err := buildTLS(cfg)
	if err != nil {
		return nil, err
	}
	inner := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		TLSClientConfig:       tlsConf,
		MaxIdleConnsPerHost:   8,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}
	c.http = &http.Client{
		Transport: &roundTripper{c: c, inner: inner},
		// A redirect would resend credentials to wherever it points.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// ErrPlainHTTP refuses to send credentials in clear text.
var ErrPlainHTTP = errors.New("refusing to send credentials over plain HTTP")

// PlainHTTP reports that this client sends credentials in clear text
// (an http:// URL the user allowed): the UI shows it as a badge.
func (c *Client) PlainHTTP() bool { return c.base.Scheme == "http" && c.cfg.AllowPlainHTTP }

// BaseURL is the configured base URL.
func (c *Client) BaseURL() *url.URL { u := *c.base; return &u }

// HTTPClient is the configured client; its transport adds auth, headers,
// retries and the trail.
func (c *Client) HTTPClient() *http.Client { return c.http }

// Redactor is the set of secrets this client knows; callers add the
// secrets they receive (a minted API key) so later errors cannot show them.
func (c *Client) Redactor() *Redactor { return c.redactor }

// AuthKind names the configured authentication: "basic", "apikey",
// "bearer" or "" for none.
func (c *Client) AuthKind() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch c.auth.(type) {
	case Basic:
		return "basic"
	case APIKey:
		return "apikey"
	case Bearer:
		return "bearer"
	}
	return ""
}

// SetAuth replaces the credentials (ECE: after logging in).
func (c *Client) SetAuth(a Auth) {
	c.mu.Lock()
	c.auth = a
	c.mu.Unlock()
	if a != nil {
		c.redactor.Add(a.secrets()...)
	}
}

// PeerChain is the certificate chain the server presented on the most
// recent TLS response, leaf first.
func (c *Client) PeerChain() []*x509.Certificate {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.peerChain
}

type roundTripper struct {
	c     *Client
	inner http.RoundTripper
}

// RoundTrip adds headers and credentials, retries idempotent GETs on 429,
// 502, 503 and 504, and records the TLS chain and the trail.
func (rt *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	c := rt.c
	req = req.Clone(req.Context())
	for k, vs := range c.cfg.Header {
		if req.Header.Get(k) == "" {
			req.Header[k] = vs
		}
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	c.mu.Lock()
	auth := c.auth
	c.mu.Unlock()
	noAuth, _ := req.Context().Value(noAuthKey{}).(bool)
	if noAuth {
		auth = nil
	}
	// A NoAuth request is a login: its body holds the credentials.
	if req.URL.Scheme == "http" && (auth != nil || noAuth) && !c.cfg.AllowPlainHTTP {
		return nil, ErrPlainHTTP
	}
	if auth != nil && req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", auth.header())
	}
	tries := 1
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		tries = c.cfg.MaxTries
	}
	for attempt := 1; ; attempt++ {
		start := time.Now()
		c.trail("→ %s %s", req.Method, redactURL(req.URL.String()))
		resp, err := rt.inner.RoundTrip(req)
		if err != nil {
			c.trail("← %s %s failed after %s", req.Method, req.URL.Path, time.Since(start).Round(time.Millisecond))
			c.observe(req, 0, start)
			return nil, err
		}
		c.trail("← %d %s %s %s", resp.StatusCode, req.Method, req.URL.Path, time.Since(start).Round(time.Millisecond))
		c.observe(req, resp.StatusCode, start)
		if resp.TLS != nil {
			c.mu.Lock()
			c.peerChain = resp.TLS.PeerCertificates
			c.mu.Unlock()
		}
		if attempt >= tries || !retryable(resp.StatusCode) {
			return resp, nil
		}
		wait := c.backoff(attempt, resp)
		if dl, ok := req.Context().Deadline(); ok && time.Until(dl) < wait {
			return resp, nil // no time to wait: report this answer
		}
		resp.Body.Close()
		c.trail("  retrying %s %s in %s (try %d of %d)", req.Method, req.URL.Path, wait.Round(time.Millisecond), attempt+1, tries)
		select {
		case <-req.Context().Done():
			return nil, req.Context().Err()
		case <-time.After(wait):
		}
	}
}

func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff honours Retry-After (seconds or an HTTP date), else doubles from
// RetryBase with jitter; both capped at RetryCap.
func (c *Client) backoff(attempt int, resp *http.Response) time.Duration {
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		return min(d, c.cfg.RetryCap)
	}
	d := c.cfg.RetryBase << (attempt - 1)
	d += time.Duration(rand.Int64N(int64(d)/4 + 1))
	return min(d, c.cfg.RetryCap)
}

func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// observe reports one exchange to Config.Observe: the path only (a
// query may hold a secret), through the redactor (an ECE path names a
// token); a mutating request's status also goes to the context's
// backend.StatusSlot, for the audit trail.
func (c *Client) observe(req *http.Request, status int, start time.Time) {
	if slot := backend.StatusSlotFrom(req.Context()); slot != nil && req.Method != http.MethodGet && req.Method != http.MethodHead {
		slot.Set(status)
	}
	if c.cfg.Observe != nil {
		c.cfg.Observe(backend.Request{Start: start, Method: req.Method, Path: c.redactor.Redact(req.URL.Path),
			Status: status, Duration: time.Since(start)})
	}
}

func (c *Client) trail(format string, args ...any) {
	if c.cfg.Trail != nil {
		c.cfg.Trail(c.redactor.Redact(fmt.Sprintf(format, args...)))
	}
}

// redactURL drops userinfo from a URL string so it can be shown.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<unparseable URL>"
	}
	if u.User != nil {
		u.User = url.User("[redacted]")
	}
	return u.String()
}
