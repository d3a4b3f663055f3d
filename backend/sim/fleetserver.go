package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// FleetServerVersion is the Fleet Server version the simulator reports and
// checks agents' versions against; it ships with the Kibana of FleetVersion.
const FleetServerVersion = FleetVersion

// fleetServerAPIVersion is the only version of Fleet Server's API.
const fleetServerAPIVersion = "2023-06-01"

// FleetServer simulates Fleet Server's agent-facing API. It shares its
// store with the Kibana Fleet simulator: tokens, policies and agents.
type FleetServer struct {
	Fleet  *Fleet
	Faults Faults
	// LogTo, when set, receives an enrollment log line per enrollment, as
	// a Fleet Server whose logs are collected (usagelog.go).
	LogTo *Elasticsearch
	// APIKeyCacheTTL is how long an API key Elasticsearch accepted is
	// accepted again at /v1/opamp without asking (Fleet Server: 10–15
	// minutes); 0, the demo's, caches nothing, so a revoke cuts
	// collectors off at once. Set it before serving.
	APIKeyCacheTTL time.Duration
	keys           opampKeyCache
}

// NewFleetServer makes a Fleet Server in front of a Fleet simulator.
func NewFleetServer(f *Fleet) *FleetServer { return &FleetServer{Fleet: f} }

// fsError is one of Fleet Server's errors: its status, name and message.
type fsError struct {
	status      int
	name, error string
}

func (e fsError) write(w http.ResponseWriter) {
	// Fleet Server's HTTPErrResp: fields in this order, message omitted
	// when empty.
	raw, _ := json.Marshal(struct {
		StatusCode int    `json:"statusCode"`
		Error      string `json:"error"`
		Message    string `json:"message,omitempty"`
	}{e.status, e.name, e.error})
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(e.status)
	_, _ = w.Write(raw)
}

var (
	errNoUserAgent      = fsError{500, "BadRequest", "Header parameter User-Agent is required, but not found"}
	errNoAuthHeader     = fsError{401, "ErrNoAuthHeader", "no authorization header"}
	errMalformedHeader  = fsError{400, "ErrMalformedHeader", "malformed authorization header"}
	errInvalidToken     = fsError{401, "ErrInvalidToken", "token not valid utf8"}
	errMalformedToken   = fsError{400, "ErrMalformedToken", "malformed token"}
	errUnauthorized     = fsError{401, "ErrUnauthorized", "unauthorized"}
	errInvalidUserAgent = fsError{400, "InvalidUserAgent", "user-agent is invalid"}
	errUnsupportedVer   = fsError{400, "UnsupportedVersion", "version is not supported"}
	errNoEnrollmentKey  = fsError{500, "BadRequest", "FindEnrollmentAPIKey: hit count mismatch 0"}
	errUnknownType      = fsError{500, "BadRequest", "unknown enroll request type"}
	errNotReplaceable   = fsError{403, "AgentNotReplaceable", "existing agent cannot be replaced"}
)

// Handler serves the simulator, faults first.
func (fs *FleetServer) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/fleet/agents/enroll", fs.enroll)
	mux.HandleFunc("POST /api/fleet/agents/{id}/checkin", fs.checkin)
	mux.HandleFunc("GET /api/status", fs.status)
	mux.HandleFunc("/v1/opamp", fs.opamp)
	return fs.Faults.Wrap(fs.apiVersion(mux), func(w http.ResponseWriter, status int, reason string) {
		fsError{status, http.StatusText(status), reason}.write(w)
	}, nil)
}

