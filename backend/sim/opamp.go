package sim

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/tokentui/tokentui/backend/opamp"
)

// OpAMP over plain HTTP as Fleet Server 9.5 serves it at /v1/opamp
// (contracts/fleet-server.md §10): one AgentToServer per POST, one
// ServerToAgent back; every authentication failure is an empty 401;
// protocol errors travel in error_response with status 200. WebSocket is
// not simulated: Fleet Server's documentation says it is not supported,
// so a request that is not protobuf gets 400, as the WebSocket library
// answers a request that is not an upgrade.

const (
	opampContentType = "application/x-protobuf"
	// opampMaxBody is Fleet Server's opamp_limit body setting (3 MiB).
	opampMaxBody = 3 << 20
)

// opampKeyCache is Fleet Server's API-key cache (§9.1, key "api:<id>"):
// a key Elasticsearch accepted is accepted again without asking until the
// entry expires. With a TTL of 0 nothing is cached, so a revoked token
// is refused at once; Fleet Server's default keeps it working for
// 10–15 minutes (ttl_api_key 15m minus up to 5m of jitter).
type opampKeyCache struct {
	mu      sync.Mutex
	entries map[string]opampKeyEntry
}

type opampKeyEntry struct {
	secret  string
	expires time.Time
}

// cached reports whether id:secret is a warm entry at now.
func (c *opampKeyCache) cached(id, secret string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	return ok && e.secret == secret && now.Before(e.expires)
}

func (c *opampKeyCache) put(id, secret string, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]opampKeyEntry{}
	}
	c.entries[id] = opampKeyEntry{secret: secret, expires: until}
}

// opampAuth is authAPIKey for OpAMP: the key id, or false for a 401. A
// key Elasticsearch accepted is cached for APIKeyCacheTTL, as Fleet
// Server's cache keeps it after a revoke.
func (fs *FleetServer) opampAuth(r *http.Request) (string, bool) {
	now := fs.Fleet.clock.Now()
	id, secret, _, ferr := apiKeyHeader(r)
	if ferr != nil {
		return "", false
	}
	if fs.APIKeyCacheTTL > 0 && fs.keys.cached(id, secret, now) {
		return id, true
	}
	if _, ferr := fs.apiKey(r); ferr != nil {
		return "", false
	}
	if fs.APIKeyCacheTTL > 0 {
		fs.keys.put(id, secret, now.Add(fs.APIKeyCacheTTL))
	}
	return id, true
}

