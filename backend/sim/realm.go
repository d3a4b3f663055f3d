package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// User is a native-realm user of the simulated cluster.
type User struct {
	Username string
	Password string
	// PasswordHash, when set, is a bcrypt hash checked instead of Password
	// (file-realm users).
	PasswordHash string
	Roles        []string // names shown in 403 messages and _authenticate
	// Cluster holds cluster privileges ("all", "manage_security",
	// "manage_api_key", "manage_own_api_key", "read_security", "monitor")
	// or raw action names ("cluster:admin/xpack/security/enroll/node").
	Cluster []string
	// Kibana holds Kibana API privileges ("fleet-agents-all",
	// "fleet-agents-read", "fleet-setup", "fleet-settings-read",
	// "fleet-agent-policies-read") or "all".
	Kibana []string
	Realm  string // "default_native" unless set
}

// APIKey is an Elasticsearch API key record.
type APIKey struct {
	ID, Name, Secret string
	Creation         time.Time
	Expiration       time.Time // zero: never
	Invalidated      bool
	Invalidation     time.Time
	Username, Realm  string
	Metadata         map[string]any
	RoleDescriptors  map[string]json.RawMessage
	// cluster holds the union of the role descriptors' cluster privileges;
	// limited is false when there are no descriptors (the key then has
	// its creator's privileges).
	cluster []string
	limited bool
	// limitedBy and kibanaBy snapshot the creator's privileges at creation,
	// as ES's limited_by does: a key outlives its creator's later changes.
	limitedBy []string
	kibanaBy  []string
}

// Principal is who a request authenticated as.
type Principal struct {
	User   *User
	APIKey *APIKey // set when the request used an API key
	// Service names a service account token ("elastic/kibana").
	Service string
}

// Name is the username shown in messages.
func (p *Principal) Name() string {
	if p.Service != "" {
		return p.Service
	}
	return p.User.Username
}

// Realm is the simulated cluster's security: users, API keys and service
// tokens. The Elasticsearch and Kibana simulators share one, as a real
// Kibana authenticates its callers against Elasticsearch.
type Realm struct {
	mu       sync.RWMutex
	clock    Clock
	gen      *ids
	users    map[string]*User
	keys     map[string]*APIKey
	keyOrder []string
	service  map[string]string // bearer token value -> service account
	// extraUsers, when set, is asked for users not in users (the file
	// realm of a local-mode test).
	extraUsers func(username string) (*User, bool)
}

// NewRealm makes an empty realm.
func NewRealm(clock Clock, seed uint64) *Realm {
	return &Realm{clock: clock, gen: newIDs(seed ^ 0xa11ce), users: map[string]*User{},
		keys: map[string]*APIKey{}, service: map[string]string{}}
}

// AddUser adds or replaces a user.
func (r *Realm) AddUser(u User) {
	if u.Realm == "" {
		u.Realm = "default_native"
	}
	r.mu.Lock()
	r.users[u.Username] = &u
	r.mu.Unlock()
}

// SetExtraUsers installs a lookup for users kept elsewhere (a file realm).
func (r *Realm) SetExtraUsers(f func(username string) (*User, bool)) {
	r.mu.Lock()
	r.extraUsers = f
	r.mu.Unlock()
}

func (r *Realm) user(name string) (*User, bool) {
	if u, ok := r.users[name]; ok {
		return u, true
	}
	if r.extraUsers != nil {
		return r.extraUsers(name)
	}
	return nil, false
}

// authFailure says why a request did not authenticate.
type authFailure struct {
	reason string
}

