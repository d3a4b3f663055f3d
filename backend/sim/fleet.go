package sim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FleetVersion is the Kibana version profile this simulator implements:
// the newest the contract describes (9.5+: 409 on a duplicate name,
// `expiration` honoured and returned as `expire_at`, `forceDelete`,
// `includeHidden` and `_bulk_delete`).
const FleetVersion = "9.5.0"

// FleetToken is a stored enrollment API key record.
type FleetToken struct {
	ID, APIKeyID, APIKey string
	Name                 string // stored name: "<name> (<id>)" or "<id>"
	PolicyID             string
	Active               bool
	CreatedAt            time.Time
	ExpireAt             time.Time
	Hidden               bool
	Namespaces           []string
}

// AgentPolicy is a Fleet agent policy.
type AgentPolicy struct {
	ID, Name, Namespace, Description string
	IsManaged, IsDefault             bool
	SupportsAgentless                bool
	FleetServerHostID                string
	SpaceIDs                         []string
	// Agents is how many live agents AddPolicy enrolls into the policy;
	// the API counts the agent records.
	Agents    int
	Revision  int
	UpdatedAt time.Time
}

// FleetServerHost is a Fleet Server URL entry.
type FleetServerHost struct {
	ID, Name   string
	HostURLs   []string
	IsDefault  bool
	IsInternal bool
}

// Fleet simulates Kibana's Fleet API (enrollment tokens, policies, Fleet
// Server hosts); see the package documentation.
type Fleet struct {
	Realm  *Realm
	Faults Faults
	// Version is the Kibana release simulated ("" = FleetVersion); set it
	// before serving. Before 9.5 the token routes are the older ones: no
	// _bulk_delete (404, as for any unknown route) and a DELETE that only
	// revokes, whatever forceDelete or includeHidden say.
	Version string
	// InvalidationFails makes invalidating a token's API key fail, as when
	// Elasticsearch refuses Kibana: a revoke leaves the token active (500),
	// a force delete removes the record anyway and the key stays valid
	// (contracts/fleet.md §3.4).
	InvalidationFails bool
	clock             Clock
	gen               *ids

	mu     sync.RWMutex
	tokens []*FleetToken // creation order; listed newest first
	byID   map[string]*FleetToken
	// names counts the tokens per policy and given name, for the
	// duplicate-name check.
	names map[string]int
	// lists caches the hits of a list query (space and kuery) until the
	// tokens change, so each page costs its own size, whatever its number.
	lists map[listQuery][]*FleetToken
	// byKeyID finds a token by its API key id, as Fleet Server does.
	byKeyID map[string]*FleetToken
	// agents in enrollment order, by id and by access API key id.
	agents      []*Agent
	agentsByID  map[string]*Agent
	agentsByKey map[string]*Agent
	policies    []*AgentPolicy
	hosts       []FleetServerHost
	// service is the Kibana system user whose API keys Fleet creates.
	service *User
}

// NewFleet makes a Fleet simulator authenticating against realm.
func NewFleet(realm *Realm, clock Clock, seed uint64) *Fleet {
	return &Fleet{Realm: realm, clock: clock, gen: newIDs(seed ^ 0xf1ee7), byID: map[string]*FleetToken{},
		names: map[string]int{}, lists: map[listQuery][]*FleetToken{}, byKeyID: map[string]*FleetToken{},
		agentsByID: map[string]*Agent{}, agentsByKey: map[string]*Agent{},
		service: &User{Username: "kibana_system", Realm: "reserved"}}
}

// AddPolicy adds an agent policy and, as Fleet does, its "Default" token.
func (f *Fleet) AddPolicy(p AgentPolicy) {
	if len(p.SpaceIDs) == 0 {
		p.SpaceIDs = []string{"default"}
	}
	if p.Namespace == "" {
		p.Namespace = "default"
	}
	if p.Revision == 0 {
		p.Revision = 1
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = f.clock.Now()
	}
	f.mu.Lock()
	f.policies = append(f.policies, &p)
	f.seedAgents(&p, p.Agents)
	f.mu.Unlock()
	f.AddToken(p.ID, "Default", 0, p.UpdatedAt)
}

