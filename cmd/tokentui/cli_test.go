package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/sim"
)

// TestMain lets a test run the real CLI in a child process (for signals).
func TestMain(m *testing.M) {
	localHashCost = 4 // bcrypt's least: a hash at the default cost takes seconds under -race
	if os.Getenv("TOKENTUI_TEST_MAIN") == "1" {
		os.Exit(run(newApp(), strings.Split(os.Getenv("TOKENTUI_TEST_ARGS"), "\n")))
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

// cli runs the command line in-process with the given environment.
func cli(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return env[k] }, isTerminal: func() bool { return false }}
	code := run(a, args)
	return result{code, out.String(), errb.String()}
}

func (r result) want(t *testing.T, code int, contains ...string) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	for _, c := range contains {
		if !strings.Contains(r.stdout+r.stderr, c) {
			t.Fatalf("output lacks %q\nstdout: %s\nstderr: %s", c, r.stdout, r.stderr)
		}
	}
	return r
}

func stackEnv(t *testing.T) (*sim.Stack, map[string]string) {
	t.Helper()
	return stackEnvOf(t, sim.Options{Seed: 9})
}

// stackEnvOf starts a Stack with opts and gives the environment for it.
func stackEnvOf(t *testing.T, opts sim.Options) (*sim.Stack, map[string]string) {
	t.Helper()
	s, err := sim.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	env := map[string]string{"HOME": t.TempDir()}
	for _, kv := range serveEnv(s) {
		env[kv[0]] = kv[1]
	}
	return s, env
}

func jsonKeys(t *testing.T, raw string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, raw)
	}
	if arr, ok := v.([]any); ok {
		if len(arr) == 0 {
			return nil
		}
		v = arr[0]
	}
	var keys []string
	for k := range v.(map[string]any) {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestESCommands(t *testing.T) {
	_, env := stackEnv(t)
	token := strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "kibana").want(t, 0).stdout)
	tok, err := elasticsearch.Decode(token)
	if err != nil || strings.Contains(token, "\n") {
		t.Fatalf("stdout must be the token alone: %q (%v)", token, err)
	}
	r := cli(t, env, "", "es", "create", "-s", "node", "-o", "json").want(t, 0)
	if k := jsonKeys(t, r.stdout); !slices.Equal(k, []string{"expires", "id", "name", "scope", "token"}) {
		t.Fatalf("create json keys %v", k)
	}
	cli(t, env, "", "es", "create", "-s", "admin").want(t, exitUsage, "can only be one of [node, kibana]")
	cli(t, env, "", "es", "create").want(t, exitUsage, `required flag(s) "scope" not set`)

	list := cli(t, env, "", "es", "list").want(t, 0, "ID", "SCOPE", "STATUS", tok.KeyID(), "revoked")
	if strings.Contains(list.stdout, strings.Split(tok.Key, ":")[1]) {
		t.Fatal("the list shows a secret")
	}
	r = cli(t, env, "", "es", "list", "-o", "json").want(t, 0)
	if k := jsonKeys(t, r.stdout); !slices.Equal(k, []string{"created", "expires", "id", "invalidated", "name", "owner", "scope", "status"}) {
		t.Fatalf("list json keys %v", k)
	}

	cli(t, env, "", "es", "revoke", tok.KeyID()).want(t, exitUsage, "pass --yes")
	cli(t, env, "", "es", "revoke", "--yes", tok.KeyID()).want(t, 0, "Revoked "+tok.KeyID())
	// One word per state, as in the UI: revoked, in the text and in JSON.
	var rows []struct{ ID, Status, Invalidated string }
	if err := json.Unmarshal([]byte(cli(t, env, "", "es", "list", "-o", "json").want(t, 0).stdout), &rows); err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if row.ID == tok.KeyID() && (row.Status != "revoked" || row.Invalidated == "") {
			t.Fatalf("a revoked key lists as %+v", row)
		}
	}
	if list := cli(t, env, "", "es", "list").want(t, 0); strings.Contains(list.stdout, "invalidated") {
		t.Fatalf("the text says revoked, not invalidated:\n%s", list.stdout)
	}
	cli(t, env, "", "es", "revoke", "--yes", "no-such-key").want(t, exitFailure, "no enrollment API key with id no-such-key")

	cli(t, env, token, "es", "inspect", "-").want(t, 0, "yes (every rule", tok.Fingerprint, tok.KeyID(), "(secret, not shown)")
	fresh := strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "node").stdout)
	cli(t, env, "", "es", "inspect", "--verify", fresh).want(t, 0, "ok: the key authenticates", "Warning 127.0.0.1:", "every address of the token is loopback")
	cli(t, env, "", "es", "inspect", "--verify", token).want(t, exitFailure, "FAILED", "authenticates at none") // revoked above
	r = cli(t, env, "", "es", "inspect", "-o", "json", fresh).want(t, 0)
	if k := jsonKeys(t, r.stdout); !slices.Equal(k, []string{"addresses", "fingerprint", "key_id", "valid", "version"}) {
		t.Fatalf("inspect json keys %v", k)
	}
	cli(t, env, "", "es", "inspect", "bm90IGEgdG9rZW4=").want(t, exitFailure, "invalid enrollment token")
}

