package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sim"
)

// stackEnvVersion is stackEnv with the demo's Kibana at version v.
func stackEnvVersion(t *testing.T, v string) (*sim.Stack, map[string]string) {
	t.Helper()
	return stackEnvOf(t, sim.Options{Seed: 9, KibanaVersion: v})
}

func TestFleetRotateLeavesOneNewActiveTokenAndTheOldRevoked(t *testing.T) {
	s, env := stackEnv(t)
	old, _ := fleetTokenNamed(s, "ci-runners")
	r := cli(t, env, "", "fleet", "rotate", "--yes", "--expiration", "30d", old.ID, "-o", "json").want(t, 0)
	var row rotateRow
	if err := json.Unmarshal([]byte(r.stdout), &row); err != nil {
		t.Fatal(err, r.stdout)
	}
	if row.New.Outcome != "created" || row.Old.Outcome != "revoked" || row.Old.ID != old.ID || row.New.ID == "" || row.New.APIKey == "" || row.New.ExpireAt == nil {
		t.Fatalf("rotate: %+v", row)
	}
	fresh := fleetToken(t, s, row.New.ID)
	if !fresh.Active || fresh.PolicyID != old.PolicyID || !strings.Contains(fresh.Name, "ci-runners (replaces "+old.ID+")") {
		t.Fatalf("new token: %+v", fresh)
	}
	if fleetToken(t, s, old.ID).Active {
		t.Fatal("the old token is still active")
	}
	// --keep-old leaves both active and says so.
	r = cli(t, env, "", "fleet", "rotate", "--keep-old", "--expiration", "1d", row.New.ID, "-o", "json").want(t, 0)
	var kept rotateRow
	_ = json.Unmarshal([]byte(r.stdout), &kept)
	if kept.Old.Outcome != "kept" || !fleetToken(t, s, row.New.ID).Active || !fleetToken(t, s, kept.New.ID).Active {
		t.Fatalf("keep-old: %+v", kept)
	}
	// Without a terminal the revoke needs --yes: nothing is created.
	before := len(s.Fleet.Tokens())
	cli(t, env, "", "fleet", "rotate", "--no-expiration", kept.New.ID).want(t, exitUsage, "pass --yes")
	if len(s.Fleet.Tokens()) != before {
		t.Fatal("a refused rotate created a token")
	}
	// A revoked token cannot be rotated.
	cli(t, env, "", "fleet", "rotate", "--yes", "--no-expiration", old.ID).want(t, exitFailure, "already revoked")
}

func TestFleetRotateHalfWaySaysWhatExists(t *testing.T) {
	s, env := stackEnv(t)
	old, _ := fleetTokenNamed(s, "ci-runners")
	if err := s.ApplyFaults(mustFaults(t, "kibana DELETE /api/fleet/enrollment_api_keys/"+old.ID+" status:500")); err != nil {
		t.Fatal(err)
	}
	r := cli(t, env, "", "fleet", "rotate", "--yes", "--no-expiration", old.ID, "-o", "json").want(t, exitFailure, "stopped half way", "still active")
	var row rotateRow
	_ = json.Unmarshal([]byte(r.stdout), &row)
	if row.New.Outcome != "created" || row.Old.Outcome != "not revoked" || !fleetToken(t, s, row.New.ID).Active {
		t.Fatalf("half way: %+v\n%s", row, r.stderr)
	}
}