// sortByCreation restores creation order after seeding with back-dated
// tokens; the list relies on it.
func (f *Fleet) sortByCreation() {
	f.mu.Lock()
	slices.SortStableFunc(f.tokens, func(a, b *FleetToken) int { return a.CreatedAt.Compare(b.CreatedAt) })
	clear(f.lists)
	f.mu.Unlock()
}

// reserve makes room for n more tokens (and their API keys) at once, so
// seeding many does not regrow the maps again and again.
func (f *Fleet) reserve(n int) {
	f.mu.Lock()
	grow := func(m map[string]*FleetToken) map[string]*FleetToken {
		out := make(map[string]*FleetToken, len(m)+n)
		maps.Copy(out, m)
		return out
	}
	f.byID, f.byKeyID = grow(f.byID), grow(f.byKeyID)
	f.tokens = slices.Grow(f.tokens, n)
	f.mu.Unlock()
	r := f.Realm
	r.mu.Lock()
	keys := make(map[string]*APIKey, len(r.keys)+n)
	maps.Copy(keys, r.keys)
	r.keys, r.keyOrder = keys, slices.Grow(r.keyOrder, n)
	r.mu.Unlock()
}

// AddHost adds a Fleet Server host.
func (f *Fleet) AddHost(h FleetServerHost) {
	f.mu.Lock()
	f.hosts = append(f.hosts, h)
	f.mu.Unlock()
}

// AddToken stores a token as a create would, without the name check (as
// Fleet's own Default tokens); it returns the record.
func (f *Fleet) AddToken(policyID, name string, ttl time.Duration, created time.Time) *FleetToken {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.policy(policyID)
	return f.store(p, name, ttl, created)
}

func (f *Fleet) store(p *AgentPolicy, name string, ttl time.Duration, created time.Time) *FleetToken {
	id := f.gen.uuid()
	stored := id
	if name != "" {
		stored = name + " (" + id + ")"
	}
	key := f.Realm.fleetKey(f.service, stored, ttl, fleetEnrollDescriptor,
		map[string]any{"managed_by": "fleet", "managed": true, "type": "enroll", "policy_id": p.ID})
	t := &FleetToken{
		ID: id, APIKeyID: key.ID, Name: stored, PolicyID: p.ID, Active: true, CreatedAt: created,
		APIKey:     base64.StdEncoding.EncodeToString([]byte(key.ID + ":" + key.Secret)),
		Hidden:     p.IsManaged || p.SupportsAgentless,
		Namespaces: append([]string(nil), p.SpaceIDs...),
	}
	if ttl > 0 {
		t.ExpireAt = created.Add(ttl)
	}
	f.tokens = append(f.tokens, t)
	f.byID[id] = t
	f.byKeyID[key.ID] = t
	if name != "" {
		f.names[nameKey(p.ID, name)]++
	}
	clear(f.lists)
	return t
}

func nameKey(policyID, name string) string { return policyID + "\x00" + name }

// listQuery is what a token list's hits depend on besides the tokens.
type listQuery struct {
	space, kuery string
	now          time.Time // only for a kuery that reads the time
}

// Revoke marks a token inactive and invalidates its key (for seeding).
func (f *Fleet) Revoke(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t, ok := f.byID[id]; ok {
		f.revoke(t)
	}
}

// revoke invalidates the token's key and marks it inactive; false: the
// invalidation failed and nothing changed.
func (f *Fleet) revoke(t *FleetToken) bool {
	if t.Active {
		if f.InvalidationFails {
			return false
		}
		f.Realm.invalidateKey(t.APIKeyID)
		t.Active = false
		clear(f.lists)
	}
	return true
}

// Tokens returns a copy of every stored token, newest first.
func (f *Fleet) Tokens() []FleetToken {
	f.mu.RLock()
	defer f.mu.RUnlock()
	out := make([]FleetToken, 0, len(f.tokens))
	for i := len(f.tokens) - 1; i >= 0; i-- {
		out = append(out, *f.tokens[i])
	}
	return out
}

func (f *Fleet) policy(id string) *AgentPolicy {
	for _, p := range f.policies {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Handler serves the simulator, faults first.
func (f *Fleet) Handler() http.Handler {
	return f.Faults.Wrap(f.routes(), boom, nil)
}

// boom writes Kibana's error shape.
func boom(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"statusCode": status, "error": http.StatusText(status), "message": message})
}

const apiVersion = "2023-10-31"

