package main

import (
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

const eceTokensPath = "/api/v1/regions/ece-region/platform/configuration/security/enrollment-tokens"

// hostileEnv configures every system for a stub server (stubRegistry)
// that answers the Elasticsearch, Kibana Fleet and ECE calls the CLI makes
// with every server-chosen string (ids, names, owners, roles, policy
// names, secrets, cluster and user names) carrying bad; with fail, every
// call answers its system's JSON error body with bad in the reason.
func hostileEnv(t *testing.T, bad string, fail bool) map[string]string {
	t.Helper()
	stubs := newStubs(t)
	type m = map[string]any
	if fail {
		stubs.register("", "/api/fleet/*", jsonReply(400, m{"statusCode": 400, "error": "Bad Request", "message": "bad " + bad}))
		stubs.register("", "/api/v1/*", jsonReply(400, m{"errors": []m{{"code": "bad." + bad, "message": "bad " + bad}}}))
		cause := m{"type": "security_exception", "reason": "bad " + bad}
		stubs.register("", "/*", jsonReply(403, m{"error": m{"root_cause": []m{cause}, "type": "security_exception", "reason": "bad " + bad}, "status": 403}))
		return stubs.serveTLS()
	}
	fleetItem := m{"id": "id" + bad, "api_key_id": "k", "api_key": "secret" + bad, "name": "name" + bad + " (id" + bad + ")",
		"active": true, "policy_id": "policy" + bad, "created_at": "2026-01-02T03:04:05Z"}
	for _, s := range []struct {
		method, path string
		reply        any
	}{
		{"GET", "/", m{"name": "node" + bad, "cluster_name": "cluster" + bad, "version": m{"number": "8.19.7" + bad}}},
		{"GET", "/_security/_authenticate", m{"username": "user" + bad, "roles": []string{"role" + bad}, "authentication_type": "realm", "authentication_realm": m{"name": bad}}},
		{"GET", "/_security/api_key", m{"api_keys": []m{{"id": "id" + bad, "name": elasticsearch.KeyNamePrefix + bad, "creation": 1767322800000,
			"username": "owner" + bad, "realm": "realm" + bad,
			"role_descriptors": m{"create_enrollment_token": m{"cluster": []string{elasticsearch.Actions["kibana"]}}}}}}},
		{"GET", "/api/fleet/enrollment_api_keys", m{"items": []m{fleetItem}, "total": 1}},
		{"POST", "/api/fleet/enrollment_api_keys", m{"item": fleetItem}},
		{"GET", "/api/fleet/enrollment_api_keys/*", m{"item": fleetItem}},
		{"GET", "/api/fleet/agent_policies", m{"items": []m{{"id": "policy" + bad, "name": "policyname" + bad, "namespace": "ns" + bad, "agents": 3}}, "total": 1}},
		{"GET", "/api/fleet/fleet_server_hosts", m{"items": []m{{"id": "host" + bad, "name": bad, "host_urls": []string{"https://fleet:8220"}, "is_default": true}}}},
		{"GET", eceTokensPath, m{"tokens": []m{{"token_id": "id" + bad, "roles": []string{"role" + bad}}}}},
		{"POST", eceTokensPath, m{"token": "secret" + bad, "token_id": "id" + bad}},
	} {
		stubs.register(s.method, s.path, jsonReply(200, s.reply))
	}
	// Kibana's version (config check) and Fleet Server's logs (fleet show)
	// are not there: each command says so and goes on.
	for _, s := range []struct{ method, path string }{{"GET", "/api/status"}, {"POST", "/logs-elastic_agent.fleet_server-*/_search"}} {
		stubs.register(s.method, s.path, jsonReply(404, m{"statusCode": 404, "error": "Not Found", "message": "no route " + s.path}))
	}
	return stubs.serveTLS()
}

// noRaw fails when a terminal control reached stdout or stderr.
func noRaw(t *testing.T, what string, r result) {
	t.Helper()
	if raw := sanitizetest.Raw(r.stdout + r.stderr); raw != "" {
		t.Fatalf("%s writes a raw %q\nstdout: %q\nstderr: %q", what, raw, r.stdout, r.stderr)
	}
}

// viaJSON is what a string becomes through a JSON encoder and decoder
// (invalid UTF-8 turns into U+FFFD): what the CLI can receive at all.
func viaJSON(s string) string {
	b, _ := json.Marshal(s)
	var out string
	_ = json.Unmarshal(b, &out)
	return out
}

// Every text output path shows server-controlled strings escaped, never
// raw; -o json still gives the exact value.
func TestHostileStringsNeverReachTheTerminalRaw(t *testing.T) {
	for name, bad := range sanitizetest.Hostile {
		t.Run(name, func(t *testing.T) {
			env := hostileEnv(t, bad, false)
			got := viaJSON(bad)
			shown := sanitize.Text(got)
			for _, c := range []struct {
				args []string
				want string // the escaped value the text shows
			}{
				{[]string{"fleet", "list"}, "name" + shown},
				{[]string{"fleet", "list"}, "policyname" + shown},
				{[]string{"fleet", "policies"}, "policyname" + shown},
				{[]string{"fleet", "show", "x"}, "secret" + shown},
				{[]string{"fleet", "create", "--no-expiration", "--policy", "policy" + got}, "secret" + shown},
				{[]string{"fleet", "list", "--policy", "policyname" + got}, "name" + shown},
				{[]string{"es", "list"}, "owner" + shown},
				{[]string{"es", "list"}, "id" + shown},
				{[]string{"ece", "list"}, "role" + shown},
				{[]string{"ece", "list"}, "id" + shown},
				{[]string{"ece", "create", "--role", "proxy"}, "secret" + shown},
				{[]string{"config", "check"}, "cluster" + shown},
				{[]string{"config", "check"}, "user" + shown},
				// -o csv is for a terminal too: nothing raw, through the
				// sanitizing writer (-o json below stays exact).
				{[]string{"fleet", "list", "-o", "csv"}, "name"},
				{[]string{"fleet", "policies", "-o", "csv"}, "policyname"},
				{[]string{"es", "list", "-o", "csv"}, "owner"},
				{[]string{"ece", "list", "-o", "csv"}, "role"},
			} {
				r := cli(t, env, "", c.args...).want(t, 0)
				noRaw(t, strings.Join(c.args, " "), r)
				if !strings.Contains(r.stdout, c.want) {
					t.Fatalf("%s: the value is not shown escaped (%q)\nstdout: %q", strings.Join(c.args, " "), c.want, r.stdout)
				}
			}
			// -o json round-trips the value exactly.
			for _, c := range []struct {
				args []string
				into any
				want any
			}{
				{[]string{"fleet", "list"}, &[]fleetRow{}, "name" + got},
				{[]string{"fleet", "policies"}, &[]policyRow{}, "policyname" + got},
				{[]string{"fleet", "show", "x"}, &fleetRow{}, "secret" + got},
				{[]string{"fleet", "create", "--no-expiration", "--policy", "policy" + got}, &fleetRow{}, "secret" + got},
				{[]string{"es", "list"}, &[]esRow{}, "owner" + got + " (realm" + got + ")"},
				{[]string{"ece", "list"}, &struct{ Tokens []eceRow }{}, "role" + got},
				{[]string{"ece", "create", "--role", "proxy"}, &eceRow{}, "secret" + got},
			} {
				r := cli(t, env, "", append(c.args, "-o", "json")...).want(t, 0)
				if err := json.Unmarshal([]byte(r.stdout), c.into); err != nil {
					t.Fatalf("%s -o json: %v\n%s", strings.Join(c.args, " "), err, r.stdout)
				}
				if !containsString(reflect.ValueOf(c.into), c.want.(string)) {
					t.Fatalf("%s -o json lost the exact value %q:\n%s", strings.Join(c.args, " "), c.want, r.stdout)
				}
			}
		})
	}
}

// containsString reports whether v holds want in any string field.
func containsString(v reflect.Value, want string) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && containsString(v.Elem(), want)
	case reflect.Slice:
		for i := range v.Len() {
			if containsString(v.Index(i), want) {
				return true
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if containsString(v.Field(i), want) {
				return true
			}
		}
	case reflect.String:
		return v.String() == want
	}
	return false
}

