package sim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ECEUser is a Cloud UI user (logs in with a password) of the simulator.
type ECEUser struct{ Username, Password string }

// ECEToken is a roles token the simulator issued.
type ECEToken struct {
	ID         string // token_id; empty for ephemeral tokens
	Token      string // the JWT
	Roles      []string
	Persistent bool
	Expires    time.Time // ephemeral only
}

// ECE simulates ECE's enrollment-token (roles token) API; see the package
// documentation.
type ECE struct {
	Faults Faults
	clock  Clock
	gen    *ids
	key    []byte // HMAC key that signs tokens and login JWTs

	mu      sync.Mutex
	users   map[string]string // username -> password
	apiKeys map[string]bool
	bearers map[string]time.Time // login token -> session expiry
	tokens  []*ECEToken          // persistent and ephemeral, creation order
	runners []*Runner
	// SigningKeyMissing makes create answer 403 signing_key_not_found;
	// ElevatedRequired makes it answer 449.
	signingKeyMissing, elevatedRequired bool
}

// NewECE makes an ECE simulator.
func NewECE(clock Clock, seed uint64) *ECE {
	g := newIDs(seed ^ 0xece)
	return &ECE{clock: clock, gen: g, key: []byte(g.str(alnum, 32)), users: map[string]string{},
		apiKeys: map[string]bool{}, bearers: map[string]time.Time{}}
}

// AddUser adds a user who can log in or use Basic.
func (e *ECE) AddUser(u ECEUser) { e.mu.Lock(); e.users[u.Username] = u.Password; e.mu.Unlock() }

// AddAPIKey accepts key as "Authorization: ApiKey <key>".
func (e *ECE) AddAPIKey(key string) { e.mu.Lock(); e.apiKeys[key] = true; e.mu.Unlock() }

// NewAPIKey makes and accepts a random API key.
func (e *ECE) NewAPIKey() string {
	k := e.gen.str(alnum, 56)
	e.AddAPIKey(k)
	return k
}

// SetCreateFailure makes create fail with 403 signing-key-not-found or 449.
func (e *ECE) SetCreateFailure(signingKeyMissing, elevatedRequired bool) {
	e.mu.Lock()
	e.signingKeyMissing, e.elevatedRequired = signingKeyMissing, elevatedRequired
	e.mu.Unlock()
}

// Issue creates a token directly (for seeding); it returns it.
func (e *ECE) Issue(roles []string, persistent bool, validity time.Duration) ECEToken {
	e.mu.Lock()
	defer e.mu.Unlock()
	return *e.issue(roles, persistent, validity)
}

func (e *ECE) issue(roles []string, persistent bool, validity time.Duration) *ECEToken {
	now := e.clock.Now()
	t := &ECEToken{Roles: roles, Persistent: persistent}
	claims := map[string]any{"iat": now.Unix(), "jti": e.gen.uuid()}
	if persistent {
		t.ID = e.gen.uuid()
	} else {
		t.Expires = now.Add(validity)
		claims["exp"] = t.Expires.Unix()
	}
	t.Token = e.jwt(claims)
	e.tokens = append(e.tokens, t)
	return t
}