// kibanaCall is what a Kibana route knows about its request beyond it.
type kibanaCall struct {
	p     *Principal
	space string
}

type kibanaHandler func(w http.ResponseWriter, r *http.Request, c kibanaCall)

var spaceID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9_-]+$`) })

// routes maps each method and path, in the default space and under
// /s/{space}, to its handler and the Kibana privileges it needs (any one);
// "/" answers what no other pattern matches.
func (f *Fleet) routes() *http.ServeMux {
	mux := http.NewServeMux()
	handle := func(pattern string, h kibanaHandler, privs ...string) {
		method, path, _ := strings.Cut(pattern, " ")
		mux.HandleFunc(pattern, f.authenticated(h, privs))
		mux.HandleFunc(method+" /s/{space}"+path, f.authenticated(h, privs))
	}
	const keys = "/api/fleet/enrollment_api_keys"
	handle("GET "+keys, f.list, "fleet-agents-all", "fleet-setup")
	handle("POST "+keys, f.create, "fleet-agents-all")
	handle("POST "+keys+"/_bulk_delete", f.bulkDelete, "fleet-agents-all")
	handle("GET "+keys+"/{id}", f.get, "fleet-agents-all", "fleet-setup")
	handle("DELETE "+keys+"/{id}", f.delete, "fleet-agents-all")
	handle("GET /api/fleet/agent_policies", f.agentPolicies,
		"fleet-agent-policies-read", "fleet-agent-policies-all", "fleet-agents-all", "fleet-agents-read")
	handle("GET /api/fleet/fleet_server_hosts", f.fleetServerHosts, "fleet-agents-all", "fleet-settings-read")
	handle("GET /api/fleet/agent_policies/{id}", f.agentPolicy,
		"fleet-agent-policies-read", "fleet-agent-policies-all", "fleet-agents-all", "fleet-agents-read")
	handle("GET /api/fleet/agents", f.listAgents, "fleet-agents-read", "fleet-agents-all")
	handle("GET /api/fleet/agents/{id}", f.getAgent, "fleet-agents-read", "fleet-agents-all")
	handle("GET /api/fleet/agents/setup", f.agentsSetup,
		"fleet-agents-read", "fleet-agents-all", "fleet-agent-policies-read", "fleet-agent-policies-all", "fleet-setup")
	mux.HandleFunc("GET /api/spaces/space", f.authenticated(f.spaces, nil))
	mux.HandleFunc("GET /api/status", f.status)
	mux.HandleFunc("GET /s/{space}/api/status", f.status)
	mux.HandleFunc("/", f.authenticated(func(w http.ResponseWriter, _ *http.Request, _ kibanaCall) {
		boom(w, http.StatusNotFound, "Not Found")
	}, nil))
	return mux
}

// authenticated checks, in Kibana's order, the credentials, the kbn-xsrf
// header of a write, the space and the route's privileges.
func (f *Fleet) authenticated(h kibanaHandler, privs []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Elastic-Api-Version", apiVersion)
		p, fail := f.Realm.Authenticate(r)
		if fail != nil || p == nil {
			boom(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead &&
			r.Header.Get("kbn-xsrf") == "" && r.Header.Get("kbn-version") == "" {
			boom(w, http.StatusBadRequest, "Request must contain a kbn-xsrf header.")
			return
		}
		space := r.PathValue("space")
		if space == "" {
			space = "default"
		} else if !spaceID().MatchString(space) {
			boom(w, http.StatusNotFound, "Not Found")
			return
		}
		if len(privs) > 0 && !f.authz(w, r, p, privs...) {
			return
		}
		h(w, r, kibanaCall{p: p, space: space})
	}
}

func (f *Fleet) authz(w http.ResponseWriter, r *http.Request, p *Principal, privs ...string) bool {
	if p.CanKibana(privs...) {
		return true
	}
	boom(w, http.StatusForbidden, fmt.Sprintf("API [%s %s] is unauthorized for user, this action is granted by the Kibana privileges [%s]",
		r.Method, r.URL.Path, strings.Join(privs, ",")))
	return false
}

func inSpace(namespaces []string, space string) bool {
	return slices.Contains(namespaces, space) || slices.Contains(namespaces, "*")
}

// tokenJSON is the EnrollmentAPIKey model; Hidden is a pointer because the
// create response omits it.
type tokenJSON struct {
	ID       string `json:"id"`
	APIKeyID string `json:"api_key_id"`
	APIKey   string `json:"api_key"`
	Name     string `json:"name,omitempty"`
	Active   bool   `json:"active"`
	PolicyID string `json:"policy_id,omitempty"`
	Created  string `json:"created_at"`
	ExpireAt string `json:"expire_at,omitempty"`
	Hidden   *bool  `json:"hidden,omitempty"`
}

const isoMillis = "2006-01-02T15:04:05.000Z07:00"

func (t *FleetToken) json(withHidden bool) tokenJSON {
	out := tokenJSON{ID: t.ID, APIKeyID: t.APIKeyID, APIKey: t.APIKey, Name: t.Name, Active: t.Active,
		PolicyID: t.PolicyID, Created: t.CreatedAt.UTC().Format(isoMillis)}
	if !t.ExpireAt.IsZero() {
		out.ExpireAt = t.ExpireAt.UTC().Format(isoMillis)
	}
	if withHidden {
		h := t.Hidden
		out.Hidden = &h
	}
	return out
}

func (t *FleetToken) doc() doc {
	d := doc{"active": t.Active, "api_key": t.APIKey, "api_key_id": t.APIKeyID, "name": t.Name,
		"policy_id": t.PolicyID, "created_at": t.CreatedAt.UTC().Format(isoMillis), "hidden": t.Hidden,
		"namespaces": t.Namespaces}
	if !t.ExpireAt.IsZero() {
		d["expire_at"] = t.ExpireAt.UTC().Format(isoMillis)
	}
	return d
}

// queryInt reads a numeric query parameter with Kibana's validation text.
func queryInt(w http.ResponseWriter, r *http.Request, name string, def int) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		boom(w, http.StatusBadRequest, fmt.Sprintf("[request query.%s]: expected value of type [number] but got [string]", name))
		return 0, false
	}
	if n < 1 {
		boom(w, http.StatusBadRequest, fmt.Sprintf("[request query.%s]: Value must be equal to or greater than [1].", name))
		return 0, false
	}
	return n, true
}

// paging reads page (default 1) and perPage (default 20).
func paging(w http.ResponseWriter, r *http.Request) (page, perPage int, ok bool) {
	if page, ok = queryInt(w, r, "page", 1); !ok {
		return 0, 0, false
	}
	perPage, ok = queryInt(w, r, "perPage", 20)
	return page, perPage, ok
}

func (f *Fleet) list(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	space := c.space
	page, perPage, ok := paging(w, r)
	if !ok {
		return
	}
	match, err := parseKuery(r.URL.Query().Get("kuery"))
	if err != nil {
		boom(w, http.StatusBadRequest, "Kuery is malformed: "+err.Error())
		return
	}
	q := listQuery{space: space, kuery: r.URL.Query().Get("kuery")}
	now := f.clock.Now()
	// A kuery that reads the time is cached only while the clock stands
	// still (a fake clock), so the cache cannot grow without bound.
	cache := true
	if strings.Contains(q.kuery, "now") {
		q.now = now
		_, cache = f.clock.(*FakeClock)
	}
	f.mu.Lock()
	hits, ok := f.lists[q]
	if !ok {
		hits = []*FleetToken{}
		for i := len(f.tokens) - 1; i >= 0; i-- { // created_at descending
			t := f.tokens[i]
			if inSpace(t.Namespaces, space) && (q.kuery == "" || match(t.doc(), now)) {
				hits = append(hits, t)
			}
		}
		if cache {
			f.lists[q] = hits
		}
	}
	from, to := pageBounds(page, perPage, len(hits))
	items := make([]tokenJSON, 0, to-from)
	for _, t := range hits[from:to] {
		items = append(items, t.json(true))
	}
	f.mu.Unlock()
	// The deprecated "list" repeats "items": encode the page once.
	raw, err := json.Marshal(items)
	if err != nil {
		boom(w, http.StatusInternalServerError, err.Error())
		return
	}
	// Written by hand: through an Encoder each RawMessage copy would be
	// validated and compacted again. Keys in the order encoding/json gives
	// a map.
	body := make([]byte, 0, 2*len(raw)+80)
	body = append(append(append(body, `{"items":`...), raw...), `,"list":`...)
	body = append(append(body, raw...), fmt.Sprintf(`,"page":%d,"perPage":%d,"total":%d}`+"\n", page, perPage, len(hits))...)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func (f *Fleet) find(id, space string) *FleetToken {
	t, ok := f.byID[id]
	if !ok || !inSpace(t.Namespaces, space) {
		return nil
	}
	return t
}

func (f *Fleet) get(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	id, space := r.PathValue("id"), c.space
	f.mu.RLock()
	t := f.find(id, space)
	var item tokenJSON
	if t != nil {
		item = t.json(true)
	}
	f.mu.RUnlock()
	if t == nil {
		boom(w, http.StatusNotFound, "EnrollmentAPIKey "+id+" not found")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"item": item})
}

var (
	expirationRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[1-9]\d*(d|h|m|s)$`) })
	expirationMax = map[string]int64{"d": 106751, "h": 2562024, "m": 153721440, "s": 9223286400}
	expirationMsg = "expiration must be a valid duration (e.g. 7d, 24h, 30m, 60s)"
)