// Authenticate reads the Authorization header. A nil principal with a nil
// failure means no credentials were sent.
func (r *Realm) Authenticate(req *http.Request) (*Principal, *authFailure) {
	h := req.Header.Get("Authorization")
	if h == "" {
		return nil, nil
	}
	scheme, value, _ := strings.Cut(h, " ")
	value = strings.TrimSpace(value)
	r.mu.RLock()
	defer r.mu.RUnlock()
	switch strings.ToLower(scheme) {
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return nil, &authFailure{"error attempting to authenticate request"}
		}
		name, pass, _ := strings.Cut(string(raw), ":")
		u, ok := r.user(name)
		if !ok || !u.passwordMatches(pass) {
			return nil, &authFailure{"unable to authenticate user [" + name + "] for REST request [" + req.URL.Path + "]"}
		}
		return &Principal{User: u}, nil
	case "apikey":
		raw, err := base64.StdEncoding.DecodeString(value)
		if err != nil {
			return nil, &authFailure{"error attempting to authenticate request"}
		}
		id, secret, _ := strings.Cut(string(raw), ":")
		k, ok := r.keys[id]
		if !ok || k.Secret != secret {
			return nil, &authFailure{"unable to authenticate with provided credentials and anonymous access is not allowed for this request"}
		}
		if k.Invalidated {
			return nil, &authFailure{"api key [" + id + "] has been invalidated"}
		}
		if !k.Expiration.IsZero() && !k.Expiration.After(r.clock.Now()) {
			return nil, &authFailure{"api key is expired"}
		}
		// The key acts with the snapshot of its creator's privileges, so it
		// works after a temporary creator is removed.
		owner := &User{Username: k.Username, Realm: k.Realm, Cluster: k.limitedBy, Kibana: k.kibanaBy}
		if u, ok := r.user(k.Username); ok {
			owner.Roles = u.Roles
		}
		return &Principal{User: owner, APIKey: k}, nil
	case "bearer":
		if svc, ok := r.service[value]; ok {
			return &Principal{User: &User{Username: svc, Realm: "_service_account"}, Service: svc}, nil
		}
		return nil, &authFailure{"unable to authenticate with provided credentials and anonymous access is not allowed for this request"}
	}
	return nil, &authFailure{"unable to authenticate with provided credentials and anonymous access is not allowed for this request"}
}

// privilege implications: which named privileges grant an action.
var grants = map[string][]string{
	"cluster:monitor/main":                            {"monitor", "manage", "all"},
	"cluster:monitor/health":                          {"monitor", "manage", "all"},
	"cluster:monitor/nodes/info":                      {"monitor", "manage", "all"},
	"cluster:admin/xpack/security/api_key/create":     {"manage_own_api_key", "manage_api_key", "manage_security", "all"},
	"cluster:admin/xpack/security/api_key/get":        {"manage_own_api_key", "read_security", "manage_api_key", "manage_security", "all"},
	"cluster:admin/xpack/security/api_key/invalidate": {"manage_own_api_key", "manage_api_key", "manage_security", "all"},
	"cluster:admin/xpack/security/enroll/node":        {"manage_security", "all"},
	"cluster:admin/xpack/security/enroll/kibana":      {"manage_security", "all"},
}

// grantedBy lists what grants an action, for the 403 message.
func grantedBy(action string) []string { return grants[action] }

func holds(privs []string, action string) bool {
	if slices.Contains(privs, action) {
		return true
	}
	for _, p := range grants[action] {
		if slices.Contains(privs, p) {
			return true
		}
	}
	return false
}

// Can reports whether p may perform a cluster action. An API key has the
// intersection of its role descriptors and its creator's privileges.
func (p *Principal) Can(action string) bool {
	if p.Service != "" {
		return serviceCan(p.Service, action)
	}
	if !holds(p.User.Cluster, action) {
		return false
	}
	if p.APIKey != nil && p.APIKey.limited {
		return holds(p.APIKey.cluster, action)
	}
	return true
}

// CanKibana reports whether p holds a Kibana privilege.
func (p *Principal) CanKibana(priv ...string) bool {
	if p.Service != "" {
		return false
	}
	for _, have := range p.User.Kibana {
		if have == "all" || slices.Contains(priv, have) {
			return true
		}
	}
	return slices.Contains(p.User.Cluster, "all")
}

