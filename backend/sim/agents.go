package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Agent is an Elastic Agent record, the document Fleet Server writes on
// enrollment and Kibana reads.
type Agent struct {
	ID, PolicyID       string
	Type               string // PERMANENT, EPHEMERAL or TEMPORARY
	Active             bool   // false: unenrolled
	EnrolledAt         time.Time
	LastCheckin        time.Time // zero: never checked in
	LastCheckinStatus  string
	LastCheckinMessage string
	PolicyRevision     int // policy_revision_idx; 0: not yet acknowledged
	AccessAPIKeyID     string
	Version            string
	LocalMetadata      json.RawMessage
	Tags               []string
	Namespaces         []string
	EnrollmentID       string
	// AgentType is agent.type: the collector's service.name for an OPAMP
	// agent (e.g. otelcontribcol); empty for an Elastic Agent.
	AgentType string
	// auditUnenrolled is audit_unenrolled_reason ("reenrolled").
	auditUnenrolled string
	replaceToken    string // a hash of the replace token
	// alive marks a seeded agent that checks in every 30 seconds by
	// itself; other agents check in only through Fleet Server.
	alive bool
}

// Kibana's agent status thresholds.
const (
	agentPollInterval = 30 * time.Second
	agentOfflineAfter = 5 * time.Minute
)

// lastCheckin is when the agent last checked in; a live seeded agent did
// on the last 30-second tick.
func (a *Agent) lastCheckin(now time.Time) time.Time {
	if a.alive && now.After(a.EnrolledAt) {
		return now.Add(-(now.Sub(a.EnrolledAt) % agentPollInterval))
	}
	return a.LastCheckin
}

// Status is Kibana's computed agent status: the first rule that matches.
func (a *Agent) Status(now time.Time) string {
	last := a.lastCheckin(now)
	seen := last
	if seen.IsZero() {
		seen = a.EnrolledAt
	}
	switch {
	case !a.Active:
		return "unenrolled"
	case now.Sub(seen) > agentOfflineAfter:
		return "offline"
	case a.PolicyRevision == 0:
		return "updating"
	case last.IsZero():
		return "enrolling"
	case strings.EqualFold(a.LastCheckinStatus, "error"):
		return "error"
	case strings.EqualFold(a.LastCheckinStatus, "degraded"):
		return "degraded"
	}
	return "online"
}

const rfc3339Seconds = "2006-01-02T15:04:05Z07:00"

// json is the agent as Kibana's agents API returns it.
func (a *Agent) json(now time.Time) map[string]any {
	out := map[string]any{
		"id": a.ID, "type": a.Type, "active": a.Active, "enrolled_at": a.EnrolledAt.UTC().Format(rfc3339Seconds),
		"access_api_key_id": a.AccessAPIKeyID, "policy_id": a.PolicyID, "packages": []string{},
		"tags": nonNil(a.Tags), "namespaces": nonNil(a.Namespaces),
		"agent":          agentField(a),
		"local_metadata": a.LocalMetadata, "sort": []int64{a.EnrolledAt.UnixMilli()},
		"status": a.Status(now),
	}
	if last := a.lastCheckin(now); !last.IsZero() {
		out["last_checkin"] = last.UTC().Format(rfc3339Seconds)
		status, msg := a.LastCheckinStatus, a.LastCheckinMessage
		if a.alive {
			status, msg = "online", "Running"
		}
		out["last_checkin_status"], out["last_checkin_message"] = strings.ToLower(status), msg
	}
	if a.PolicyRevision > 0 {
		out["policy_revision"] = a.PolicyRevision
	}
	if a.LocalMetadata == nil {
		out["local_metadata"] = map[string]any{}
	}
	return out
}

// agentField is the agent's "agent" object: id, version and, for a
// collector, its type.
func agentField(a *Agent) map[string]any {
	out := map[string]any{"id": a.ID, "version": a.Version}
	if a.AgentType != "" {
		out["type"] = a.AgentType
	}
	if a.auditUnenrolled != "" {
		out["audit_unenrolled_reason"] = a.auditUnenrolled
	}
	return out
}

// agentDoc is what an agents kuery is evaluated against.
func (a *Agent) doc(now time.Time) doc {
	var meta struct {
		Host struct {
			Hostname string `json:"hostname"`
		} `json:"host"`
		OS struct {
			Platform string `json:"platform"`
		} `json:"os"`
	}
	_ = json.Unmarshal(a.LocalMetadata, &meta)
	return doc{"policy_id": a.PolicyID, "status": a.Status(now), "active": a.Active, "tags": a.Tags,
		"type": a.Type, "agent.id": a.ID, "agent.version": a.Version,
		"local_metadata.host.hostname": meta.Host.Hostname, "local_metadata.os.platform": meta.OS.Platform,
		"local_metadata.elastic.agent.version": a.Version, "enrolled_at": a.EnrolledAt.UTC().Format(isoMillis)}
}

// addAgent stores an agent; the caller holds f.mu.
func (f *Fleet) addAgent(a *Agent) {
	f.agents = append(f.agents, a)
	f.agentsByID[a.ID] = a
	if a.AccessAPIKeyID != "" {
		f.agentsByKey[a.AccessAPIKeyID] = a
	}
}