// parseExpiration validates a Fleet expiration as the newest builds do.
func parseExpiration(v string) (time.Duration, bool) {
	if !expirationRE().MatchString(v) {
		return 0, false
	}
	unit := v[len(v)-1:]
	n, err := strconv.ParseInt(v[:len(v)-1], 10, 64)
	if err != nil || n > expirationMax[unit] {
		return 0, false
	}
	per := map[string]time.Duration{"d": 24 * time.Hour, "h": time.Hour, "m": time.Minute, "s": time.Second}[unit]
	if n > int64((1<<63-1)/per) {
		return 1<<63 - 1, true
	}
	return time.Duration(n) * per, true
}

func (f *Fleet) create(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	space := c.space
	var body map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(&body); err != nil || body == nil {
		boom(w, http.StatusBadRequest, "[request body]: expected a plain object value, but found [null] instead.")
		return
	}
	for k := range body {
		if k != "policy_id" && k != "name" && k != "expiration" {
			boom(w, http.StatusBadRequest, "[request body."+k+"]: definition for this key is missing")
			return
		}
	}
	str := func(k string, required bool) (string, bool) {
		v, present := body[k]
		if !present || v == nil {
			if required {
				boom(w, http.StatusBadRequest, "[request body."+k+"]: expected value of type [string] but got [undefined]")
				return "", false
			}
			return "", true
		}
		s, ok := v.(string)
		if !ok {
			boom(w, http.StatusBadRequest, fmt.Sprintf("[request body.%s]: expected value of type [string] but got [%s]", k, jsType(v)))
			return "", false
		}
		return s, true
	}
	policyID, ok := str("policy_id", true)
	if !ok {
		return
	}
	name, ok := str("name", false)
	if !ok {
		return
	}
	expiration, ok := str("expiration", false)
	if !ok {
		return
	}
	var ttl time.Duration
	if expiration != "" && f.honoursExpiration() {
		if ttl, ok = parseExpiration(expiration); !ok {
			boom(w, http.StatusBadRequest, expirationMsg)
			return
		}
	}
	f.mu.Lock()
	p := f.policy(policyID)
	if p == nil || !slices.Contains(p.SpaceIDs, space) {
		f.mu.Unlock()
		boom(w, http.StatusNotFound, `Agent policy "`+policyID+`" not found`)
		return
	}
	if name != "" && f.names[nameKey(policyID, name)] > 0 {
		f.mu.Unlock()
		boom(w, http.StatusConflict, "An enrollment key named "+name+" already exists for agent policy "+policyID)
		return
	}
	t := f.store(p, name, ttl, f.clock.Now())
	item := t.json(false)
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"item": item, "action": "created"})
}

