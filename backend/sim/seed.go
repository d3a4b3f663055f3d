package sim

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// seed fills a Stack with deterministic demo data: a one-node cluster with
// a few enrollment keys, four agent policies (one managed) with ~8 Fleet
// tokens (some revoked, one expiring), and a few ECE tokens. The users and
// their credentials come first and at once; the returned function adds the
// data (Options.SeedOnFirstConnection defers it), as of now.
func (s *Stack) seed(opts Options) (data func()) {
	g := newIDs(opts.Seed ^ 0x5eed)
	now := opts.Clock.Now()
	s.seedUsers(g)
	return func() { s.seedData(opts, g, now) }
}

// seedUsers makes the demo users and their credentials (Stack.Creds).
func (s *Stack) seedUsers(g *ids) {
	s.Creds = Credentials{
		ESUsername: "elastic", ESPassword: g.str(alnum, 20),
		KibanaUsername: "elastic", ECEUsername: "admin", ECEPassword: g.str(alnum, 20),
	}
	s.Creds.KibanaPass = s.Creds.ESPassword // Kibana authenticates against the same cluster
	s.Realm.AddUser(User{Username: "elastic", Password: s.Creds.ESPassword, Roles: []string{"superuser"},
		Cluster: []string{"all"}, Kibana: []string{"all"}})
	s.Creds.ECEAPIKey = s.ECE.NewAPIKey()
	s.ECE.AddUser(ECEUser{Username: s.Creds.ECEUsername, Password: s.Creds.ECEPassword})
}

// seedData adds the demo data, dated from now.
func (s *Stack) seedData(opts Options, g *ids, now time.Time) {
	// Elasticsearch: what a node's first start and an earlier admin left.
	elastic := &User{Username: "elastic", Realm: "default_native", Cluster: []string{"all"}}
	internal := &User{Username: "_xpack_security", Realm: "__attach", Cluster: []string{"all"}}
	for i, spec := range []struct {
		owner *User
		scope string
		age   time.Duration
	}{{internal, "kibana", 10 * time.Minute}, {internal, "node", 10 * time.Minute}, {elastic, "kibana", 2 * time.Hour}, {elastic, "node", 5 * time.Minute}} {
		k := s.Realm.CreateKey(spec.owner, "enrollment_token_API_key_"+g.str(urlSafe, 22), 30*time.Minute,
			enrollDescriptor(spec.scope), nil)
		s.Realm.mu.Lock()
		k.Creation = now.Add(-spec.age)
		k.Expiration = k.Creation.Add(30 * time.Minute)
		if i == 2 {
			k.Invalidated, k.Invalidation = true, k.Creation.Add(10*time.Minute)
		}
		s.Realm.mu.Unlock()
	}

	// Fleet: both Fleet Server hosts are the simulated Fleet Server, the
	// edge one by name, so an agent can enroll with any policy's token.
	s.Fleet.AddHost(FleetServerHost{ID: "fleet-default-fleet-server-host", Name: "Default Fleet Server",
		HostURLs: []string{s.FleetServerURL}, IsDefault: true})
	s.Fleet.AddHost(FleetServerHost{ID: "fleet-server-edge", Name: "Edge Fleet Server",
		HostURLs: []string{strings.Replace(s.FleetServerURL, "127.0.0.1", "localhost", 1)}})
	policies := []AgentPolicy{
		{ID: "fleet-server-policy", Name: "Fleet Server Policy", IsManaged: true, Agents: 1,
			Description: "Fleet Server on Elastic Cloud"},
		{ID: "policy-linux-servers", Name: "Linux servers", Agents: 42, IsDefault: true,
			Description: "System and auditd integrations"},
		{ID: "policy-windows-desktops", Name: "Windows desktops", Agents: 128,
			Description: "Endpoint security and Windows logs"},
		{ID: "policy-edge-proxies", Name: "Edge proxies", Agents: 6, FleetServerHostID: "fleet-server-edge",
			Description: "Nginx on the edge, through the edge Fleet Server"},
	}
	for i, p := range policies {
		p.UpdatedAt = now.Add(-time.Duration(len(policies)-i) * 24 * time.Hour)
		s.Fleet.AddPolicy(p)
	}
	extra := []struct {
		policy, name string
		ttl, age     time.Duration
		revoked      bool
	}{
		{"policy-linux-servers", "ci-runners", 0, 72 * time.Hour, false},
		{"policy-linux-servers", "old-datacenter", 0, 30 * 24 * time.Hour, true},
		{"policy-windows-desktops", "laptop-rollout", 7 * 24 * time.Hour, 48 * time.Hour, false},
		{"policy-windows-desktops", "contractor", 24 * time.Hour, 36 * time.Hour, false},
		{"policy-edge-proxies", "edge-2026", 0, 6 * time.Hour, false},
	}
	for _, e := range extra {
		t := s.Fleet.AddToken(e.policy, e.name, e.ttl, now.Add(-e.age))
		if e.revoked {
			s.Fleet.Revoke(t.ID)
		}
	}
	names := []string{"policy-linux-servers", "policy-windows-desktops", "policy-edge-proxies"}
	s.Fleet.reserve(opts.FleetTokens)
	for i := 0; i < opts.FleetTokens; i++ {
		t := s.Fleet.AddToken(names[i%len(names)], fmt.Sprintf("bulk-%05d", i), 0, now.Add(-time.Duration(opts.FleetTokens-i)*time.Second))
		if i%10 == 9 {
			s.Fleet.Revoke(t.ID)
		}
	}
	if opts.Hygiene {
		s.seedHygiene(now)
	}
	s.Fleet.sortByCreation()

	// ECE: the first host's roles token and emergency token, and an
	// allocator token.
	s.ECE.Issue([]string{}, true, 0)
	s.ECE.Issue([]string{"coordinator", "director", "proxy"}, true, 0)
	s.ECE.Issue([]string{"allocator"}, true, 0)
	// The hosts: the first with every role, two allocators.
	s.ECE.AddRunner("", "ece-zone-1a", "allocator", "coordinator", "director", "proxy")
	s.ECE.AddRunner("", "ece-zone-1b", "allocator")
	s.ECE.AddRunner("", "ece-zone-1c", "allocator")
}

// enrollDescriptor is the role descriptor of an enrollment key.
func enrollDescriptor(scope string) map[string]json.RawMessage {
	return map[string]json.RawMessage{"create_enrollment_token": json.RawMessage(`{"cluster":["` + EnrollActions[scope] + `"]}`)}
}
