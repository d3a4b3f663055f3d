package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sim"
)

// twoProfiles starts two hygiene Stacks and writes them as profiles demo1
// and demo2, as demo serve --profiles 2 does.
func twoProfiles(t *testing.T) ([]*sim.Stack, map[string]string, string) {
	t.Helper()
	var stacks []*sim.Stack
	for i := range 2 {
		s, err := sim.Start(sim.Options{Seed: uint64(11 + i), Hygiene: true, NoFleetServerLogs: i == 1})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stacks = append(stacks, s)
	}
	dir := t.TempDir()
	path, err := writeDemoConfig(dir, stacks)
	if err != nil {
		t.Fatal(err)
	}
	return stacks, map[string]string{"HOME": dir, "TOKENTUI_CONFIG": path}, path
}

type auditRow struct {
	Rule, Severity, Profile, System, Space, Message, Fix string
	TokenID                                              string `json:"token_id"`
	TokenName                                            string `json:"token_name"`
	Policy                                               string
}

func auditRows(t *testing.T, out string) []auditRow {
	t.Helper()
	var rows []auditRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	return rows
}

func TestAuditAgainstTheDemo(t *testing.T) {
	_, env := stackEnv(t)
	// stackEnv's Stack has no hygiene seeds: every policy's Default still
	// never expires, and several tokens share a policy.
	r := cli(t, env, "", "audit", "-o", "json", "--fail-on", "medium").want(t, exitFindings)
	rows := auditRows(t, r.stdout)
	if k := jsonKeys(t, r.stdout); !slices.Equal(k, []string{"fix", "message", "policy", "profile", "rule", "severity", "space", "system", "token_id", "token_name"}) {
		t.Fatalf("json keys %v", k)
	}
	rules := map[string]bool{}
	for _, row := range rows {
		rules[row.Rule] = true
	}
	for _, want := range []string{"never-expires", "several-active"} {
		if !rules[want] {
			t.Errorf("no %s finding: %v", want, rules)
		}
	}
	cli(t, env, "", "audit", "--fail-on", "critical").want(t, 0, "MEDIUM (")
	cli(t, env, "", "audit", "--fail-on", "severe").want(t, exitUsage, "--fail-on")
	cli(t, env, "", "audit", "--unused-for", "3 days").want(t, exitUsage, "--unused-for")
}

func TestAuditAllProfiles(t *testing.T) {
	stacks, env, path := twoProfiles(t)
	r := cli(t, env, "", "audit", "--all-profiles", "-o", "json").want(t, exitFindings)
	seen := map[string]map[string]bool{"demo1": {}, "demo2": {}}
	for _, row := range auditRows(t, r.stdout) {
		seen[row.Profile][row.Rule] = true
	}
	for _, p := range []string{"demo1", "demo2"} {
		for _, rule := range []string{"drift", "never-expires", "several-active", "deleted-policy"} {
			if !seen[p][rule] {
				t.Errorf("%s: no %s finding", p, rule)
			}
		}
	}
	if !seen["demo2"]["usage-unknown"] || seen["demo1"]["usage-unknown"] {
		t.Errorf("usage unknown only where the logs are not collected: %v / %v", seen["demo1"], seen["demo2"])
	}

	// Break demo2's Kibana: demo1 is still audited, demo2 is reported,
	// and the run is an error unless --partial-ok.
	raw, _ := os.ReadFile(path)
	broken := strings.Replace(string(raw), stacks[1].KibanaURL, "https://127.0.0.1:1", 1)
	if err := os.WriteFile(path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	r = cli(t, env, "", "audit", "--all-profiles", "-o", "json").want(t, exitFailure, "audit incomplete")
	var unreachable, demo1 bool
	for _, row := range auditRows(t, r.stdout) {
		unreachable = unreachable || (row.Rule == "unreachable" && row.Profile == "demo2" && row.System == "fleet")
		demo1 = demo1 || (row.Rule == "drift" && row.Profile == "demo1")
	}
	if !unreachable || !demo1 {
		t.Fatalf("unreachable demo2 %v, demo1 audited %v\n%s", unreachable, demo1, r.stdout)
	}
	cli(t, env, "", "audit", "--all-profiles", "--partial-ok").want(t, exitFindings, "unreachable  demo2 fleet")
	cli(t, env, "", "audit", "--profile", "demo1").want(t, exitFindings, "drift  demo1 fleet")
	cli(t, env, "", "audit", "--profile", "nope").want(t, exitFailure, "no profile")
}

// fleet show reports what the token enrolled, and one more after an
// agent enrolls with it.
func TestFleetShowUsage(t *testing.T) {
	s, env := stackEnvOf(t, sim.Options{Seed: 13, Hygiene: true})
	var ci sim.FleetToken
	for _, tk := range s.Fleet.Tokens() {
		if sim.DisplayName(tk.Name, tk.ID) == "ci-runners" {
			ci = tk
		}
	}
	type shown struct {
		Usage struct {
			Collected   bool
			Enrollments *int
			LastAt      *string `json:"last_at"`
			Message     string
		}
	}
	read := func() shown {
		var v shown
		r := cli(t, env, "", "fleet", "show", ci.ID, "-o", "json").want(t, 0)
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := read()
	if !before.Usage.Collected || before.Usage.Enrollments == nil || *before.Usage.Enrollments != 3 {
		t.Fatalf("before: %+v", before.Usage)
	}
	cli(t, env, "", "demo", "enroll", ci.APIKey).want(t, 0)
	after := read()
	if *after.Usage.Enrollments != 4 || after.Usage.LastAt == nil || *after.Usage.LastAt <= *before.Usage.LastAt {
		t.Fatalf("after: %+v", after.Usage)
	}
	// Without Elasticsearch credentials the usage is unknown, never 0.
	delete(env, "ELASTICSEARCH_URL")
	if u := read().Usage; u.Collected || u.Enrollments != nil || !strings.Contains(u.Message, "usage unknown") {
		t.Fatalf("no Elasticsearch: %+v", u)
	}
}