// kibanaType names a Go kind as Kibana's schema messages name types.
func kibanaType(kind string) string {
	switch kind {
	case "slice":
		return "array"
	case "bool":
		return "boolean"
	}
	return kind
}

func jsType(v any) string {
	switch v.(type) {
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "Array"
	case map[string]any:
		return "Object"
	}
	return "string"
}

func (f *Fleet) delete(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	id, space := r.PathValue("id"), c.space
	q := r.URL.Query()
	force, hidden := q.Get("forceDelete") == "true", q.Get("includeHidden") == "true"
	if f.deletes() {
		if msg := deleteQueryProblem(q); msg != "" {
			boom(w, http.StatusBadRequest, msg)
			return
		}
	} else {
		// Up to 9.4 the route declares no query parameters: they are not
		// read [UNCONFIRMED: that Kibana drops undeclared ones rather than
		// answering 400], and hidden tokens are revoked like any other.
		force, hidden = false, true
	}
	f.mu.Lock()
	t := f.find(id, space)
	if t == nil || (t.Hidden && !hidden) {
		f.mu.Unlock()
		boom(w, http.StatusNotFound, "EnrollmentAPIKey "+id+" not found")
		return
	}
	revoked := f.revoke(t)
	if force {
		f.remove(map[*FleetToken]bool{t: true})
	}
	f.mu.Unlock()
	if !revoked && !force {
		boom(w, http.StatusInternalServerError, "Failed to process EnrollmentAPIKey "+id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"action": "deleted"})
}

