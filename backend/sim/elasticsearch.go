package sim

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"
)

// EnrollActions maps a token scope to the cluster action its key holds.
var EnrollActions = map[string]string{
	"node":   "cluster:admin/xpack/security/enroll/node",
	"kibana": "cluster:admin/xpack/security/enroll/kibana",
}

// ESConfig describes the simulated cluster.
type ESConfig struct {
	ClusterName  string
	NodeName     string
	NodeID       string
	Version      string
	BoundAddress []string // http.bound_address; defaults to the listener's address
	PublishAddr  string   // http.publish_address, "ip:port" or "host/ip:port"
}

// Elasticsearch simulates one cluster's REST API as far as enrollment
// tokens need it; see the package documentation.
type Elasticsearch struct {
	Realm  *Realm
	Faults Faults

	mu                sync.Mutex
	cfg               ESConfig
	health            string
	enrollmentEnabled bool
	httpCA            *CA
	clusterUUID       string
	nodeList          []esNode

	materialMu   sync.Mutex
	nodeMaterial *nodeMaterial // made on the first node enrollment

	logs logStore // Fleet Server's log lines (usagelog.go)
}

// NewElasticsearch makes a cluster simulator; the realm holds its users.
func NewElasticsearch(realm *Realm, cfg ESConfig) *Elasticsearch {
	if cfg.ClusterName == "" {
		cfg.ClusterName = "tokentui-demo"
	}
	if cfg.NodeName == "" {
		cfg.NodeName = "es01"
	}
	if cfg.NodeID == "" {
		cfg.NodeID = "q1w2e3r4t5y6u7i8o9p0aa"
	}
	if cfg.Version == "" {
		cfg.Version = ESVersion
	}
	local := esNode{ID: cfg.NodeID, Name: cfg.NodeName, TransportAddr: "127.0.0.1:9300",
		HTTPBound: cfg.BoundAddress, HTTPPublish: cfg.PublishAddr}
	return &Elasticsearch{Realm: realm, cfg: cfg, health: "green", enrollmentEnabled: true,
		clusterUUID: "Yp2QqJ3bT9uGm0yWQ1xK8A", nodeList: []esNode{local}}
}

// ESVersion is the Elasticsearch version the simulator reports by default.
const ESVersion = "9.5.0"

// SetHealth sets the cluster status (green, yellow, red).
func (s *Elasticsearch) SetHealth(status string) { s.mu.Lock(); s.health = status; s.mu.Unlock() }

// SetEnrollment turns xpack.security.enrollment.enabled on or off.
func (s *Elasticsearch) SetEnrollment(on bool) { s.mu.Lock(); s.enrollmentEnabled = on; s.mu.Unlock() }

// SetHTTPCA sets the HTTP CA: the enroll-Kibana API hands it out, and the
// enroll-node API's CAs are signed by it.
func (s *Elasticsearch) SetHTTPCA(ca *CA) { s.mu.Lock(); s.httpCA = ca; s.mu.Unlock() }

// SetAddresses sets the node's HTTP bound and publish addresses.
func (s *Elasticsearch) SetAddresses(bound []string, publish string) {
	s.mu.Lock()
	s.cfg.BoundAddress, s.cfg.PublishAddr = bound, publish
	s.nodeList[0].HTTPBound, s.nodeList[0].HTTPPublish = bound, publish
	s.mu.Unlock()
}

// Version is the simulated node version.
func (s *Elasticsearch) Version() string { return s.cfg.Version }

var esProductHeader = http.Header{"X-Elastic-Product": {"Elasticsearch"}}

// Handler serves the simulator, faults first.
func (s *Elasticsearch) Handler() http.Handler {
	return s.Faults.Wrap(s.serve(s.routes()), esErrorBody, esProductHeader)
}

func esErrorBody(w http.ResponseWriter, status int, reason string) {
	typ := "status_exception"
	if status == http.StatusTooManyRequests {
		typ = "es_rejected_execution_exception"
	}
	esError(w, status, typ, reason)
}

func esError(w http.ResponseWriter, status int, typ, reason string) {
	cause := map[string]any{"type": typ, "reason": reason}
	writeJSON(w, status, map[string]any{
		"error":  map[string]any{"root_cause": []any{cause}, "type": typ, "reason": reason},
		"status": status,
	})
}