func mustFaults(t *testing.T, specs ...string) []sim.FaultSpec {
	t.Helper()
	f, err := parseFaults(specs, true)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestECERotateKeepsTheRoles(t *testing.T) {
	s, env := stackEnv(t)
	var old sim.ECEToken
	for _, tok := range s.ECE.Tokens() {
		if tok.Persistent && len(tok.Roles) > 0 {
			old = tok
			break
		}
	}
	r := cli(t, env, "", "ece", "rotate", "--yes", old.ID, "-o", "json").want(t, 0)
	var row rotateRow
	if err := json.Unmarshal([]byte(r.stdout), &row); err != nil {
		t.Fatal(err, r.stdout)
	}
	if row.New.Outcome != "created" || row.Old.Outcome != "revoked" || row.New.Token == "" {
		t.Fatalf("ece rotate: %+v", row)
	}
	for _, tok := range s.ECE.Tokens() {
		if tok.ID == old.ID {
			t.Fatal("the old ECE token is still there")
		}
		if tok.ID == row.New.ID && strings.Join(tok.Roles, ",") != strings.Join(old.Roles, ",") {
			t.Fatalf("roles %v, want %v", tok.Roles, old.Roles)
		}
	}
}

func TestFleetCreateExpiryPolicy(t *testing.T) {
	_, env := stackEnv(t)
	// No expiration anywhere: refused, with the ways out.
	cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers").want(t, exitUsage, "would never expire", "--no-expiration", "default_expiration")
	cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers", "--expiration", "1d", "--no-expiration").want(t, exitUsage, "none of the others")
	// The profile's default_expiration applies to a create without one.
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(cfg, []byte("[profiles.demo.kibana]\nurl = \""+env["KIBANA_URL"]+"\"\ndefault_expiration = \"7d\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := cli(t, env, "", "--config", cfg, "--profile", "demo", "fleet", "create", "--policy", "policy-linux-servers", "-o", "json").want(t, 0)
	var row struct {
		ExpireAt *string `json:"expire_at"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &row); err != nil || row.ExpireAt == nil {
		t.Fatalf("default_expiration not applied: %v %s", err, r.stdout)
	}
}

func TestFleetCreateSaysWhenKibanaIgnoredTheExpiration(t *testing.T) {
	_, env := stackEnvVersion(t, "9.2.0")
	r := cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers", "--expiration", "1d", "-o", "json").
		want(t, 0, "Kibana 9.2.0 ignored the expiration: this token never expires")
	if !strings.Contains(r.stdout, `"expire_at": null`) {
		t.Fatalf("expire_at not null: %s", r.stdout)
	}
	_, env = stackEnvVersion(t, "9.5.1")
	r = cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers", "--expiration", "1d").want(t, 0)
	if strings.Contains(r.stderr, "ignored") {
		t.Fatalf("9.5.1 honours the expiration: %s", r.stderr)
	}
}

// TestDryRunChangesNothing runs every mutation with --dry-run and checks
// that each system's list is byte-identical afterwards.
func TestDryRunChangesNothing(t *testing.T) {
	s, env := stackEnv(t)
	ci, _ := fleetTokenNamed(s, "ci-runners")
	var eceID string
	for _, tok := range s.ECE.Tokens() {
		if tok.Persistent {
			eceID = tok.ID
		}
	}
	esList := strings.TrimSpace(cli(t, env, "", "es", "list", "-o", "json").want(t, 0).stdout)
	var esRows []struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal([]byte(esList), &esRows)
	if len(esRows) == 0 || eceID == "" {
		t.Fatal("the demo has no ES or ECE token to act on")
	}
	lists := func() string {
		return cli(t, env, "", "fleet", "list", "--all", "-o", "json").want(t, 0).stdout +
			cli(t, env, "", "es", "list", "-o", "json").want(t, 0).stdout +
			cli(t, env, "", "ece", "list", "-o", "json").want(t, 0).stdout
	}
	before := lists()
	for _, args := range [][]string{
		{"fleet", "create", "--policy", "policy-linux-servers", "--expiration", "1d"},
		{"fleet", "revoke", ci.ID},
		{"fleet", "delete", ci.ID},
		{"fleet", "purge"},
		{"fleet", "rotate", "--no-expiration", ci.ID},
		{"ece", "delete", eceID},
		{"ece", "rotate", eceID},
		{"es", "revoke", esRows[0].ID},
	} {
		for _, out := range []string{"text", "json"} {
			r := cli(t, env, "", append(append([]string{"-o", out}, args...), "--dry-run")...).want(t, 0)
			if out == "json" && !strings.Contains(r.stdout, `"dry_run": true`) {
				t.Fatalf("%v: no dry_run in %s", args, r.stdout)
			}
			if out == "text" && !strings.Contains(r.stdout+r.stderr, "nothing was changed") {
				t.Fatalf("%v: %s", args, r.stdout)
			}
		}
		if after := lists(); after != before {
			t.Fatalf("%v --dry-run changed the lists", args)
		}
	}
}

// fleetToken is the simulator's record of a Fleet token, which must exist.
func fleetToken(t *testing.T, s *sim.Stack, id string) sim.FleetToken {
	t.Helper()
	for _, tok := range s.Fleet.Tokens() {
		if tok.ID == id {
			return tok
		}
	}
	t.Fatalf("no Fleet token %s", id)
	return sim.FleetToken{}
}