// deleteAgent removes an agent record; the caller holds f.mu.
func (f *Fleet) deleteAgent(a *Agent) {
	delete(f.agentsByID, a.ID)
	delete(f.agentsByKey, a.AccessAPIKeyID)
	f.agents = slices.DeleteFunc(f.agents, func(x *Agent) bool { return x == a })
}

// seedAgents enrolls n live agents into a policy, as if they had enrolled
// over the days before the policy's last update.
func (f *Fleet) seedAgents(p *AgentPolicy, n int) {
	platform, family, prefix := "ubuntu", "debian", "linux"
	switch name := strings.ToLower(p.Name); {
	case strings.Contains(name, "windows"):
		platform, family, prefix = "windows", "windows", "win"
	case strings.Contains(name, "fleet server"):
		prefix = "fleet-server"
	case strings.Contains(name, "edge"):
		prefix = "edge"
	}
	for i := range n {
		id := f.gen.uuid()
		host := fmt.Sprintf("%s-%03d", prefix, i+1)
		meta, _ := json.Marshal(map[string]any{
			"elastic": map[string]any{"agent": map[string]any{"id": id, "version": FleetVersion, "snapshot": false}},
			"host":    map[string]any{"hostname": host, "name": host},
			"os":      map[string]any{"platform": platform, "family": family},
		})
		key := f.Realm.fleetKey(fleetServerUser, id, 0, fleetAccessDescriptor, map[string]any{"managed_by": "fleet", "managed": true, "type": "access", "agent_id": id})
		f.addAgent(&Agent{ID: id, PolicyID: p.ID, Type: "PERMANENT", Active: true, Version: FleetVersion,
			EnrolledAt: p.UpdatedAt.Add(-time.Duration(n-i) * time.Hour), AccessAPIKeyID: key.ID, PolicyRevision: p.Revision,
			LocalMetadata: meta, Tags: []string{}, Namespaces: slices.Clone(p.SpaceIDs), alive: true})
	}
}

// agentCounts counts each policy's agents, inactive included, unenrolled
// excluded; the caller holds f.mu.
func (f *Fleet) agentCounts() map[string]int {
	counts := map[string]int{}
	for _, a := range f.agents {
		if a.Active {
			counts[a.PolicyID]++
		}
	}
	return counts
}

// Agents returns copies of the agent records, in enrollment order.
func (f *Fleet) Agents() []Agent {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return copies(f.agents)
}

// AgentStatus is Kibana's status of an agent ("" when there is none).
func (f *Fleet) AgentStatus(id string) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	if a, ok := f.agentsByID[id]; ok {
		return a.Status(f.clock.Now())
	}
	return ""
}

// listAgents serves GET /api/fleet/agents.
func (f *Fleet) listAgents(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	q := r.URL.Query()
	page, perPage, ok := paging(w, r)
	if !ok {
		return
	}
	if page*perPage > 10000 {
		boom(w, http.StatusBadRequest, "You cannot use page and perPage page over 10000 agents")
		return
	}
	kuery := strings.ReplaceAll(q.Get("kuery"), "fleet-agents.", "")
	match, err := parseKuery(kuery)
	if err != nil {
		boom(w, http.StatusBadRequest, "KQLSyntaxError: "+err.Error())
		return
	}
	showInactive := q.Get("showInactive") == "true"
	showUnenrolled := strings.Contains(kuery, "status:unenrolled") || strings.Contains(kuery, "status:*")
	now := f.clock.Now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	var hits []*Agent
	for _, a := range f.agents {
		status := a.Status(now)
		if !inSpace(a.Namespaces, c.space) || (status == "unenrolled" && !showUnenrolled) ||
			(status == "inactive" && !showInactive) || !match(a.doc(now), now) {
			continue
		}
		hits = append(hits, a)
	}
	asc := q.Get("sortOrder") == "asc"
	slices.SortStableFunc(hits, func(a, b *Agent) int {
		if asc {
			return a.EnrolledAt.Compare(b.EnrolledAt)
		}
		return b.EnrolledAt.Compare(a.EnrolledAt)
	})
	from, to := pageBounds(page, perPage, len(hits))
	items := make([]map[string]any, 0, to-from)
	for _, a := range hits[from:to] {
		items = append(items, a.json(now))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(hits), "page": page, "perPage": perPage})
}

// getAgent serves GET /api/fleet/agents/{id}.
func (f *Fleet) getAgent(w http.ResponseWriter, r *http.Request, c kibanaCall) {
	id := r.PathValue("id")
	f.mu.RLock()
	defer f.mu.RUnlock()
	a, ok := f.agentsByID[id]
	if !ok || !inSpace(a.Namespaces, c.space) {
		boom(w, http.StatusNotFound, "Agent "+id+" not found")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"item": a.json(f.clock.Now())})
}

// agentsSetup serves GET /api/fleet/agents/setup: Fleet is ready, a Fleet
// Server being registered.
func (f *Fleet) agentsSetup(w http.ResponseWriter, _ *http.Request, _ kibanaCall) {
	writeJSON(w, http.StatusOK, map[string]any{"isReady": true, "missing_requirements": []string{},
		"missing_optional_features": []string{}, "is_secrets_storage_enabled": true, "is_space_awareness_enabled": false})
}

// policyRevision is a policy's revision (0 when unknown); the caller holds f.mu.
func (f *Fleet) policyRevision(id string) int {
	if p := f.policy(id); p != nil {
		return p.Revision
	}
	return 0
}