var wwwAuthenticate = []string{`Basic realm="security" charset="UTF-8"`, `Bearer realm="security"`, `ApiKey`}

func esUnauthorized(w http.ResponseWriter, reason string) {
	for _, v := range wwwAuthenticate {
		w.Header().Add("WWW-Authenticate", v)
	}
	hdr := map[string]any{"WWW-Authenticate": wwwAuthenticate}
	cause := map[string]any{"type": "security_exception", "reason": reason, "header": hdr}
	writeJSON(w, http.StatusUnauthorized, map[string]any{
		"error": map[string]any{"root_cause": []any{cause}, "type": "security_exception",
			"reason": reason, "header": hdr},
		"status": http.StatusUnauthorized,
	})
}

// may answers 403 unless p may perform the cluster action.
func (s *Elasticsearch) may(w http.ResponseWriter, p *Principal, action string) bool {
	if p.Can(action) {
		return true
	}
	s.forbidden(w, p, action)
	return false
}

func (s *Elasticsearch) forbidden(w http.ResponseWriter, p *Principal, action string) {
	who := "user [" + p.Name() + "]"
	if p.APIKey != nil {
		who = "API key id [" + p.APIKey.ID + "] of user [" + p.User.Username + "]"
	}
	roles := strings.Join(p.User.Roles, ",")
	reason := fmt.Sprintf("action [%s] is unauthorized for %s with effective roles [%s]", action, who, roles)
	if g := grantedBy(action); len(g) > 0 {
		reason += ", this action is granted by the cluster privileges [" + strings.Join(g, ",") + "]"
	}
	esError(w, http.StatusForbidden, "security_exception", reason)
}

// esHandler serves one route for an authenticated principal.
type esHandler func(w http.ResponseWriter, r *http.Request, p *Principal)

// routes maps each method and path to its handler; "/" answers what no
// other pattern matches, as a node does for a path it has no handler for.
func (s *Elasticsearch) routes() *http.ServeMux {
	mux := http.NewServeMux()
	// handle serves h on each of its patterns.
	handle := func(h esHandler, patterns ...string) {
		for _, p := range patterns {
			mux.HandleFunc(p, s.authenticated(h))
		}
	}
	handle(s.root, "GET /{$}")
	handle(s.clusterHealth, "GET /_cluster/health")
	handle(s.authenticate, "GET /_security/_authenticate")
	handle(s.createKey, "POST /_security/api_key", "PUT /_security/api_key")
	handle(s.getKeys, "GET /_security/api_key")
	handle(s.invalidateKeys, "DELETE /_security/api_key")
	handle(s.badMethod, "/_security/api_key")
	handle(s.queryKeys, "POST /_security/_query/api_key", "GET /_security/_query/api_key")
	for _, index := range []string{"logs-elastic_agent.fleet_server-*", FleetServerLogStream} {
		handle(s.search, "POST /"+index+"/_search", "GET /"+index+"/_search")
	}
	handle(s.nodes, "GET /_nodes", "GET /_nodes/{a}", "GET /_nodes/{a}/{b}", "GET /_nodes/{a}/info/{b}")
	handle(s.enrollNode, "GET /_security/enroll/node")
	handle(s.enrollKibana, "GET /_security/enroll/kibana")
	handle(s.noHandler, "/")
	return mux
}

// serve checks what every request must pass before routing: the product
// header goes on every answer, a body must be JSON, and a path's trailing
// slash does not matter.
func (s *Elasticsearch) serve(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		if r.Method == http.MethodOptions {
			options(w, r, mux)
			return
		}
		if r.ContentLength > 0 || r.Header.Get("Content-Type") != "" || r.Method == http.MethodPost || r.Method == http.MethodPut {
			if !s.checkContentType(w, r) {
				return
			}
		}
		if p := strings.TrimRight(r.URL.Path, "/"); p != r.URL.Path {
			r.URL.Path, r.URL.RawPath = "/"+strings.TrimLeft(p, "/"), ""
		}
		mux.ServeHTTP(w, r)
	}
}