var apiVersionFormat = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`) })

// apiVersion echoes the Elastic-Api-Version header (or the default) on
// every answer.
func (fs *FleetServer) apiVersion(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := r.Header.Get("Elastic-Api-Version")
		if v == "" {
			v = fleetServerAPIVersion
		}
		w.Header().Set("Elastic-Api-Version", v)
		next.ServeHTTP(w, r)
	})
}

// checkAPIVersion refuses a malformed or unsupported Elastic-Api-Version.
func checkAPIVersion(r *http.Request) *fsError {
	v := r.Header.Get("Elastic-Api-Version")
	switch {
	case v == "":
		return nil
	case !apiVersionFormat().MatchString(v):
		return &fsError{400, "ErrInvalidAPIVersionFormat", `received "` + v + `", expected a valid date string formatted as YYYY-MM-DD. invalid version format`}
	case v != fleetServerAPIVersion:
		return &fsError{400, "ErrUnsupportedAPIVersion", `received "` + v + `", is not supported. supported versions are: [` + fleetServerAPIVersion + `] version is not supported`}
	}
	return nil
}

// apiKeyHeader reads "Authorization: ApiKey <base64(id:key)>" as Fleet
// Server does, without asking Elasticsearch: the key's id and secret, and
// the header's token.
func apiKeyHeader(r *http.Request) (id, secret, token string, ferr *fsError) {
	values := r.Header.Values("Authorization")
	if len(values) == 0 {
		return "", "", "", &errNoAuthHeader
	}
	token, ok := strings.CutPrefix(values[0], "ApiKey ")
	if len(values) > 1 || !ok {
		return "", "", "", &errMalformedHeader
	}
	token = strings.TrimSpace(token)
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil || !utf8.Valid(raw) {
		return "", "", "", &errInvalidToken
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 2 {
		return "", "", "", &errMalformedToken
	}
	return parts[0], parts[1], token, nil
}

// apiKey authenticates the request's API key as Fleet Server does,
// asking the simulated Elasticsearch; it returns the key id.
func (fs *FleetServer) apiKey(r *http.Request) (string, *fsError) {
	id, _, token, ferr := apiKeyHeader(r)
	if ferr != nil {
		return "", ferr
	}
	probe, _ := http.NewRequest(http.MethodGet, "/_security/_authenticate", nil)
	probe.Header.Set("Authorization", "ApiKey "+token)
	if p, fail := fs.Fleet.Realm.Authenticate(probe); p == nil || fail != nil {
		return "", &errUnauthorized
	}
	return id, nil
}

// authenticate checks the API version, then the API key; it answers the
// error itself.
func (fs *FleetServer) authenticate(w http.ResponseWriter, r *http.Request) (keyID string, ok bool) {
	ferr := checkAPIVersion(r)
	if ferr == nil {
		keyID, ferr = fs.apiKey(r)
	}
	if ferr != nil {
		ferr.write(w)
		return "", false
	}
	return keyID, true
}

// agentVersion checks an Elastic Agent User-Agent against Fleet Server's
// rule: "Elastic Agent v<version>", at least 7.13, at most this Fleet
// Server's major.minor (any patch). It returns the version without suffix.
func agentVersion(ua string) (string, *fsError) {
	rest, ok := strings.CutPrefix(strings.ToLower(ua), "elastic agent ")
	if !ok {
		return "", &errInvalidUserAgent
	}
	rest, _, _ = strings.Cut(strings.TrimPrefix(strings.TrimSpace(rest), "v"), "-")
	v, ok := parseVersion(rest)
	if !ok {
		return "", &errInvalidUserAgent
	}
	server, _ := parseVersion(FleetServerVersion)
	if compareVersion(v, [3]int{7, 13, 0}) < 0 || compareVersion(v, [3]int{server[0], server[1], 1<<31 - 1}) > 0 {
		return "", &errUnsupportedVer
	}
	return rest, nil
}

func parseVersion(s string) ([3]int, bool) {
	var v [3]int
	parts := strings.Split(s, ".")
	if len(parts) < 1 || len(parts) > 3 {
		return v, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

func compareVersion(a, b [3]int) int { return slices.Compare(a[:], b[:]) }

// enrollRequest is Fleet Server's enroll body; unknown fields are ignored.
type enrollRequest struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Replace  string `json:"replace_token"`
	EnrollID string `json:"enrollment_id"`
	Metadata struct {
		Local        json.RawMessage `json:"local"`
		UserProvided json.RawMessage `json:"user_provided"`
		Tags         []string        `json:"tags"`
	} `json:"metadata"`
}

// enroll serves POST /api/fleet/agents/enroll in Fleet Server's order of
// checks: User-Agent present, API version, API key, User-Agent version,
// enrollment record, body, then the agent and its access key.
func (fs *FleetServer) enroll(w http.ResponseWriter, r *http.Request) {
	if len(r.Header.Values("User-Agent")) == 0 {
		errNoUserAgent.write(w)
		return
	}
	keyID, ok := fs.authenticate(w, r)
	if !ok {
		return
	}
	version, ferr := agentVersion(r.Header.Get("User-Agent"))
	if ferr != nil {
		ferr.write(w)
		return
	}
	f := fs.Fleet
	f.mu.RLock()
	tok, ok := f.byKeyID[keyID]
	active := ok && tok.Active
	f.mu.RUnlock()
	if !active {
		errNoEnrollmentKey.write(w)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 512<<10))
	var req enrollRequest
	if err == nil {
		err = json.Unmarshal(body, &req)
		if len(body) == 0 {
			err = io.EOF
		}
	}
	if err != nil {
		fsError{400, "BadRequest", "Bad request: unable to decode enroll request: " + err.Error()}.write(w)
		return
	}
	switch req.Type {
	case "PERMANENT", "EPHEMERAL", "TEMPORARY":
	default:
		errUnknownType.write(w)
		return
	}
	agent, ferr := fs.store(tok, version, req)
	if ferr != nil {
		ferr.write(w)
		return
	}
	key := agent.accessKey
	if fs.LogTo != nil {
		f.mu.Lock()
		reqID := f.gen.uuid()
		f.mu.Unlock()
		fs.LogTo.IndexEnrollLog(EnrollLog{Timestamp: agent.EnrolledAt, APIKeyID: keyID, AgentID: agent.ID,
			Policy: agent.PolicyID, AccessAPIKeyID: key.ID, RequestID: reqID})
	}
	w.Header().Set("Content-Type", "application/json")
	raw, _ := json.Marshal(map[string]any{"action": "created", "item": map[string]any{
		"id": agent.ID, "active": true, "policy_id": agent.PolicyID, "type": agent.Type,
		"enrolled_at": agent.EnrolledAt.UTC().Format(rfc3339Seconds), "user_provided_metadata": nil,
		"local_metadata": agent.LocalMetadata, "access_api_key_id": key.ID,
		"access_api_key": base64.StdEncoding.EncodeToString([]byte(key.ID + ":" + key.Secret)),
		"status":         "online", "tags": agent.Tags,
	}})
	_, _ = w.Write(raw)
}

// enrolled is an agent just stored, with its access key.
type enrolled struct {
	*Agent
	accessKey *APIKey
}

// store creates (or replaces) the agent record and its access key.
func (fs *FleetServer) store(tok *FleetToken, version string, req enrollRequest) (enrolled, *fsError) {
	f := fs.Fleet
	now := f.clock.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	if req.EnrollID != "" {
		for _, a := range slices.Clone(f.agents) {
			if a.EnrollmentID == req.EnrollID && a.LastCheckin.IsZero() && !a.alive {
				f.Realm.invalidateKey(a.AccessAPIKeyID)
				f.deleteAgent(a)
			}
		}
	}
	id := req.ID
	if old, ok := f.agentsByID[id]; ok && id != "" {
		if old.Active && (old.replaceToken == "" || old.replaceToken != hashReplaceToken(req.Replace) || old.PolicyID != tok.PolicyID) {
			return enrolled{}, &errNotReplaceable
		}
		f.Realm.invalidateKey(old.AccessAPIKeyID)
		f.deleteAgent(old)
	}
	if id == "" {
		id = f.gen.uuid()
	}
	tags := []string{}
	for _, t := range req.Metadata.Tags {
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	slices.Sort(tags)
	key := f.Realm.fleetKey(fleetServerUser, id, 0, fleetAccessDescriptor,
		map[string]any{"managed_by": "fleet", "managed": true, "type": "access", "agent_id": id})
	a := &Agent{ID: id, PolicyID: tok.PolicyID, Type: req.Type, Active: true, EnrolledAt: now,
		AccessAPIKeyID: key.ID, Version: version, LocalMetadata: withAgentID(req.Metadata.Local, id),
		Tags: tags, Namespaces: slices.Clone(tok.Namespaces), EnrollmentID: req.EnrollID}
	if req.Replace != "" {
		a.replaceToken = hashReplaceToken(req.Replace)
	}
	f.addAgent(a)
	return enrolled{Agent: a, accessKey: key}, nil
}

// hashReplaceToken keeps a replace token only as a hash, as Fleet Server
// does (it uses PBKDF2; any one-way hash serves the simulator).
func hashReplaceToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}

// withAgentID rewrites local_metadata.elastic.agent.id to the new agent's
// id when the metadata has one.
func withAgentID(local json.RawMessage, id string) json.RawMessage {
	var meta map[string]any
	if len(local) == 0 || json.Unmarshal(local, &meta) != nil || meta == nil {
		return local
	}
	elastic, _ := meta["elastic"].(map[string]any)
	agent, _ := elastic["agent"].(map[string]any)
	if _, ok := agent["id"]; !ok {
		return local
	}
	agent["id"] = id
	out, err := json.Marshal(meta)
	if err != nil {
		return local
	}
	return out
}

// checkin serves POST /api/fleet/agents/{id}/checkin with the agent's
// access key. Unlike the real long poll it answers at once with no
// actions, taking the policy as acknowledged, so the agent shows online.
func (fs *FleetServer) checkin(w http.ResponseWriter, r *http.Request) {
	keyID, ok := fs.authenticate(w, r)
	if !ok {
		return
	}
	var req struct {
		Status  *string `json:"status"`
		Message *string `json:"message"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || req.Status == nil || req.Message == nil {
		msg := "missing status or message"
		if err != nil {
			msg = err.Error()
		}
		fsError{400, "BadRequest", "Bad request: unable to decode checkin request: " + msg}.write(w)
		return
	}
	f := fs.Fleet
	f.mu.Lock()
	a, ok := f.agentsByKey[keyID]
	switch {
	case !ok:
		f.mu.Unlock()
		// [UNCONFIRMED] body: an enrollment key, or any key of no agent.
		fsError{403, "ErrAgentIdentity", "agent header contains wrong identifier"}.write(w)
		return
	case a.ID != r.PathValue("id"):
		f.mu.Unlock()
		fsError{403, "ErrAgentIdentity", "agent header contains wrong identifier"}.write(w)
		return
	}
	a.LastCheckin, a.LastCheckinStatus, a.LastCheckinMessage = f.clock.Now(), *req.Status, *req.Message
	a.PolicyRevision = f.policyRevision(a.PolicyID)
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"action": "checkin", "ack_token": "", "actions": []any{}})
}

// status serves GET /api/status: the version only for a valid API key.
func (fs *FleetServer) status(w http.ResponseWriter, r *http.Request) {
	out := map[string]any{"name": "fleet-server", "status": "HEALTHY"}
	if _, err := fs.apiKey(r); err == nil {
		out["version"] = map[string]any{"number": FleetServerVersion, "build_hash": esBuildHash, "build_time": "2026-10-14T10:41:17Z"}
	}
	writeJSON(w, http.StatusOK, out)
}