func TestECECommands(t *testing.T) {
	_, env := stackEnv(t)
	r := cli(t, env, "", "ece", "create", "--role", "allocator").want(t, 0)
	if !regexp.MustCompile(`^TOKEN ID {31}TOKEN\n[0-9a-f-]{36} {3}eyJ\S+\n$`).MatchString(r.stdout) {
		t.Fatalf("ecctl's create table: %q", r.stdout)
	}
	id := strings.Fields(strings.Split(r.stdout, "\n")[1])[0]
	r = cli(t, env, "", "ece", "create", "--role", "coordinator", "--role", "proxy", "--validity", "2h").want(t, 0)
	if !strings.HasPrefix(strings.Split(r.stdout, "\n")[1], "-          eyJ") {
		t.Fatalf("an ephemeral token has no id: %q", r.stdout)
	}
	r = cli(t, env, "", "ece", "create", "--role", "director", "-o", "json").want(t, 0)
	if !regexp.MustCompile(`^\{\n  "token": "eyJ[^"]+",\n  "token_id": "[0-9a-f-]{36}"\n\}\n$`).MatchString(r.stdout) {
		t.Fatalf("ecctl's create JSON: %q", r.stdout)
	}
	list := cli(t, env, "", "ece", "list").want(t, 0).stdout
	if !strings.HasPrefix(list, "TOKEN ID                               ROLES\n") || !strings.Contains(list, id+"   allocator \n") ||
		!regexp.MustCompile(`(?m)^[0-9a-f-]{36} {3}-$`).MatchString(list) {
		t.Fatalf("ecctl's list table: %q", list)
	}
	r = cli(t, env, "", "ece", "list", "-o", "json").want(t, 0)
	var parsed struct {
		Tokens []map[string]any `json:"tokens"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &parsed); err != nil || len(parsed.Tokens) != 5 || !strings.HasPrefix(r.stdout, "{\n  \"tokens\": [\n    {\n      \"roles\": [") {
		t.Fatalf("ecctl's list JSON: %v %q", err, r.stdout)
	}
	cli(t, env, "", "ece", "delete", id).want(t, exitUsage, "--yes")
	cli(t, env, "y\n", "ece", "delete", "--yes", id).want(t, 0, "Token "+id+" deleted.")
	cli(t, env, "", "ece", "delete", "--yes", id).want(t, exitFailure, "Token not found")
	cli(t, env, "", "ece", "create", "--role", "beats-runner").want(t, exitUsage, "allocator, coordinator, director, proxy")
	cli(t, env, "", "ece", "create").want(t, exitUsage, `required flag(s) "role" not set`)
	cli(t, env, "", "ece", "create", "--role", "proxy", "--validity", "1000000h").want(t, exitUsage, "exceeds max allowed 2147483647 value in seconds")
	cli(t, env, "", "ece", "create", "--role", "proxy", "--validity", "120").want(t, exitUsage, `invalid argument "120" for "-v, --validity" flag: must be a duration like "30s" or "5m"`)
}

func TestFleetCommands(t *testing.T) {
	s, env := stackEnv(t)
	cli(t, env, "", "fleet", "list").want(t, 0, "edge-2026", "Edge proxies")
	if r := cli(t, env, "", "fleet", "list"); strings.Contains(r.stdout, "old-datacenter") {
		t.Fatal("revoked tokens only with --all")
	}
	cli(t, env, "", "fleet", "list", "--all").want(t, 0, "old-datacenter", "revoked")
	r := cli(t, env, "", "fleet", "list", "--policy", "policy-windows-desktops", "--kuery", "name:laptop*").want(t, 0, "laptop-rollout")
	if strings.Count(r.stdout, "\n") != 2 {
		t.Fatalf("filtered list: %q", r.stdout)
	}
	r = cli(t, env, "", "fleet", "list", "-o", "json").want(t, 0)
	if k := jsonKeys(t, r.stdout); !slices.Equal(k, []string{"api_key_id", "created_at", "expire_at", "hidden", "id", "name", "policy_id", "policy_name", "status"}) {
		t.Fatalf("list json keys %v", k)
	}
	token := strings.TrimSpace(cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers", "--name", "cli", "--expiration", "7d").want(t, 0).stdout)
	var id string
	for _, tok := range s.Fleet.Tokens() {
		if tok.APIKey == token {
			id = tok.ID
		}
	}
	if id == "" {
		t.Fatalf("stdout is not the new token: %q", token)
	}
	if got := strings.TrimSpace(cli(t, env, "", "fleet", "show", id).want(t, 0).stdout); got != token {
		t.Fatalf("show = %q", got)
	}
	cli(t, env, "", "fleet", "create", "--no-expiration", "--policy", "policy-linux-servers", "--name", "cli").want(t, exitFailure, "409", "already exists")
	cli(t, env, "", "fleet", "create", "--no-expiration", "--policy", "nope").want(t, exitUsage, `no agent policy has the id or the name "nope"`, "tokentui fleet policies")
	cli(t, env, "", "fleet", "create", "--policy", "p", "--expiration", "1 week").want(t, exitUsage, "30d, 24h")
	cli(t, env, "", "fleet", "revoke", "--yes", id, "no-such-id").want(t, exitFailure, "Revoked "+id, "1 of 2 failed")
	cli(t, env, "", "fleet", "list", "--all", "--kuery", "name:cli*").want(t, 0, "revoked")
	r = cli(t, env, "", "fleet", "policies").want(t, 0, "AGENTS", "128", "fleet-server-policy")
	r = cli(t, env, "", "fleet", "policies", "-o", "json").want(t, 0)
	if k := jsonKeys(t, r.stdout); !slices.Equal(k, []string{"agentless", "agents", "id", "managed", "name", "namespace"}) {
		t.Fatalf("policies json keys %v", k)
	}
}

func TestGlobalsAndConfig(t *testing.T) {
	_, env := stackEnv(t)
	cli(t, env, "", "fleet", "list", "-o", "yaml").want(t, exitUsage, "--output must be text, json or csv")
	cli(t, env, "", "--version").want(t, 0, "tokentui version")
	cli(t, env, "", "completion", "bash").want(t, 0, "bash completion")
	cli(t, env, "", "nosuch").want(t, exitUsage, "unknown command")
	cli(t, env, "", "fleet", "list", "--bogus").want(t, exitUsage, "unknown flag")

	noES := map[string]string{"HOME": env["HOME"]}
	cli(t, noES, "", "es", "list").want(t, exitFailure, "Elasticsearch is not configured", "ELASTICSEARCH_URL")
	if r := cli(t, noES, "", "config", "check").want(t, exitFailure, "nothing is configured", "ELASTICSEARCH_URL", "KIBANA_URL", "EC_HOST"); strings.Contains(r.stdout, "Configuration: ok") {
		t.Fatalf("nothing configured is not ok:\n%s", r.stdout)
	}

	r := cli(t, env, "", "--verbose", "fleet", "list").want(t, 0, "→ GET "+env["KIBANA_URL"]+"/api/fleet/enrollment_api_keys", "← 200 GET")
	if strings.Contains(r.stderr, env["KIBANA_PASSWORD"]) || strings.Contains(r.stderr, "Authorization") || strings.Contains(r.stderr, "Basic ") {
		t.Fatalf("the trail shows credentials: %s", r.stderr)
	}

	path := filepath.Join(t.TempDir(), "tokentui.toml")
	cli(t, env, "", "config", "init", "--config", path).want(t, 0, "Wrote "+path)
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("mode: %v %v", info, err)
	}
	cli(t, env, "", "config", "init", "--config", path).want(t, exitFailure, "exists already")

	r = cli(t, env, "", "config", "check").want(t, 0, "Configuration: ok", "version "+sim.ESVersion, "authenticated: elastic", "create: ok (superuser)",
		"Fleet Server hosts: ok", "reachable and authenticated: "+env["EC_HOST"])
	bad := map[string]string{}
	for k, v := range env {
		bad[k] = v
	}
	bad["KIBANA_PASSWORD"] = "wrong-password"
	r = cli(t, bad, "", "config", "check").want(t, exitFailure, "FAILED", "401", "1 system failed its check")
	if strings.Contains(r.stdout+r.stderr, "wrong-password") {
		t.Fatal("check shows the password")
	}
	bad["ELASTICSEARCH_URL"] = "es.example:9200"
	cli(t, bad, "", "config", "check").want(t, exitFailure, `ELASTICSEARCH_URL: "es.example:9200" needs http:// or https://`)
}

func TestProfilesFromTheConfigFile(t *testing.T) {
	s, env := stackEnv(t)
	path := filepath.Join(t.TempDir(), "c.toml")
	body := `default_profile = "demo"` + "\n" +
		section("demo", "kibana", "url", s.KibanaURL, "username", "elastic", "password_env", "DEMO_PW", "ca_cert", s.CAFile) +
		section("broken", "kibana", "url", "https://127.0.0.1:1", "username", "elastic", "password_env", "DEMO_PW")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	fileOnly := map[string]string{"HOME": env["HOME"], "DEMO_PW": s.Creds.KibanaPass, "TOKENTUI_CONFIG": path}
	cli(t, fileOnly, "", "fleet", "list").want(t, 0, "edge-2026")
	cli(t, fileOnly, "", "--profile", "broken", "fleet", "list").want(t, exitFailure, "connection refused")
	cli(t, fileOnly, "", "--profile", "nope", "fleet", "list").want(t, exitFailure, `no profile "nope"`)
}

// A command resolves only its own system: a broken Elasticsearch section
// (a failing password_command, an invalid URL) does not stop a Fleet or
// ECE command, and its credential helper never runs; config check still
// resolves, and reports, everything.
func TestACommandResolvesOnlyItsSystem(t *testing.T) {
	s, env := stackEnv(t)
	dir := t.TempDir()
	ran := filepath.Join(dir, "ran")
	path := filepath.Join(dir, "c.toml")
	kibana := func(profile string) string {
		return section(profile, "kibana", "url", s.KibanaURL, "username", "elastic", "password_env", "DEMO_PW", "ca_cert", s.CAFile)
	}
	body := section("p", "elasticsearch", "url", "https://127.0.0.1:1", "username", "elastic", "password_command", "touch '"+ran+"'; exit 3") +
		kibana("p") + section("p", "ece", "url", s.ECEURL, "api_key_env", "DEMO_ECE_KEY", "ca_cert", s.CAFile) +
		section("badurl", "elasticsearch", "url", "es.example:9200", "username", "elastic", "password", "x") + kibana("badurl")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	fileOnly := map[string]string{"HOME": env["HOME"], "DEMO_PW": s.Creds.KibanaPass, "DEMO_ECE_KEY": s.Creds.ECEAPIKey, "TOKENTUI_CONFIG": path}
	cli(t, fileOnly, "", "--profile", "p", "fleet", "list").want(t, 0, "edge-2026")
	cli(t, fileOnly, "", "--profile", "p", "fleet", "policies").want(t, 0, "fleet-server-policy")
	cli(t, fileOnly, "", "--profile", "p", "ece", "list").want(t, 0, "TOKEN ID")
	if _, err := os.Stat(ran); err == nil {
		t.Fatal("a Fleet or ECE command ran the Elasticsearch password_command")
	}
	cli(t, fileOnly, "", "--profile", "badurl", "fleet", "list").want(t, 0, "edge-2026")

	// The Elasticsearch commands, and config check, still see the problem.
	cli(t, fileOnly, "", "--profile", "p", "es", "list").want(t, exitFailure, "elasticsearch.password_command")
	if _, err := os.Stat(ran); err != nil {
		t.Fatal("es list did not run its own password_command")
	}
	cli(t, fileOnly, "", "--profile", "badurl", "es", "list").want(t, exitFailure, `"es.example:9200" needs http:// or https://`)
	cli(t, fileOnly, "", "--profile", "badurl", "config", "check").want(t, exitFailure, `"es.example:9200" needs http:// or https://`)
}

// Usage errors are typed where they arise: a server's reason that reads
// like one of cobra's complaints is an ordinary failure (exit 1), and
// every kind of usage error still exits 2.
func TestUsageErrorsAreTyped(t *testing.T) {
	env := hostileEnv(t, `: unknown command "x" for "tokentui"; invalid argument; required flag(s) "y" not set`, true)
	cli(t, env, "", "fleet", "list").want(t, exitFailure, "unknown command")
	cli(t, env, "", "es", "list").want(t, exitFailure, "invalid argument")
	cli(t, env, "", "ece", "list").want(t, exitFailure, "required flag(s)")
	for _, args := range [][]string{
		{"nosuch"}, {"fleet", "nosuch"}, {"fleet", "list", "--bogus"}, {"fleet", "list", "-o"},
		{"fleet", "show"}, {"fleet", "create"}, {"es", "create"}, {"ece", "create", "--validity", "x", "--role", "proxy"},
		{"completion", "bash", "extra"}, {"--timeout", "soon"}, {"fleet", "list", "-o", "yaml"},
	} {
		r := cli(t, env, "", args...)
		if r.code != exitUsage {
			t.Fatalf("%q: exit %d, want %d\n%s", args, r.code, exitUsage, r.stderr)
		}
	}
}

// section is one system's section of a config file's profile, from key
// and value pairs.
func section(profile, system string, kv ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[profiles.%s.%s]\n", profile, system)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, "%s = %q\n", kv[i], kv[i+1])
	}
	return b.String()
}