// options answers OPTIONS as a node does, before authentication: 200, an
// empty text body and Allow: the methods some route has for the path.
func options(w http.ResponseWriter, r *http.Request, mux *http.ServeMux) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); strings.HasPrefix(pattern, m+" ") ||
			(m == http.MethodHead && strings.HasPrefix(pattern, "GET ")) {
			allow = append(allow, m)
		}
	}
	w.Header().Set("Allow", strings.Join(allow, ","))
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.WriteHeader(http.StatusOK)
}

// authenticated answers 401 unless the request carries valid credentials.
func (s *Elasticsearch) authenticated(h esHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, fail := s.Realm.Authenticate(r)
		if fail != nil {
			esUnauthorized(w, fail.reason)
			return
		}
		if p == nil {
			esUnauthorized(w, "missing authentication credentials for REST request ["+r.URL.RequestURI()+"]")
			return
		}
		h(w, r, p)
	}
}

// noHandler is a node's answer for a route it does not have, in the simple
// error form.
func (s *Elasticsearch) noHandler(w http.ResponseWriter, r *http.Request, _ *Principal) {
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"error":  fmt.Sprintf("no handler found for uri [%s] and method [%s]", r.URL.RequestURI(), r.Method),
		"status": http.StatusBadRequest,
	})
}

// esBodyError words a bad request body as Elasticsearch's parsers do:
// "[line:col] [parser] unknown field [name]".
func esBodyError(w http.ResponseWriter, parser string, e *bodyError) {
	at := fmt.Sprintf("[%d:%d] ", e.Line, e.Col)
	switch {
	case e.Empty:
		esError(w, http.StatusBadRequest, "parse_exception", "request body is required")
	case e.Unknown:
		esError(w, http.StatusBadRequest, "x_content_parse_exception", at+"["+parser+"] unknown field ["+e.Field+"]")
	case e.Field != "":
		esError(w, http.StatusBadRequest, "x_content_parse_exception", at+"["+parser+"] failed to parse field ["+e.Field+"]")
	default:
		esError(w, http.StatusBadRequest, "x_content_parse_exception", at+"Unexpected character or end-of-input in ["+parser+"]")
	}
}

func (s *Elasticsearch) badMethod(w http.ResponseWriter, r *http.Request, _ *Principal) {
	writeJSON(w, http.StatusMethodNotAllowed, map[string]any{
		"error":  fmt.Sprintf("Incorrect HTTP method for uri [%s] and method [%s], allowed: [POST, GET, DELETE, PUT]", r.URL.RequestURI(), r.Method),
		"status": http.StatusMethodNotAllowed,
	})
}

// checkContentType answers 406 in the simple form, as ES does.
func (s *Elasticsearch) checkContentType(w http.ResponseWriter, r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		if r.ContentLength == 0 {
			return true // a PUT/POST without a body has nothing to type
		}
		writeJSON(w, http.StatusNotAcceptable, map[string]any{"error": "Content-Type header is missing", "status": http.StatusNotAcceptable})
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && mt != "application/vnd.elasticsearch+json") {
		writeJSON(w, http.StatusNotAcceptable, map[string]any{"error": "Content-Type header [" + ct + "] is not supported", "status": http.StatusNotAcceptable})
		return false
	}
	return true
}

// root serves GET / and HEAD / (the ping API: the same handler, no body).
func (s *Elasticsearch) root(w http.ResponseWriter, r *http.Request, p *Principal) {
	if !s.may(w, p, "cluster:monitor/main") {
		return
	}
	s.reply(w, r, http.StatusOK, map[string]any{
		"name": s.cfg.NodeName, "cluster_name": s.cfg.ClusterName, "cluster_uuid": s.clusterUUID,
		"version": map[string]any{
			"number": s.cfg.Version, "build_flavor": "default", "build_type": "docker",
			"build_hash": esBuildHash, "build_date": esBuildDate,
			"build_snapshot": false, "lucene_version": "10.3.1",
			"minimum_wire_compatibility_version": "8.19.0", "minimum_index_compatibility_version": "8.0.0",
		},
		"tagline": "You Know, for Search",
	})
}

