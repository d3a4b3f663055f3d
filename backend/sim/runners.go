package sim

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Runner is an ECE host (Platform → Hosts in the Cloud UI).
type Runner struct {
	ID, HostIP, PublicHostname, Zone string
	Roles                            []string
	Connected, Healthy               bool
}

// ErrRolesTokenRefused is why RegisterHost adds no runner: the token is
// unknown, revoked, or an expired ephemeral token.
var ErrRolesTokenRefused = errors.New("the coordinator rejected the roles token: it is unknown, revoked or expired")

// roleContainers are the containers a role runs, as RunnerInfo lists them
// ([UNCONFIRMED] beyond the proxy, allocator and admin-console examples of
// the API documentation).
var roleContainers = map[string][2]string{
	"allocator":   {"allocators", "allocator"},
	"coordinator": {"admin-consoles", "admin-console"},
	"director":    {"zookeeper-servers", "zookeeper"},
	"proxy":       {"proxies", "proxy"},
}

// addRunner stores a runner on the next free 192.168.44.x address; the
// caller holds e.mu.
func (e *ECE) addRunner(hostname, zone string, roles []string) Runner {
	ip := fmt.Sprintf("192.168.44.%d", 10+len(e.runners))
	if hostname == "" {
		hostname = ip
	}
	r := &Runner{ID: ip, HostIP: ip, PublicHostname: hostname, Zone: zone,
		Roles: slices.Clone(roles), Connected: true, Healthy: true}
	e.runners = append(e.runners, r)
	return *r
}

// AddRunner adds a host directly (for seeding).
func (e *ECE) AddRunner(hostname, zone string, roles ...string) Runner {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.addRunner(hostname, zone, roles)
}

// RegisterHost models the visible result of installing ECE on a new host
// with `--roles-token TOKEN` (the installer's registration is no public
// API): while the token is valid, a new connected runner appears with the
// roles asked for (each must be one of the token's), or the token's roles
// when none are asked for. A deleted or unknown token, or an ephemeral one
// past its validity, adds nothing and returns ErrRolesTokenRefused.
func (e *ECE) RegisterHost(token, hostname string, roles ...string) (Runner, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock.Now()
	i := slices.IndexFunc(e.tokens, func(t *ECEToken) bool { return t.Token == token })
	if i < 0 || (!e.tokens[i].Persistent && !e.tokens[i].Expires.After(now)) {
		return Runner{}, ErrRolesTokenRefused
	}
	t := e.tokens[i]
	if len(roles) == 0 {
		roles = t.Roles
	}
	for _, r := range roles {
		if !slices.Contains(t.Roles, r) {
			return Runner{}, fmt.Errorf("the roles token does not grant the role %q (it grants %s)", r, strings.Join(t.Roles, ", "))
		}
	}
	return e.addRunner(hostname, "ece-zone-1a", roles), nil
}

// Runners returns copies of the runners, in the order they joined.
func (e *ECE) Runners() []Runner {
	e.mu.Lock()
	defer e.mu.Unlock()
	return copies(e.runners)
}

func (r Runner) json() map[string]any {
	roles := make([]map[string]string, 0, len(r.Roles))
	containers := make([]map[string]string, 0, len(r.Roles))
	for _, role := range r.Roles {
		roles = append(roles, map[string]string{"role_name": role})
		if c, ok := roleContainers[role]; ok {
			containers = append(containers, map[string]string{"container_set_name": c[0], "container_name": c[1]})
		}
	}
	out := map[string]any{"runner_id": r.ID, "host_ip": r.HostIP, "public_hostname": r.PublicHostname,
		"connected": r.Connected, "healthy": r.Healthy, "roles": roles, "containers": containers,
		"health_checks": map[string]bool{"is_docker_healthy": r.Healthy, "is_connected_to_zk": r.Connected, "has_containers": len(containers) > 0},
		"build_info":    map[string]string{"version": ECEVersion, "commit_hash": "4c1f0b9d2e8a7f6354b2c1d0e9f8a7b6c5d4e3f2"}}
	if r.Zone != "" {
		out["zone"] = r.Zone
	}
	return out
}

// ECEVersion is the ECE version the simulated hosts run.
const ECEVersion = "3.8.0"

func (e *ECE) listRunners(w http.ResponseWriter, _ *http.Request) {
	out := []map[string]any{}
	for _, r := range e.Runners() {
		out = append(out, r.json())
	}
	writeJSON(w, http.StatusOK, map[string]any{"runners": out})
}

func (e *ECE) getRunner(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("runner_id")
	for _, run := range e.Runners() {
		if run.ID == id {
			writeJSON(w, http.StatusOK, run.json())
			return
		}
	}
	// [UNCONFIRMED] message: the API documentation's description.
	w.Header().Set("x-cloud-error-codes", "runners.runner_not_found")
	eceError(w, http.StatusNotFound, "runners.runner_not_found", "Unable to find the ["+id+"] specified runner. Edit your request, then try again.")
}
