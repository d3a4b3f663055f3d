package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// completions runs `tokentui __complete ARGS…` and returns the offers
// (values only) and the directive line.
func completions(t *testing.T, env map[string]string, args ...string) ([]string, string) {
	t.Helper()
	r := cli(t, env, "", append([]string{"__complete"}, args...)...).want(t, 0)
	if strings.Contains(r.stderr, "tokentui:") {
		t.Fatalf("completion spoke on stderr: %s", r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var values []string
	for _, l := range lines[:len(lines)-1] {
		v, _, _ := strings.Cut(l, "\t")
		values = append(values, v)
	}
	return values, lines[len(lines)-1]
}

func hasAll(got []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			return false
		}
	}
	return true
}

// --policy completes the agent policies' names and ids, from the server.
func TestCompletePolicies(t *testing.T) {
	_, env := stackEnv(t)
	got, dir := completions(t, env, "fleet", "create", "--policy", "")
	if !hasAll(got, "Linux servers", "policy-linux-servers") || dir != ":4" {
		t.Fatalf("offers %q, directive %s", got, dir)
	}
	got, _ = completions(t, env, "fleet", "list", "--policy", "Lin")
	if len(got) != 1 || got[0] != "Linux servers" {
		t.Fatalf("prefix Lin: %q", got)
	}
}

// Token ids complete from the server: a revoke offers the active ones not
// already on the line.
func TestCompleteTokenIDs(t *testing.T) {
	s, env := stackEnv(t)
	a := s.Fleet.AddToken("policy-linux-servers", "a", 0, time.Now()).ID
	b := s.Fleet.AddToken("policy-linux-servers", "b", 0, time.Now()).ID
	got, dir := completions(t, env, "fleet", "revoke", a, "")
	if !hasAll(got, b) || hasAll(got, a) || dir != ":4" {
		t.Fatalf("offers %q, directive %s", got, dir)
	}
	eceID := s.ECE.Issue([]string{"proxy"}, true, 0).ID
	if got, _ := completions(t, env, "ece", "delete", ""); !hasAll(got, eceID) {
		t.Fatalf("ece delete offers %q", got)
	}
	if got, _ := completions(t, env, "es", "revoke", ""); len(got) == 0 {
		t.Fatal("es revoke offers nothing")
	}
}

// A server that cannot be reached gives no offers, no message and no
// file names.
func TestCompleteIsSilentOnFailure(t *testing.T) {
	_, env := stackEnv(t)
	env["KIBANA_URL"] = "https://127.0.0.1:1"
	got, dir := completions(t, env, "fleet", "create", "--policy", "")
	if len(got) != 0 || dir != ":4" {
		t.Fatalf("offers %q, directive %s", got, dir)
	}
}

// Every enumerated value completes; free text offers no file names.
func TestCompleteEnumerations(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"-o", ""}, []string{"text", "json"}},
		{[]string{"es", "create", "-s", ""}, []string{"node", "kibana"}},
		{[]string{"ece", "create", "--role", ""}, []string{"allocator", "coordinator", "director", "proxy"}},
		{[]string{"fleet", "show", "x", "--platform", ""}, []string{"linux", "windows", "kubernetes"}},
		{[]string{"es", "create", "--platform", ""}, []string{"archive", "deb", "docker"}},
		{[]string{"--clipboard", ""}, []string{"auto", "native", "osc52", "off"}},
	} {
		got, dir := completions(t, nil, c.args...)
		if !hasAll(got, c.want...) || dir != ":4" {
			t.Errorf("%q: offers %q, directive %s", c.args, got, dir)
		}
	}
	for _, args := range [][]string{{"fleet", "create", "--name", ""}, {"es", "inspect", ""}, {"fleet", "list", ""}} {
		if got, dir := completions(t, nil, args...); len(got) != 0 || dir != ":4" {
			t.Errorf("%q: offers %q, directive %s (file names?)", args, got, dir)
		}
	}
}

// --profile completes the config file's profiles.
func TestCompleteProfiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	os.WriteFile(path, []byte("[profiles.prod.kibana]\nurl = \"https://k\"\n[profiles.staging.kibana]\nurl = \"https://s\"\n"), 0o600)
	got, d := completions(t, map[string]string{"TOKENTUI_CONFIG": path, "HOME": dir}, "fleet", "list", "--profile", "")
	if !hasAll(got, "prod", "staging") || len(got) != 2 || d != ":4" {
		t.Fatalf("offers %q, directive %s", got, d)
	}
}