// Error reasons from a server's JSON error body, from a token, from the
// environment or from a file name reach stderr escaped.
func TestHostileErrorReasonsAreEscaped(t *testing.T) {
	for name, bad := range sanitizetest.Hostile {
		t.Run(name, func(t *testing.T) {
			env := hostileEnv(t, bad, true)
			for _, args := range [][]string{
				{"fleet", "list"}, {"fleet", "policies"}, {"fleet", "show", "x"}, {"fleet", "create", "--no-expiration", "--policy", "p"},
				{"fleet", "revoke", "--yes", "x"}, {"es", "list"}, {"es", "revoke", "--yes", "x"},
				{"ece", "list"}, {"ece", "create", "--role", "proxy"}, {"ece", "delete", "--yes", "x"},
				{"config", "check"}, {"fleet", "list", "-o", "json"},
			} {
				r := cli(t, env, "", args...).want(t, exitFailure, "bad x")
				noRaw(t, strings.Join(args, " "), r)
			}

			// A crafted token with the string in ver or in the key id.
			for _, field := range []string{"ver", "key"} {
				tok := map[string]string{"ver": "8.14.0", "key": "id:secret"}
				tok[field] = strings.Replace(tok[field], "id", "id"+bad, 1) + bad
				raw := base64.StdEncoding.EncodeToString([]byte(`{"ver":` + quote(tok["ver"]) + `,"adr":["127.0.0.1:9200"],"fgr":"` +
					strings.Repeat("ab", 32) + `","key":` + quote(tok["key"]) + `}`))
				r := cli(t, env, raw, "es", "inspect", "-").want(t, exitFailure, "invalid enrollment token")
				noRaw(t, "es inspect ("+field+")", r)
			}

			// The environment and a file name.
			env["KIBANA_URL"] = "https://kibana" + bad
			noRaw(t, "a bad KIBANA_URL", cli(t, env, "", "fleet", "list"))
			env["TOKENTUI_CONFIG"] = filepath.Join(t.TempDir(), "c"+bad+".toml")
			noRaw(t, "a bad config path", cli(t, env, "", "fleet", "list").want(t, exitFailure))
		})
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