// remove deletes token records in one pass over the store.
func (f *Fleet) remove(gone map[*FleetToken]bool) {
	if len(gone) == 0 {
		return
	}
	for t := range gone {
		delete(f.byID, t.ID)
		delete(f.byKeyID, t.APIKeyID)
		if name, _, ok := strings.Cut(t.Name, " ("+t.ID+")"); ok {
			if k := nameKey(t.PolicyID, name); f.names[k] > 1 {
				f.names[k]--
			} else {
				delete(f.names, k)
			}
		}
	}
	f.tokens = slices.DeleteFunc(f.tokens, func(x *FleetToken) bool { return gone[x] })
	clear(f.lists)
}

// deletes reports whether the simulated Kibana deletes token records
// (9.5+: forceDelete, includeHidden, _bulk_delete).
func (f *Fleet) deletes() bool {
	v := f.Version
	if v == "" {
		return true
	}
	var major, minor int
	if _, err := fmt.Sscanf(v, "%d.%d", &major, &minor); err != nil {
		return true
	}
	return major > 9 || major == 9 && minor >= 5
}

func (f *Fleet) version() string {
	if f.Version == "" {
		return FleetVersion
	}
	return f.Version
}

// bulkBatch is how many tokens Kibana reads and changes at once.
const bulkBatch = 1000

// bulkDelete revokes or deletes many tokens as Kibana 9.5 does: by ids, or
// by a kuery selecting at most 10,000 tokens, in batches of 1,000. Unknown
// ids, tokens of other spaces and hidden tokens (without includeHidden)
// are skipped silently; count is the number processed, as Kibana reports
// it (equal to successCount).
func (f *Fleet) bulkDelete(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	if !f.deletes() {
		boom(w, http.StatusNotFound, "Not Found")
		return
	}
	space := c.space
	var req struct {
		TokenIDs      []string `json:"tokenIds"`
		Kuery         string   `json:"kuery"`
		ForceDelete   bool     `json:"forceDelete"`
		IncludeHidden bool     `json:"includeHidden"`
	}
	if err := decodeStrict(r, &req); err != nil {
		switch {
		case err.Unknown:
			boom(w, http.StatusBadRequest, "[request body."+err.Field+"]: definition for this key is missing")
		case err.Field != "":
			boom(w, http.StatusBadRequest, fmt.Sprintf("[request body.%s]: expected value of type [%s] but got [%s]", err.Field, kibanaType(err.Want), kibanaType(err.Have)))
		default:
			boom(w, http.StatusBadRequest, "[request body]: expected a plain object value, but found [null] instead.")
		}
		return
	}
	if len(req.TokenIDs) == 0 && strings.TrimSpace(req.Kuery) == "" {
		boom(w, http.StatusBadRequest, "[request body]: Either tokenIds or kuery must be provided")
		return
	}
	if len(req.TokenIDs) > 10000 {
		boom(w, http.StatusBadRequest, fmt.Sprintf("[request body.tokenIds]: array size is [%d], but cannot be greater than [10000]", len(req.TokenIDs)))
		return
	}
	match, err := parseKuery(req.Kuery)
	if err != nil {
		boom(w, http.StatusBadRequest, "Kuery is malformed: "+err.Error())
		return
	}
	now := f.clock.Now()
	f.mu.Lock()
	var selected []*FleetToken
	if len(req.TokenIDs) > 0 {
		for _, id := range req.TokenIDs {
			if t := f.find(id, space); t != nil {
				selected = append(selected, t)
			}
		}
	} else {
		for i := len(f.tokens) - 1; i >= 0 && len(selected) < 10000; i-- {
			if t := f.tokens[i]; inSpace(t.Namespaces, space) && match(t.doc(), now) {
				selected = append(selected, t)
			}
		}
	}
	done, failed := 0, 0
	for batch := range slices.Chunk(selected, bulkBatch) {
		gone := map[*FleetToken]bool{}
		for _, t := range batch {
			if t.Hidden && !req.IncludeHidden {
				continue
			}
			if !f.revoke(t) && !req.ForceDelete {
				failed++
				continue
			}
			if req.ForceDelete {
				gone[t] = true
			}
			done++
		}
		f.remove(gone)
	}
	f.mu.Unlock()
	action := "deactivated"
	if req.ForceDelete {
		action = "deleted"
	}
	writeJSON(w, http.StatusOK, map[string]any{"action": action, "count": done + failed, "successCount": done, "errorCount": failed})
}