// A timeout of zero or less would fail every request at once: a usage
// error naming the flag. Left out, the default applies.
func TestTimeoutMustBePositive(t *testing.T) {
	_, env := stackEnv(t)
	for _, v := range []string{"-1s", "0", "0s"} {
		cli(t, env, "", "--timeout", v, "fleet", "list").want(t, exitUsage, "--timeout must be more than 0")
	}
	cli(t, env, "", "--timeout", "5s", "fleet", "list").want(t, 0)
	cli(t, env, "", "fleet", "list").want(t, 0)
}

// config check reports Kibana's version; one it cannot read fails nothing.
func TestConfigCheckReportsTheKibanaVersion(t *testing.T) {
	s, env := stackEnv(t)
	cli(t, env, "", "config", "check").want(t, 0, "version: "+sim.FleetVersion+" (Kibana)")
	s.Fleet.Faults.Set("GET /api/status", sim.Fault{Status: 403})
	cli(t, env, "", "config", "check").want(t, 0, "version: could not be read: ", "403", "Fleet Server hosts: ok")
}

// config check -o json: one object per system, the exit code as in text.
func TestConfigCheckJSON(t *testing.T) {
	_, env := stackEnv(t)
	type sysResult struct {
		Name       string   `json:"name"`
		Configured bool     `json:"configured"`
		Source     string   `json:"source"`
		Lines      []string `json:"lines"`
		Error      string   `json:"error"`
	}
	var out struct {
		Configuration string      `json:"configuration"`
		Systems       []sysResult `json:"systems"`
	}
	decode := func(r result) {
		t.Helper()
		out.Systems = nil
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, r.stdout)
		}
	}
	decode(cli(t, env, "", "-o", "json", "config", "check").want(t, 0))
	if len(out.Systems) != 3 {
		t.Fatalf("want 3 systems: %+v", out.Systems)
	}
	for _, s := range out.Systems {
		if !s.Configured || s.Source == "" || s.Error != "" || len(s.Lines) == 0 {
			t.Fatalf("%+v", s)
		}
	}
	if fl := out.Systems[2]; fl.Name != "Fleet" || !slices.Contains(fl.Lines, "version: "+sim.FleetVersion+" (Kibana)") {
		t.Fatalf("%+v", fl)
	}

	bad := map[string]string{}
	for k, v := range env {
		if !strings.HasPrefix(k, "ELASTICSEARCH_") {
			bad[k] = v
		}
	}
	bad["KIBANA_PASSWORD"] = "wrong-password"
	decode(cli(t, bad, "", "-o", "json", "config", "check").want(t, exitFailure, "1 system failed its check"))
	if es, fl := out.Systems[0], out.Systems[2]; es.Configured || len(es.Lines) == 0 || !fl.Configured || !strings.Contains(fl.Error, "401") {
		t.Fatalf("%+v", out.Systems)
	}
}