func (s *Elasticsearch) clusterHealth(w http.ResponseWriter, r *http.Request, p *Principal) {
	if !s.may(w, p, "cluster:monitor/health") {
		return
	}
	s.mu.Lock()
	status, nodes := s.health, len(s.nodeList)
	s.mu.Unlock()
	s.reply(w, r, http.StatusOK, map[string]any{
		"cluster_name": s.cfg.ClusterName, "status": status, "timed_out": false,
		"number_of_nodes": nodes, "number_of_data_nodes": nodes, "active_primary_shards": 12,
		"active_shards": 12, "relocating_shards": 0, "initializing_shards": 0,
		"unassigned_shards": 0, "unassigned_primary_shards": 0, "delayed_unassigned_shards": 0, "number_of_pending_tasks": 0,
		"number_of_in_flight_fetch": 0, "task_max_waiting_in_queue_millis": 0,
		"active_shards_percent_as_number": 100.0,
	})
}

func (s *Elasticsearch) authenticate(w http.ResponseWriter, r *http.Request, p *Principal) {
	realm := map[string]any{"name": p.User.Realm, "type": realmType(p.User.Realm)}
	out := map[string]any{
		"username": p.Name(), "roles": nonNil(p.User.Roles), "full_name": nil, "email": nil,
		"metadata": map[string]any{}, "enabled": true,
		"authentication_realm": realm, "lookup_realm": realm, "authentication_type": "realm",
	}
	switch {
	case p.APIKey != nil:
		out["authentication_type"] = "api_key"
		out["api_key"] = map[string]any{"id": p.APIKey.ID, "name": p.APIKey.Name}
		out["authentication_realm"] = map[string]any{"name": "_es_api_key", "type": "_es_api_key"}
	case p.Service != "":
		_, bearer, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		out["authentication_type"] = "token"
		out["full_name"] = "Service account - " + p.Service
		out["metadata"] = map[string]any{"_elastic_service_account": true}
		out["authentication_realm"] = map[string]any{"name": "_service_account", "type": "_service_account"}
		out["lookup_realm"] = out["authentication_realm"]
		out["token"] = map[string]any{"name": serviceTokenName(strings.TrimSpace(bearer)),
			"type": "_service_account_index", "managed_by": "elasticsearch"}
	}
	s.reply(w, r, http.StatusOK, out)
}