func (f *Fleet) agentPolicies(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	p, space := c.p, c.space
	q := r.URL.Query()
	page, perPage, ok := paging(w, r)
	if !ok {
		return
	}
	withCount := q.Get("withAgentCount") == "true" || q.Get("noAgentCount") == "false"
	if perPage > 100 && (withCount || q.Get("full") == "true") {
		boom(w, http.StatusBadRequest, "perPage should be less or equal to 100 when fetching full policies or agent count.")
		return
	}
	if withCount && !p.CanKibana("fleet-agents-read", "fleet-agents-all") {
		withCount = false
	}
	match, err := parseKuery(strings.ReplaceAll(q.Get("kuery"), "ingest-agent-policies.", ""))
	if err != nil {
		boom(w, http.StatusBadRequest, "KQLSyntaxError: "+err.Error())
		return
	}
	now := f.clock.Now()
	f.mu.RLock()
	var hits []AgentPolicy
	for _, pol := range f.policies {
		d := doc{"name": pol.Name, "is_managed": pol.IsManaged, "namespace": pol.Namespace,
			"supports_agentless": pol.SupportsAgentless, "is_default": pol.IsDefault}
		if slices.Contains(pol.SpaceIDs, space) && match(d, now) {
			hits = append(hits, *pol)
		}
	}
	counts := f.agentCounts()
	f.mu.RUnlock()
	desc := q.Get("sortOrder") != "asc"
	slices.SortStableFunc(hits, func(a, b AgentPolicy) int {
		c := a.UpdatedAt.Compare(b.UpdatedAt)
		if q.Get("sortField") == "name" {
			c = strings.Compare(a.Name, b.Name)
		}
		if desc {
			return -c
		}
		return c
	})
	from, to := pageBounds(page, perPage, len(hits))
	items := make([]map[string]any, 0, to-from)
	for _, pol := range hits[from:to] {
		item := pol.json()
		if withCount {
			item["agents"] = counts[pol.ID]
		}
		items = append(items, item)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(hits), "page": page, "perPage": perPage})
}

func (pol *AgentPolicy) json() map[string]any {
	item := map[string]any{
		"id": pol.ID, "name": pol.Name, "namespace": pol.Namespace, "description": pol.Description,
		"is_managed": pol.IsManaged, "is_default": pol.IsDefault, "supports_agentless": pol.SupportsAgentless,
		"space_ids": pol.SpaceIDs, "status": "active", "revision": pol.Revision,
		"updated_at": pol.UpdatedAt.UTC().Format(isoMillis), "updated_by": "elastic", "fleet_server_host_id": nil,
	}
	if pol.FleetServerHostID != "" {
		item["fleet_server_host_id"] = pol.FleetServerHostID
	}
	return item
}

// agentPolicy serves GET /api/fleet/agent_policies/{id}; the agent count
// comes whenever the caller may read agents.
func (f *Fleet) agentPolicy(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	f.mu.RLock()
	pol := f.policy(r.PathValue("id"))
	if pol == nil || !slices.Contains(pol.SpaceIDs, c.space) {
		f.mu.RUnlock()
		// [UNCONFIRMED] message: the route's own not-found text.
		boom(w, http.StatusNotFound, "Agent policy not found")
		return
	}
	item := pol.json()
	count := f.agentCounts()[pol.ID]
	f.mu.RUnlock()
	if c.p.CanKibana("fleet-agents-read", "fleet-agents-all") {
		item["agents"] = count
	}
	writeJSON(w, http.StatusOK, map[string]any{"item": item})
}

