package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sim"
)

func fleetTokenNamed(s *sim.Stack, name string) (sim.FleetToken, bool) {
	for _, t := range s.Fleet.Tokens() {
		if strings.HasPrefix(t.Name, name+" (") {
			return t, true
		}
	}
	return sim.FleetToken{}, false
}

func TestFleetPolicyByName(t *testing.T) {
	s, env := stackEnv(t)
	byID := cli(t, env, "", "fleet", "list", "--all", "--policy", "policy-linux-servers").want(t, 0, "ci-runners").stdout
	if byName := cli(t, env, "", "fleet", "list", "--all", "--policy", "Linux servers").want(t, 0).stdout; byName != byID {
		t.Fatalf("by name:\n%s\nby id:\n%s", byName, byID)
	}
	cli(t, env, "", "fleet", "list", "--policy", "linux servers").want(t, exitUsage, "no agent policy", "tokentui fleet policies")
	r := cli(t, env, "", "fleet", "create", "--no-expiration", "--policy", "Windows desktops", "--name", "by-name", "-o", "json").want(t, 0, `"policy_id": "policy-windows-desktops"`)
	if !strings.Contains(r.stdout, `"api_key"`) {
		t.Fatal(r.stdout)
	}
	s.Fleet.AddPolicy(sim.AgentPolicy{ID: "policy-linux-servers-2", Name: "Linux servers"})
	cli(t, env, "", "fleet", "list", "--policy", "Linux servers").want(t, exitUsage, `named "Linux servers"`, "policy-linux-servers, policy-linux-servers-2")
	cli(t, env, "", "fleet", "purge", "--policy", "Linux servers", "--dry-run").want(t, exitUsage, "policy-linux-servers-2")
	cli(t, env, "", "fleet", "create", "--no-expiration", "--policy", "Linux servers").want(t, exitUsage, "give one of their ids")
	// Policies that cannot be read (a missing privilege): the value is an id.
	s.Fleet.Faults.Set("GET /api/fleet/agent_policies", sim.Fault{Status: 403})
	cli(t, env, "", "fleet", "list", "--all", "--policy", "policy-linux-servers").want(t, 0, "ci-runners", "taken as an id")
}

// As a new user would: a dry run, then for real.
func TestFleetPurge(t *testing.T) {
	s, env := stackEnv(t)
	old, ok := fleetTokenNamed(s, "old-datacenter") // revoked, of "Linux servers"
	if !ok || old.Active {
		t.Fatal("the demo data has a revoked old-datacenter token")
	}
	before := len(s.Fleet.Tokens())
	r := cli(t, env, "", "fleet", "purge", "--policy", "Linux servers", "--dry-run").want(t, 0, old.ID, "old-datacenter", "revoked", "would be deleted", "nothing was changed")
	if strings.Contains(r.stdout, "ci-runners") || len(s.Fleet.Tokens()) != before {
		t.Fatalf("a dry run lists only revoked and expired tokens, and changes nothing: %s", r.stdout)
	}
	cli(t, env, "", "fleet", "purge", "--policy", "Linux servers").want(t, exitUsage, "--yes")
	cli(t, env, "", "fleet", "purge", "--policy", "Linux servers", "--yes").want(t, 0, "Deleted "+old.ID)
	if _, still := fleetTokenNamed(s, "old-datacenter"); still || len(s.Fleet.Tokens()) != before-1 {
		t.Fatal("purged exactly the revoked token")
	}
	if _, ok := fleetTokenNamed(s, "ci-runners"); !ok {
		t.Fatal("an active token survives a purge")
	}
	cli(t, env, "", "fleet", "purge", "--policy", "Linux servers", "--yes").want(t, 0, "nothing to purge")
	// The name of a deleted token can be used again.
	cli(t, env, "", "fleet", "create", "--no-expiration", "--policy", "Linux servers", "--name", "old-datacenter").want(t, 0)

	// Expired tokens go too (the demo's contractor token expires after a day).
	r = cli(t, env, "", "fleet", "purge", "--dry-run", "-o", "json").want(t, 0)
	var plan struct {
		DryRun bool             `json:"dry_run"`
		Tokens []map[string]any `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil || !plan.DryRun {
		t.Fatal(err, r.stdout)
	}
	for _, row := range plan.Tokens {
		if st := row["status"]; st != "revoked" && st != "expired" {
			t.Fatalf("only revoked and expired tokens: %v", row)
		}
	}
}

func TestFleetDelete(t *testing.T) {
	s, env := stackEnv(t)
	ci, _ := fleetTokenNamed(s, "ci-runners")
	cli(t, env, "", "fleet", "delete", ci.ID).want(t, exitUsage, "--yes")
	// An id Kibana does not have is "not found", a failure (as kubectl).
	cli(t, env, "", "fleet", "delete", "--yes", ci.ID, "no-such-token").want(t, exitFailure, "Deleted "+ci.ID, "no-such-token: not found")
	if _, still := fleetTokenNamed(s, "ci-runners"); still {
		t.Fatal("not deleted")
	}
	// Without Elasticsearch settings, the API key is not verified: said so.
	noES := map[string]string{}
	for k, v := range env {
		if !strings.HasPrefix(k, "ELASTICSEARCH_") {
			noES[k] = v
		}
	}
	laptops, _ := fleetTokenNamed(s, "laptop-rollout")
	r := cli(t, noES, "", "fleet", "delete", "--yes", laptops.ID).want(t, 0, "Removed from Fleet "+laptops.ID, "not verified")
	if strings.Contains(r.stdout, "Deleted") {
		t.Fatal("deleted is said only when the API key was checked")
	}
	var hidden sim.FleetToken
	for _, tk := range s.Fleet.Tokens() {
		if tk.Hidden {
			hidden = tk
		}
	}
	cli(t, env, "", "fleet", "delete", "--yes", hidden.ID).want(t, exitFailure, hidden.ID+": skipped", "include hidden")
	r = cli(t, env, "", "fleet", "delete", "--yes", "--include-hidden", "-o", "json", hidden.ID).want(t, 0)
	if strings.TrimSpace(r.stdout) != `[
  {
    "id": "`+hidden.ID+`",
    "outcome": "deleted"
  }
]` {
		t.Fatalf("%q", r.stdout)
	}

	// A Kibana before 9.5 cannot delete: said so, not reported as deleted.
	s.Fleet.Version = "9.4.1"
	edge, _ := fleetTokenNamed(s, "edge-2026")
	r = cli(t, env, "", "fleet", "delete", "--yes", edge.ID).want(t, exitFailure, "revoked, not deleted", "Kibana 9.5")
	if strings.Contains(r.stdout, "Deleted") {
		t.Fatal("never deleted unverified")
	}
	if tk, ok := fleetTokenNamed(s, "edge-2026"); !ok || tk.Active {
		t.Fatalf("revoked, still stored: %+v", tk)
	}
}

func TestFleetConfirmationsSayWhatHappensToEnrolledAgents(t *testing.T) {
	_, env := stackEnv(t)
	for _, verb := range []string{"revoke", "delete"} {
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader("n\n"), stdout: &out, stderr: &errb,
			getenv: func(k string) string { return env[k] }, isTerminal: func() bool { return true }}
		if code := run(a, []string{"fleet", verb, "some-id"}); code != exitFailure {
			t.Fatalf("%s: cancelled is exit %d", verb, code)
		}
		if !strings.Contains(errb.String(), "Agents already enrolled keep working") {
			t.Fatalf("%s: %s", verb, errb.String())
		}
	}
}
