package sim

import (
	"net/http"
	"slices"
	"time"
)

// seedHygiene adds what an audit should find (Options.Hygiene): on top of
// every policy's never-expiring "Default", an active token whose API key
// was invalidated in Elasticsearch behind Fleet's back (drift,
// kibana#190708), a third active token on one policy, a token of a
// policy since deleted, a token ECK probably made (its name is its id,
// no expiry; eck.md §4), a policy only the "ops" space sees, two more
// persistent ECE tokens, and Fleet Server enrollment lines for two tokens.
func (s *Stack) seedHygiene(now time.Time) {
	f := s.Fleet
	drift := f.AddToken("policy-linux-servers", "legacy-vpn", 0, now.Add(-90*24*time.Hour))
	s.Realm.invalidateKey(drift.APIKeyID)
	f.AddToken("policy-linux-servers", "", 0, now.Add(-20*24*time.Hour)) // ECK-like: name = id

	f.AddPolicy(AgentPolicy{ID: "policy-old-kiosks", Name: "Old kiosks", UpdatedAt: now.Add(-200 * 24 * time.Hour)})
	f.AddToken("policy-old-kiosks", "kiosk-rollout", 0, now.Add(-180*24*time.Hour))
	f.DeletePolicy("policy-old-kiosks")

	f.AddPolicy(AgentPolicy{ID: "policy-ops-bastions", Name: "Ops bastions", SpaceIDs: []string{"ops"},
		Agents: 2, UpdatedAt: now.Add(-10 * 24 * time.Hour)})

	// Enrollment lines: ci-runners enrolled three agents, the last two days
	// ago; the logs go back 30 days.
	g := newIDs(0x1095)
	for _, t := range f.Tokens() {
		if s.FleetServer.LogTo == nil { // its logs are not collected
			break
		}
		switch DisplayName(t.Name, t.ID) {
		case "ci-runners":
			for _, age := range []time.Duration{30 * 24 * time.Hour, 5 * 24 * time.Hour, 48 * time.Hour} {
				s.ES.IndexEnrollLog(EnrollLog{Timestamp: now.Add(-age), APIKeyID: t.APIKeyID, AgentID: g.uuid(),
					Policy: t.PolicyID, AccessAPIKeyID: g.str(urlSafe, 20), RequestID: g.uuid()})
			}
		case "laptop-rollout":
			s.ES.IndexEnrollLog(EnrollLog{Timestamp: now.Add(-40 * time.Hour), APIKeyID: t.APIKeyID, AgentID: g.uuid(),
				Policy: t.PolicyID, AccessAPIKeyID: g.str(urlSafe, 20), RequestID: g.uuid()})
		}
	}

	s.ECE.Issue([]string{"allocator"}, true, 0)
	s.ECE.Issue([]string{"proxy"}, true, 0)
}

// DisplayName is a stored Fleet token name without Fleet's " (<id>)".
func DisplayName(stored, id string) string {
	if n := len(stored) - len(id) - 3; n >= 0 && stored[n:] == " ("+id+")" {
		return stored[:n]
	}
	return stored
}

// DeletePolicy deletes an agent policy as Kibana up to 9.4 did
// (fleet.md §8.6): its tokens are revoked and kept, with a policy_id that
// no longer exists.
func (f *Fleet) DeletePolicy(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.policies = slices.DeleteFunc(f.policies, func(p *AgentPolicy) bool { return p.ID == id })
	for _, t := range f.tokens {
		if t.PolicyID == id {
			f.revoke(t)
		}
	}
}

// spaces serves GET /api/spaces/space: every space some policy lives in,
// "default" first (Kibana's spaces API; fleet.md §8.4).
func (f *Fleet) spaces(w http.ResponseWriter, _ *http.Request, _ kibanaCall) {
	f.mu.RLock()
	ids := []string{"default"}
	for _, p := range f.policies {
		for _, s := range p.SpaceIDs {
			if s != "*" && !slices.Contains(ids, s) {
				ids = append(ids, s)
			}
		}
	}
	f.mu.RUnlock()
	out := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		name := id
		if id == "default" {
			name = "Default"
		}
		out = append(out, map[string]any{"id": id, "name": name, "disabledFeatures": []string{}})
	}
	writeJSON(w, http.StatusOK, out)
}