// CreateKey stores a new API key for owner.
func (r *Realm) CreateKey(owner *User, name string, expiration time.Duration, descriptors map[string]json.RawMessage, metadata map[string]any) *APIKey {
	now := r.clock.Now()
	k := &APIKey{
		ID: r.gen.str(urlSafe, 20), Name: name, Secret: r.gen.str(urlSafe, 22),
		Creation: now, Username: owner.Username, Realm: owner.Realm,
		Metadata: metadata, RoleDescriptors: map[string]json.RawMessage{},
		limitedBy: append([]string(nil), owner.Cluster...), kibanaBy: append([]string(nil), owner.Kibana...),
	}
	if k.Metadata == nil {
		k.Metadata = map[string]any{}
	}
	if expiration > 0 {
		k.Expiration = now.Add(expiration)
	}
	for name, raw := range descriptors {
		var rd map[string]any
		_ = json.Unmarshal(raw, &rd)
		if rd == nil {
			rd = map[string]any{}
		}
		if cl, ok := rd["cluster"].([]any); ok {
			for _, c := range cl {
				if s, ok := c.(string); ok {
					k.cluster = append(k.cluster, s)
				}
			}
		}
		// ES answers with every RoleDescriptor field filled in.
		for field, def := range map[string]any{"cluster": []any{}, "indices": []any{}, "applications": []any{},
			"run_as": []any{}, "metadata": map[string]any{}, "transient_metadata": map[string]any{"enabled": true}} {
			if _, ok := rd[field]; !ok {
				rd[field] = def
			}
		}
		k.RoleDescriptors[name], _ = json.Marshal(rd)
		k.limited = true
	}
	r.mu.Lock()
	r.keys[k.ID] = k
	r.keyOrder = append(r.keyOrder, k.ID)
	r.mu.Unlock()
	return k
}

// Keys returns the keys matching keep, in creation order.
func (r *Realm) Keys(keep func(*APIKey) bool) []APIKey {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []APIKey
	for _, id := range r.keyOrder {
		if k := r.keys[id]; keep(k) {
			out = append(out, *k)
		}
	}
	return out
}

// Invalidate marks keys invalidated; it returns those it changed and those
// that already were.
func (r *Realm) Invalidate(match func(*APIKey) bool) (done, already []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, id := range r.keyOrder {
		k := r.keys[id]
		if !match(k) {
			continue
		}
		if k.Invalidated {
			already = append(already, id)
			continue
		}
		k.Invalidated, k.Invalidation = true, r.clock.Now()
		done = append(done, id)
	}
	return done, already
}

// KeyByID returns a copy of a key.
func (r *Realm) KeyByID(id string) (APIKey, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	k, ok := r.keys[id]
	if !ok {
		return APIKey{}, false
	}
	return *k, true
}

func (u *User) passwordMatches(pass string) bool {
	if u.PasswordHash != "" {
		return bcryptMatches(u.PasswordHash, pass)
	}
	return u.Password == pass
}

// verified remembers the bcrypt hash and password pairs that matched, as
// a node's realm caches the users it authenticated (its
// CachingUsernamePasswordRealm): a bcrypt check costs tens of
// milliseconds (seconds under the race detector), and a local-mode run
// authenticates on every request. A changed hash or another password is
// checked again; a mismatch is never cached.
var verified sync.Map // sha256(hash NUL password) → true

func bcryptMatches(hash, pass string) bool {
	key := sha256.Sum256([]byte(hash + "\x00" + pass))
	if _, ok := verified.Load(key); ok {
		return true
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(pass)) != nil {
		return false
	}
	verified.Store(key, true)
	return true
}

// FileRealm reads users from an Elasticsearch config directory's file
// realm (users: "name:bcrypt-hash" lines; users_roles: "role:a,b" lines)
// on every lookup, as a node reloads it when the files change. Install it
// with Realm.SetExtraUsers.
func FileRealm(dir string) func(username string) (*User, bool) {
	return func(username string) (*User, bool) {
		users, err := os.ReadFile(filepath.Join(dir, "users"))
		if err != nil {
			return nil, false
		}
		var hash string
		for _, line := range strings.Split(string(users), "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "#") {
				continue
			}
			if name, h, ok := strings.Cut(line, ":"); ok && name == username {
				hash = h
			}
		}
		if hash == "" {
			return nil, false
		}
		u := &User{Username: username, PasswordHash: hash, Realm: "default_file"}
		roles, _ := os.ReadFile(filepath.Join(dir, "users_roles"))
		for _, line := range strings.Split(string(roles), "\n") {
			role, names, ok := strings.Cut(strings.TrimSpace(line), ":")
			if !ok || strings.HasPrefix(role, "#") {
				continue
			}
			for _, n := range strings.Split(names, ",") {
				if strings.TrimSpace(n) == username {
					u.Roles = append(u.Roles, role)
					if role == "superuser" {
						u.Cluster, u.Kibana = []string{"all"}, []string{"all"}
					}
				}
			}
		}
		return u, true
	}
}
