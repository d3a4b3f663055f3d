package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend/sim"
)

// jsonRuns is how the test runs each leaf command with -o json against a
// simulated Stack (args after the command path; {id} and friends are
// filled in), or why the command has no JSON output. A new command fails
// TestEveryJSONOutputIsOneDocument until it is listed here.
var jsonRuns = map[string]struct {
	args   []string
	noJSON string
}{
	"tokentui version":        {},
	"tokentui config init":    {args: []string{"--config", "{dir}/config.toml"}},
	"tokentui config check":   {},
	"tokentui demo serve":     {noJSON: "runs until interrupted, printing environment lines"},
	"tokentui demo enroll":    {args: []string{"{fleet-secret}"}},
	"tokentui es create":      {args: []string{"-s", "node"}},
	"tokentui es list":        {},
	"tokentui es revoke":      {args: []string{"--yes", "{es-id}", "bogus-id"}},
	"tokentui es inspect":     {args: []string{"{es-token}"}},
	"tokentui ece create":     {args: []string{"--role", "proxy"}},
	"tokentui ece list":       {},
	"tokentui ece delete":     {args: []string{"--yes", "{ece-id}"}},
	"tokentui fleet list":     {args: []string{"--all"}},
	"tokentui fleet create":   {args: []string{"--policy", "policy-linux-servers", "--no-expiration"}},
	"tokentui fleet rotate":   {args: []string{"--yes", "--no-expiration", "{fleet-id4}"}},
	"tokentui ece rotate":     {args: []string{"--yes", "{ece-id2}"}},
	"tokentui audit":          {},
	"tokentui fleet show":     {args: []string{"{fleet-id}"}},
	"tokentui fleet revoke":   {args: []string{"--yes", "{fleet-id2}", "bogus-id"}},
	"tokentui fleet delete":   {args: []string{"--yes", "{fleet-id3}", "bogus-id"}},
	"tokentui fleet purge":    {args: []string{"--yes"}},
	"tokentui fleet policies": {},
}

// Every -o json output is exactly one JSON document, on success and on a
// partial failure alike.
func TestEveryJSONOutputIsOneDocument(t *testing.T) {
	s, env := stackEnv(t)
	env["XDG_STATE_HOME"] = t.TempDir()
	fills := commandFills(t, s, env)
	fills["{dir}"] = t.TempDir()
	fills["{fleet-secret}"] = strings.TrimSpace(cli(t, env, "", "fleet", "show", fills["{fleet-id}"]).want(t, 0).stdout)
	for _, path := range leafCommands() {
		run, ok := jsonRuns[path]
		if !ok {
			t.Errorf("%s: not in jsonRuns: say how to run it with -o json, or why it has none", path)
			continue
		}
		if run.noJSON != "" {
			continue
		}
		args := append(strings.Fields(strings.TrimPrefix(path, "tokentui")), "-o", "json")
		for _, a := range run.args {
			if v, ok := fills[a]; ok {
				a = v
			} else if strings.HasPrefix(a, "{dir}") {
				a = filepath.Join(fills["{dir}"], strings.TrimPrefix(a, "{dir}/"))
			}
			args = append(args, a)
		}
		t.Run(path, func(t *testing.T) {
			r := cli(t, env, "", args...)
			if r.stdout == "" {
				t.Fatalf("no JSON on stdout (exit %d): %s", r.code, r.stderr)
			}
			jsonShape(t, r.stdout) // fails on anything but one document
			var v any
			if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// leafCommands are the paths of the commands a user runs (not a group,
// not hidden, not cobra's help and completion).
func leafCommands() []string {
	var out []string
	for _, c := range allCommands(newRootCommand(newApp())) {
		if !c.HasSubCommands() && !c.Hidden && c.IsAvailableCommand() && !isCobraOwn(c) {
			out = append(out, c.CommandPath())
		}
	}
	return out
}

// isCobraOwn is cobra's help and completion commands.
func isCobraOwn(c *cobra.Command) bool {
	for p := c; p != nil; p = p.Parent() {
		if p.Name() == "help" || p.Name() == "completion" {
			return true
		}
	}
	return false
}

// fleet revoke -o json GOOD BOGUS is one array: the good one revoked, the
// bogus one named with its failure; exit 1.
func TestFleetRevokeJSONNamesEveryOutcome(t *testing.T) {
	s, env := stackEnv(t)
	good := s.Fleet.AddToken("policy-linux-servers", "good", 0, time.Now()).ID
	r := cli(t, env, "", "fleet", "revoke", "--yes", "-o", "json", good, "bogus").want(t, exitFailure)
	var rows []outcomeRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("not one JSON array: %v\n%s", err, r.stdout)
	}
	if len(rows) != 2 || rows[0] != (outcomeRow{ID: good, Outcome: outcomeRevoked}) || rows[1].ID != "bogus" || rows[1].Outcome != outcomeNotFound || rows[1].Reason == "" {
		t.Fatalf("rows %+v", rows)
	}
	for _, row := range rows {
		if strings.ContainsAny(row.Outcome, " \t") {
			t.Fatalf("outcome with a space: %q", row.Outcome)
		}
	}
}

// commandFills are the ids and tokens the command tables name ({es-id},
// {fleet-id2}, ...), made on the simulator through env: two Elasticsearch
// tokens (one to inspect, one to revoke), two ECE tokens and four Fleet
// tokens, one for each command that spends one.
func commandFills(t *testing.T, s *sim.Stack, env map[string]string) map[string]string {
	t.Helper()
	now := time.Now()
	esToken := strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "kibana").want(t, 0).stdout)
	esID, _ := decodeForTest(strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "kibana").want(t, 0).stdout))
	return map[string]string{
		"{es-token}":  esToken,
		"{es-id}":     esID,
		"{ece-id}":    s.ECE.Issue([]string{"proxy"}, true, 0).ID,
		"{ece-id2}":   s.ECE.Issue([]string{"proxy"}, true, 0).ID,
		"{fleet-id}":  s.Fleet.AddToken("policy-linux-servers", "a", 0, now).ID,
		"{fleet-id2}": s.Fleet.AddToken("policy-linux-servers", "b", 0, now).ID,
		"{fleet-id3}": s.Fleet.AddToken("policy-linux-servers", "c", 0, now).ID,
		"{fleet-id4}": s.Fleet.AddToken("policy-linux-servers", "d", 0, now).ID,
	}
}