// status serves Kibana's GET /api/status: authentication is optional, and
// without valid credentials the body is the redacted form.
func (f *Fleet) status(w http.ResponseWriter, r *http.Request) {
	if p, fail := f.Realm.Authenticate(r); p == nil || fail != nil {
		writeJSON(w, http.StatusOK, map[string]any{"status": map[string]any{"overall": map[string]any{"level": "available"}}})
		return
	}
	available := func(summary string) map[string]any { return map[string]any{"level": "available", "summary": summary} }
	writeJSON(w, http.StatusOK, map[string]any{
		"name": "kibana", "uuid": "5b2de169-2785-441b-ae8c-186a1936b17d",
		"version": map[string]any{"number": f.version(), "build_hash": esBuildHash, "build_number": 88412,
			"build_snapshot": false, "build_flavor": "traditional", "build_date": "2026-10-14T11:02:09.000Z"},
		"status": map[string]any{
			"overall": available("All services and plugins are available"),
			"core": map[string]any{"elasticsearch": available("Elasticsearch is available"),
				"savedObjects": available("SavedObjects service has completed migrations and is available")},
			"plugins": map[string]any{"fleet": available("Fleet is available")},
		},
		"metrics": map[string]any{"last_updated": f.clock.Now().UTC().Format(isoMillis), "collection_interval_in_millis": 5000,
			"concurrent_connections": 0},
	})
}

func (f *Fleet) fleetServerHosts(w http.ResponseWriter, _ *http.Request, _ kibanaCall) {
	f.mu.RLock()
	items := make([]map[string]any, 0, len(f.hosts))
	for _, h := range f.hosts {
		items = append(items, map[string]any{"id": h.ID, "name": h.Name, "host_urls": h.HostURLs,
			"is_default": h.IsDefault, "is_internal": h.IsInternal, "is_preconfigured": false})
	}
	f.mu.RUnlock()
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(items), "page": 1, "perPage": 20})
}

// pageBounds is the slice of n hits that a 1-based page holds.
func pageBounds(page, perPage, n int) (from, to int) {
	from = min((page-1)*perPage, n)
	return from, min(from+perPage, n)
}

// The role descriptors of Fleet's API keys, with the fields Elasticsearch
// fills in, prepared once: seeding 100,000 tokens must not parse them
// 100,000 times. An enrollment key holds no privileges; an agent's access
// key only Fleet's "no-privileges" application privilege.
var (
	fleetEnrollDescriptor = map[string]json.RawMessage{"fleet-apikey-enroll": json.RawMessage(
		`{"applications":[],"cluster":[],"index":[],"indices":[],"metadata":{},"run_as":[],"transient_metadata":{"enabled":true}}`)}
	fleetAccessDescriptor = map[string]json.RawMessage{"fleet-apikey-access": json.RawMessage(
		`{"applications":[{"application":"fleet","privileges":["no-privileges"],"resources":["*"]}],"cluster":[],"indices":[],"metadata":{},"run_as":[],"transient_metadata":{"enabled":true}}`)}
	// fleetServerUser owns the agents' access keys.
	fleetServerUser = &User{Username: "elastic/fleet-server", Realm: "_service_account"}
)

// fleetKey stores an API key Fleet makes, as CreateKey would with a
// prepared descriptor.
func (r *Realm) fleetKey(owner *User, name string, ttl time.Duration, descriptors map[string]json.RawMessage, metadata map[string]any) *APIKey {
	now := r.clock.Now()
	k := &APIKey{
		ID: r.gen.str(urlSafe, 20), Name: name, Secret: r.gen.str(urlSafe, 22),
		Creation: now, Username: owner.Username, Realm: owner.Realm,
		Metadata:        metadata,
		RoleDescriptors: descriptors,
		limited:         true,
		limitedBy:       owner.Cluster, kibanaBy: owner.Kibana,
	}
	if ttl > 0 {
		k.Expiration = now.Add(ttl)
	}
	r.mu.Lock()
	r.keys[k.ID] = k
	r.keyOrder = append(r.keyOrder, k.ID)
	r.mu.Unlock()
	return k
}
