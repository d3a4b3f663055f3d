package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// A CLI rotate appends its two steps: the replacement's create (verb
// rotate) and the old token's revoke, each with its outcome and status.
func TestCLIRotateAppendsToTheAuditTrail(t *testing.T) {
	s, env := stackEnv(t)
	env["XDG_STATE_HOME"] = t.TempDir()
	old := s.Fleet.AddToken("policy-linux-servers", "to-rotate", 0, time.Now())
	out := cli(t, env, "", "fleet", "rotate", "--yes", "--no-expiration", old.ID, "-o", "json").want(t, 0).stdout
	var rotated struct {
		New struct {
			ID     string `json:"id"`
			APIKey string `json:"api_key"`
		} `json:"new"`
	}
	if err := json.Unmarshal([]byte(out), &rotated); err != nil || rotated.New.ID == "" {
		t.Fatalf("rotate: %v %s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(env["XDG_STATE_HOME"], "tokentui", trail.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), rotated.New.APIKey) {
		t.Fatalf("the trail holds the secret:\n%s", data)
	}
	want := []trail.Entry{
		{System: "fleet", Verb: "rotate", TokenID: rotated.New.ID, TokenName: "to-rotate (replaces " + old.ID + ")", Outcome: trail.Verified, Status: 200},
		{System: "fleet", Verb: "revoke", TokenID: old.ID, TokenName: "to-rotate", Outcome: trail.Verified, Status: 200},
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), data)
	}
	for i, l := range lines {
		var e trail.Entry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		e.Time, e.User, e.Profile = time.Time{}, "", ""
		if e != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, e, want[i])
		}
	}
}