// jwt signs claims with HS256; the real claims are undocumented, so only
// registered JWT claims are used.
func (e *ECE) jwt(claims map[string]any) string {
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"typ":"JWT","alg":"HS256"}`))
	body, _ := json.Marshal(claims)
	signing := head + "." + enc.EncodeToString(body)
	mac := hmac.New(sha256.New, e.key)
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil))
}

// Handler serves the simulator, faults first.
func (e *ECE) Handler() http.Handler {
	return e.Faults.Wrap(e.serve(e.routes()), func(w http.ResponseWriter, status int, reason string) {
		eceError(w, status, "root.unexpected_error", reason)
	}, nil)
}

func eceError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{"code": code, "message": message}}})
}

// routes maps each method and path to its handler. The platform routes
// exist both globally and under /regions/{region}, as in ECE's API.
func (e *ECE) routes() *http.ServeMux {
	mux := http.NewServeMux()
	platform := func(pattern string, h http.HandlerFunc) {
		method, path, _ := strings.Cut(pattern, " ")
		if path == "" {
			method, path = "", pattern
		} else {
			method += " "
		}
		mux.HandleFunc(method+"/api/v1"+path, e.authenticatedOnly(h))
		mux.HandleFunc(method+"/api/v1/regions/{region}"+path, e.authenticatedOnly(h))
	}
	const tokens = "/platform/configuration/security/enrollment-tokens"
	mux.HandleFunc("POST /api/v1/users/auth/_login", e.login)
	// [UNCONFIRMED] shape: the login reply's {token, session_expiration_time}.
	mux.HandleFunc("POST /api/v1/users/auth/_refresh", e.authenticatedOnly(func(w http.ResponseWriter, _ *http.Request) { e.issueSession(w) }))
	platform("POST "+tokens, e.create)
	platform("GET "+tokens, e.list)
	platform("DELETE "+tokens+"/{token}", func(w http.ResponseWriter, r *http.Request) { e.delete(w, r.PathValue("token")) })
	platform("GET /platform/infrastructure/runners", e.listRunners)
	platform("GET /platform/infrastructure/runners/{runner_id}", e.getRunner)
	platform("DELETE /platform/infrastructure/runners/{runner_id}", e.deleteRunner)
	platform("POST /platform/infrastructure/runners/_search", e.searchRunners)
	platform("POST /platform/infrastructure/runners/_resync", e.resyncRunners)
	platform("POST /platform/infrastructure/runners/{runner_id}/_resync", e.resyncRunner)
	platform(tokens, e.methodNotAllowed)
	platform(tokens+"/{token}", e.methodNotAllowed)
	mux.HandleFunc("/", e.authenticatedOnly(func(w http.ResponseWriter, _ *http.Request) {
		eceError(w, http.StatusNotFound, "root.resource_not_found", "The requested resource could not be found")
	}))
	return mux
}

// serve ignores a trailing slash, as ECE does.
func (e *ECE) serve(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if p := strings.TrimRight(r.URL.Path, "/"); p != r.URL.Path && p != "" {
			r.URL.Path, r.URL.RawPath = p, ""
		}
		mux.ServeHTTP(w, r)
	}
}

func (e *ECE) authenticatedOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !e.authenticated(r) {
			eceError(w, http.StatusUnauthorized, "root.unauthorized", "The authentication token is invalid or expired")
			return
		}
		h(w, r)
	}
}

func (e *ECE) methodNotAllowed(w http.ResponseWriter, _ *http.Request) {
	eceError(w, http.StatusMethodNotAllowed, "root.method_not_allowed", "The requested method is not allowed for this resource")
}

func (e *ECE) authenticated(r *http.Request) bool {
	scheme, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	value = strings.TrimSpace(value)
	e.mu.Lock()
	defer e.mu.Unlock()
	switch scheme {
	case "ApiKey":
		return e.apiKeys[value]
	case "Bearer":
		exp, ok := e.bearers[value]
		return ok && exp.After(e.clock.Now())
	case "Basic":
		raw, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return false
		}
		u, p, _ := strings.Cut(string(raw), ":")
		pass, ok := e.users[u]
		return ok && pass == p
	}
	return false
}

func (e *ECE) login(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16)).Decode(&req); err != nil {
		eceError(w, http.StatusBadRequest, "root.malformed_request", "The request body is malformed")
		return
	}
	e.mu.Lock()
	pass, ok := e.users[req.Username]
	e.mu.Unlock()
	if !ok || pass != req.Password {
		eceError(w, http.StatusUnauthorized, "root.unauthenticated", "The supplied authentication is invalid")
		return
	}
	e.issueSession(w)
}

func (e *ECE) issueSession(w http.ResponseWriter) {
	exp := e.clock.Now().Add(time.Hour)
	tok := e.jwt(map[string]any{"iat": e.clock.Now().Unix(), "exp": exp.Unix(), "jti": e.gen.uuid()})
	e.mu.Lock()
	e.bearers[tok] = exp
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"token": tok, "session_expiration_time": exp.UTC().Format(time.RFC3339)})
}

func (e *ECE) create(w http.ResponseWriter, r *http.Request) {
	invalid := func() {
		eceError(w, http.StatusBadRequest, "enrollment_tokens.invalid_token_request", "The token request format was invalid")
	}
	var req struct {
		Persistent *bool     `json:"persistent"`
		Roles      *[]string `json:"roles"`
		Validity   *float64  `json:"validity_in_seconds"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16)).Decode(&req); err != nil || req.Persistent == nil {
		invalid()
		return
	}
	validity := time.Hour
	if req.Validity != nil {
		v := *req.Validity
		if v != math.Trunc(v) || v > math.MaxInt32 || v < math.MinInt32 {
			invalid()
			return
		}
		if v > 0 {
			validity = time.Duration(v) * time.Second
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	switch {
	case e.elevatedRequired:
		eceError(w, 449, "root.unauthorized.rbac.elevated_permissions_required", "elevated permissions are required")
		return
	case e.signingKeyMissing:
		eceError(w, http.StatusForbidden, "enrollment_tokens.signing_key_not_found", "No signing key is available to generate a token")
		return
	}
	roles := []string{}
	if req.Roles != nil && *req.Roles != nil {
		roles = *req.Roles
	}
	t := e.issue(roles, *req.Persistent, validity)
	out := map[string]any{"token": t.Token}
	if t.Persistent {
		out["token_id"] = t.ID
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *ECE) list(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	items := []map[string]any{}
	for _, t := range e.tokens {
		if t.Persistent { // ephemeral tokens have no id and are never listed
			items = append(items, map[string]any{"token_id": t.ID, "roles": nonNil(t.Roles)})
		}
	}
	e.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"tokens": items})
}

func (e *ECE) delete(w http.ResponseWriter, idOrToken string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock.Now()
	for i, t := range e.tokens {
		if (t.ID != "" && t.ID == idOrToken) || t.Token == idOrToken {
			if !t.Persistent && !t.Expires.After(now) {
				break // an expired ephemeral token is gone already
			}
			e.tokens = append(e.tokens[:i], e.tokens[i+1:]...)
			writeJSON(w, http.StatusOK, map[string]any{})
			return
		}
	}
	eceError(w, http.StatusNotFound, "enrollment_tokens.invalid_token_id", "Token not found")
}

// Tokens returns copies of the persistent tokens, for tests.
func (e *ECE) Tokens() []ECEToken {
	e.mu.Lock()
	defer e.mu.Unlock()
	return copies(e.tokens)
}