func realmType(name string) string {
	switch name {
	case "default_file":
		return "file"
	case "_service_account":
		return "_service_account"
	}
	return "native"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type createKeyRequest struct {
	Name            string                     `json:"name"`
	Expiration      string                     `json:"expiration,omitempty"`
	RoleDescriptors map[string]json.RawMessage `json:"role_descriptors,omitempty"`
	Metadata        map[string]any             `json:"metadata,omitempty"`
}

func (s *Elasticsearch) createKey(w http.ResponseWriter, r *http.Request, p *Principal) {
	const action = "cluster:admin/xpack/security/api_key/create"
	var req createKeyRequest
	if err := decodeStrict(r, &req); err != nil {
		esBodyError(w, "api_key_request", err)
		return
	}
	if req.Name == "" {
		esError(w, http.StatusBadRequest, "action_request_validation_exception", "Validation Failed: 1: api key name is required;")
		return
	}
	var ttl time.Duration
	if req.Expiration != "" {
		d, err := parseESDuration(req.Expiration)
		if err != nil {
			esError(w, http.StatusBadRequest, "illegal_argument_exception", "failed to parse setting [expiration] with value ["+req.Expiration+"] as a time value: "+err.Error())
			return
		}
		ttl = d
	}
	if p.APIKey != nil && hasPrivileges(req.RoleDescriptors) {
		esError(w, http.StatusBadRequest, "illegal_argument_exception", "creating derived api keys requires an explicit role descriptor that is empty (has no privileges)")
		return
	}
	if !p.Can(action) {
		s.forbidden(w, p, action)
		return
	}
	k := s.Realm.CreateKey(p.User, req.Name, ttl, req.RoleDescriptors, req.Metadata)
	out := map[string]any{
		"id": k.ID, "name": k.Name, "api_key": k.Secret,
		"encoded": base64.StdEncoding.EncodeToString([]byte(k.ID + ":" + k.Secret)),
	}
	if !k.Expiration.IsZero() {
		out["expiration"] = k.Expiration.UnixMilli()
	}
	writeJSON(w, http.StatusOK, out)
}

func hasPrivileges(rds map[string]json.RawMessage) bool {
	for _, raw := range rds {
		var rd map[string]json.RawMessage
		if json.Unmarshal(raw, &rd) != nil {
			return true
		}
		for k, v := range rd {
			if k == "metadata" || k == "description" {
				continue
			}
			t := strings.TrimSpace(string(v))
			if t != "[]" && t != "{}" && t != "null" {
				return true
			}
		}
	}
	return false
}

// parseESDuration reads Elasticsearch time units: d, h, m, s, ms.
func parseESDuration(v string) (time.Duration, error) {
	units := []struct {
		suffix string
		unit   time.Duration
	}{{"nanos", time.Nanosecond}, {"micros", time.Microsecond}, {"ms", time.Millisecond},
		{"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}, {"d", 24 * time.Hour}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			var x int64
			if _, err := fmt.Sscanf(n, "%d", &x); err != nil || fmt.Sprint(x) != n || x < 0 {
				return 0, fmt.Errorf("unit is missing or unrecognized")
			}
			return time.Duration(x) * u.unit, nil
		}
	}
	return 0, fmt.Errorf("unit is missing or unrecognized")
}

func (s *Elasticsearch) getKeys(w http.ResponseWriter, r *http.Request, p *Principal) {
	const action = "cluster:admin/xpack/security/api_key/get"
	q := r.URL.Query()
	id, name := q.Get("id"), q.Get("name")
	owner := q.Get("owner") == "true"
	activeOnly := q.Get("active_only") == "true"
	withLimitedBy := q.Get("with_limited_by") == "true"
	username, realmName := q.Get("username"), q.Get("realm_name")
	if id != "" && (name != "" || username != "" || realmName != "") {
		esError(w, http.StatusBadRequest, "action_request_validation_exception", "Validation Failed: 1: username or realm name must not be specified when the api key id or api key name is specified;")
		return
	}
	// manage_own_api_key covers only requests for the caller's own keys.
	seeAll := holdsAny(p.User.Cluster, "read_security", "manage_api_key", "manage_security", "all")
	if !p.Can(action) || (!seeAll && !owner) {
		s.forbidden(w, p, action)
		return
	}
	// An API key may read the limited-by descriptors only with
	// manage_api_key or more.
	if withLimitedBy && p.APIKey != nil && !holdsAny(p.User.Cluster, "manage_api_key", "manage_security", "all") {
		s.forbidden(w, p, "cluster:admin/xpack/security/api_key/get")
		return
	}
	now := s.Realm.clock.Now()
	keys := s.Realm.Keys(func(k *APIKey) bool {
		if id != "" && k.ID != id {
			return false
		}
		if name != "" && !matchName(name, k.Name) {
			return false
		}
		if owner && (k.Username != p.User.Username || k.Realm != p.User.Realm) {
			return false
		}
		if username != "" && k.Username != username {
			return false
		}
		if realmName != "" && k.Realm != realmName {
			return false
		}
		if activeOnly && (k.Invalidated || (!k.Expiration.IsZero() && !k.Expiration.After(now))) {
			return false
		}
		return true
	})
	items := make([]map[string]any, 0, len(keys))
	for _, k := range keys {
		item := keyItem(k)
		if withLimitedBy {
			item["limited_by"] = s.limitedBy(k)
		}
		items = append(items, item)
	}
	status := http.StatusOK
	if id != "" && len(items) == 0 {
		status = http.StatusNotFound
	}
	s.reply(w, r, status, map[string]any{"api_keys": items})
}

// keyItem is an API key as the get and query APIs show it.
func keyItem(k APIKey) map[string]any {
	item := map[string]any{
		"id": k.ID, "name": k.Name, "type": "rest", "creation": k.Creation.UnixMilli(),
		"invalidated": k.Invalidated, "username": k.Username, "realm": k.Realm,
		"realm_type": realmType(k.Realm), "metadata": k.Metadata,
	}
	if !k.Expiration.IsZero() {
		item["expiration"] = k.Expiration.UnixMilli()
	}
	if k.Invalidated {
		item["invalidation"] = k.Invalidation.UnixMilli()
	}
	if k.RoleDescriptors != nil {
		item["role_descriptors"] = k.RoleDescriptors
	}
	return item
}

// limitedBy is the snapshot of the owner's role descriptors a key keeps:
// one map, role name to descriptor, with the cluster privileges the owner
// held when the key was made.
func (s *Elasticsearch) limitedBy(k APIKey) []map[string]any {
	roles := []string{"_owner"}
	s.Realm.mu.RLock()
	if u, ok := s.Realm.user(k.Username); ok && len(u.Roles) > 0 {
		roles = u.Roles
	}
	s.Realm.mu.RUnlock()
	descriptors := map[string]any{}
	for _, role := range roles {
		descriptors[role] = map[string]any{"cluster": nonNil(k.limitedBy), "indices": []any{}, "applications": []any{},
			"run_as": []any{}, "metadata": map[string]any{}, "transient_metadata": map[string]any{"enabled": true}}
	}
	return []map[string]any{descriptors}
}

func holdsAny(privs []string, any ...string) bool {
	for _, a := range any {
		for _, p := range privs {
			if p == a {
				return true
			}
		}
	}
	return false
}

// matchName supports the trailing-* wildcard of the get API key API.
func matchName(pattern, name string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(name, prefix)
	}
	return pattern == name
}