// opamp serves /v1/opamp (any method, as Fleet Server's router passes
// every one to the handler).
func (fs *FleetServer) opamp(w http.ResponseWriter, r *http.Request) {
	keyID, ok := fs.opampAuth(r)
	if !ok {
		w.Header().Set("Content-Type", opampContentType)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if r.Header.Get("Content-Type") != opampContentType {
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return
	}
	var body io.Reader = http.MaxBytesReader(w, r.Body, opampMaxBody)
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		defer zr.Close()
		body = io.LimitReader(zr, opampMaxBody)
	}
	raw, err := io.ReadAll(body)
	var msg *opamp.AgentToServer
	if err == nil {
		msg, err = opamp.UnmarshalAgentToServer(raw)
	}
	if err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	resp := fs.Fleet.handleOpAMP(keyID, msg)
	resp.CustomCapabilities = true // opamp-go adds it to every plain-HTTP answer
	out := resp.Marshal()
	w.Header().Set("Content-Type", opampContentType)
	if r.Header.Get("Accept-Encoding") == "gzip" {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(out)
		_ = zw.Close()
		out = buf.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

func opampError(typ int32, msg string, uid []byte) *opamp.ServerToAgent {
	return &opamp.ServerToAgent{InstanceUID: uid, Error: &opamp.ServerErrorResponse{Type: typ, Message: msg}}
}

// handleOpAMP is Fleet Server's handleMessage (main / 9.5, §10.4).
func (f *Fleet) handleOpAMP(keyID string, msg *opamp.AgentToServer) *opamp.ServerToAgent {
	const (
		badRequest  = opamp.ErrorBadRequest
		unavailable = opamp.ErrorUnavailable
		requestUID  = opamp.FlagRequestInstanceUID
	)
	uid := msg.InstanceUID
	if len(uid) != 16 {
		return opampError(badRequest, "failed to parse instance_uid", nil)
	}
	id := uuidString(uid)
	now := f.clock.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	agent := f.agentsByID[id]
	wantsUID := msg.Flags&requestUID != 0
	if msg.Disconnect {
		if agent == nil || wantsUID {
			return opampError(badRequest, "agent_disconnect set on new enrollment message", uid)
		}
		agent.LastCheckin, agent.LastCheckinStatus, agent.LastCheckinMessage = now, "disconnected", ""
		return &opamp.ServerToAgent{InstanceUID: uid}
	}
	resp := &opamp.ServerToAgent{InstanceUID: uid, Flags: opamp.FlagReportFullState}
	enrolled := false
	if agent == nil || wantsUID {
		newID := id
		if wantsUID {
			newID = f.gen.uuid() // Fleet Server makes a UUIDv7; any 16-byte UID is accepted
		}
		if agent != nil {
			agent.auditUnenrolled = "reenrolled"
		}
		var ok bool
		if agent, ok = f.enrollCollector(keyID, newID, msg.Description, now); !ok {
			return opampError(unavailable, "failed to enroll agent", uid)
		}
		enrolled = true
		if wantsUID {
			resp.NewInstanceUID = uuidBytes(newID)
		}
	}
	switch agent.LastCheckinStatus {
	case "online", "error", "degraded":
		if enrolled {
			resp.Capabilities = 5
		}
	default:
		resp.Capabilities = 5 // AcceptsStatus | AcceptsEffectiveConfig
	}
	agent.LastCheckin, agent.LastCheckinStatus, agent.LastCheckinMessage = now, "online", ""
	if h := msg.Health; h != nil {
		agent.LastCheckinMessage = h.Status
		switch {
		case !h.Healthy:
			agent.LastCheckinStatus = "error"
		case h.Status == "StatusRecoverableError":
			agent.LastCheckinStatus = "degraded"
		}
		if h.LastError != "" {
			agent.LastCheckinMessage = h.LastError
		}
	}
	return resp
}

// enrollCollector writes the .fleet-agents document of a new collector
// (§10.5): only an active enrollment token whose API key authenticated
// enrolls one (the record is read without a cache); the collector joins
// the token's policy and keeps using the token on every poll. The caller
// holds f.mu.
func (f *Fleet) enrollCollector(keyID, id string, desc *opamp.AgentDescription, now time.Time) (*Agent, bool) {
	t := f.byKeyID[keyID]
	if t == nil || !t.Active {
		return nil, false
	}
	attr := func(kvs []opamp.KeyValue, key string) string {
		for _, kv := range kvs {
			if kv.Key == key {
				return kv.Value
			}
		}
		return ""
	}
	var ident, other []opamp.KeyValue
	if desc != nil {
		ident, other = desc.Identifying, desc.NonIdentifying
	}
	name, version := attr(ident, "service.name"), attr(ident, "service.version")
	host := attr(other, "host.name")
	var tags []string
	if name != "" {
		tags = append(tags, name)
	}
	for tag := range strings.SplitSeq(attr(other, "tags"), ",") {
		if tag = strings.TrimSpace(tag); tag != "" {
			tags = append(tags, tag)
		}
	}
	meta, _ := json.Marshal(map[string]any{
		"elastic": map[string]any{"agent": map[string]any{"id": id, "version": version, "name": name}},
		"host":    map[string]any{"hostname": host, "name": host},
		"os":      map[string]any{"platform": attr(other, "os.type")},
	})
	a := &Agent{ID: id, PolicyID: t.PolicyID, Type: "OPAMP", AgentType: name, Active: true, EnrolledAt: now.UTC().Truncate(time.Second),
		PolicyRevision: 1, Version: version, LocalMetadata: meta, Tags: tags, Namespaces: append([]string(nil), t.Namespaces...)}
	f.addAgent(a)
	return a, true
}

// uuidString formats 16 bytes as a UUID.
func uuidString(b []byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// uuidBytes parses a UUID into its 16 bytes.
func uuidBytes(s string) []byte {
	b, _ := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	return b
}
