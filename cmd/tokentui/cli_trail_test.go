package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/trail"
)

// A CLI create and revoke append one audit line each, with what was done,
// how it ended and the server's status, and never the secret.
func TestCLIMutationsAppendToTheAuditTrail(t *testing.T) {
	_, env := stackEnv(t)
	env["XDG_STATE_HOME"] = t.TempDir()
	out := cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers", "--name", "audited", "--expiration", "1h", "-o", "json").want(t, 0).stdout
	var created struct {
		ID     string `json:"id"`
		APIKey string `json:"api_key"`
	}
	if err := json.Unmarshal([]byte(out), &created); err != nil || created.APIKey == "" {
		t.Fatalf("create: %v %s", err, out)
	}
	cli(t, env, "", "fleet", "revoke", "--yes", created.ID).want(t, 0)
	cli(t, env, "", "fleet", "revoke", "--yes", "no-such-token").want(t, exitFailure)

	path := filepath.Join(env["XDG_STATE_HOME"], "tokentui", trail.FileName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), created.APIKey) {
		t.Fatalf("the trail holds the secret:\n%s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), data)
	}
	want := []trail.Entry{
		{System: "fleet", Verb: "create", TokenID: created.ID, TokenName: "audited", Outcome: trail.Verified, Status: 200},
		{System: "fleet", Verb: "revoke", TokenID: created.ID, Outcome: trail.Verified, Status: 200},
		{System: "fleet", Verb: "revoke", TokenID: "no-such-token", Outcome: trail.Failed, Status: 404},
	}
	for i, l := range lines {
		var e trail.Entry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		if e.Time.IsZero() || e.User == "" {
			t.Fatalf("line %d lacks time or user: %s", i, l)
		}
		e.Time, e.User = want[i].Time, ""
		if e != want[i] {
			t.Fatalf("line %d: %+v, want %+v", i, e, want[i])
		}
	}
}

// audit_log = false in the config file turns the trail off.
func TestAuditLogFalseWritesNoTrail(t *testing.T) {
	_, env := stackEnv(t)
	env["XDG_STATE_HOME"] = t.TempDir()
	cfg := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(cfg, []byte("audit_log = false\n"), 0o600)
	env["TOKENTUI_CONFIG"] = cfg
	cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers", "--expiration", "1h").want(t, 0)
	if _, err := os.Stat(filepath.Join(env["XDG_STATE_HOME"], "tokentui", trail.FileName)); !os.IsNotExist(err) {
		t.Fatalf("a trail was written: %v", err)
	}
}