type invalidateRequest struct {
	IDs       []string `json:"ids,omitempty"`
	Name      string   `json:"name,omitempty"`
	RealmName string   `json:"realm_name,omitempty"`
	Username  string   `json:"username,omitempty"`
	Owner     bool     `json:"owner,omitempty"`
}

func (s *Elasticsearch) invalidateKeys(w http.ResponseWriter, r *http.Request, p *Principal) {
	const action = "cluster:admin/xpack/security/api_key/invalidate"
	var req invalidateRequest
	if err := decodeStrict(r, &req); err != nil {
		esBodyError(w, "invalidate_api_key", err)
		return
	}
	if len(req.IDs) == 0 && req.Name == "" && req.RealmName == "" && req.Username == "" && !req.Owner {
		esError(w, http.StatusBadRequest, "action_request_validation_exception", "Validation Failed: 1: One of [api key id(s), api key name, username, realm name] must be specified if [owner] flag is false;")
		return
	}
	if !p.Can(action) {
		s.forbidden(w, p, action)
		return
	}
	ownOnly := !holdsAny(p.User.Cluster, "manage_api_key", "manage_security", "all")
	if ownOnly && !req.Owner && req.Username != p.User.Username {
		s.forbidden(w, p, action)
		return
	}
	done, _ := s.Realm.Invalidate(func(k *APIKey) bool {
		if len(req.IDs) > 0 && !containsStr(req.IDs, k.ID) {
			return false
		}
		if req.Name != "" && !matchName(req.Name, k.Name) {
			return false
		}
		if req.Username != "" && k.Username != req.Username {
			return false
		}
		if req.RealmName != "" && k.Realm != req.RealmName {
			return false
		}
		if (req.Owner || ownOnly) && (k.Username != p.User.Username || k.Realm != p.User.Realm) {
			return false
		}
		return true
	})
	// Elasticsearch filters already-invalidated keys out before it
	// invalidates, so they land in neither list.
	writeJSON(w, http.StatusOK, map[string]any{
		"invalidated_api_keys": nonNil(done), "previously_invalidated_api_keys": []string{}, "error_count": 0,
	})
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const enrollmentDisabled = "Enrollment mode is not enabled. Set [xpack.security.enrollment.enabled] to true, in order to use this API."

func (s *Elasticsearch) enrollGate(w http.ResponseWriter, p *Principal, action string) bool {
	s.mu.Lock()
	on := s.enrollmentEnabled
	s.mu.Unlock()
	if !on {
		esError(w, http.StatusForbidden, "security_exception", enrollmentDisabled)
		return false
	}
	if !p.Can(action) {
		s.forbidden(w, p, action)
		return false
	}
	return true
}

// invalidateKey invalidates one key by id, without scanning the others.
func (r *Realm) invalidateKey(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if k, ok := r.keys[id]; ok && !k.Invalidated {
		k.Invalidated, k.Invalidation = true, r.clock.Now()
	}
}
