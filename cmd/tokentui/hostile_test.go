package main

import (
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

// hostileServer answers the Elasticsearch, Kibana Fleet and ECE calls the
// CLI makes with every server-chosen string (ids, names, owners, roles,
// policy names, secrets, cluster and user names) carrying bad; with fail
// set, every call answers its system's JSON error body with bad in the
// reason.
type hostileServer struct {
	bad  string
	fail bool
}

const eceTokensPath = "/api/v1/regions/ece-region/platform/configuration/security/enrollment-tokens"

func (s hostileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	w.Header().Set("Content-Type", "application/json")
	send := func(status int, v any) {
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	bad, p := s.bad, r.URL.Path
	type m = map[string]any
	if s.fail {
		switch {
		case strings.HasPrefix(p, "/api/fleet"):
			send(400, m{"statusCode": 400, "error": "Bad Request", "message": "bad " + bad})
		case strings.HasPrefix(p, "/api/v1"):
			send(400, m{"errors": []m{{"code": "bad." + bad, "message": "bad " + bad}}})
		default:
			cause := m{"type": "security_exception", "reason": "bad " + bad}
			send(403, m{"error": m{"root_cause": []m{cause}, "type": "security_exception", "reason": "bad " + bad}, "status": 403})
		}
		return
	}
	fleetItem := m{"id": "id" + bad, "api_key_id": "k", "api_key": "secret" + bad, "name": "name" + bad + " (id" + bad + ")",
		"active": true, "policy_id": "policy" + bad, "created_at": "2026-01-02T03:04:05Z"}
	switch {
	case p == "/":
		send(200, m{"name": "node" + bad, "cluster_name": "cluster" + bad, "version": m{"number": "8.19.7" + bad}})
	case p == "/_security/_authenticate":
		send(200, m{"username": "user" + bad, "roles": []string{"role" + bad}, "authentication_type": "realm", "authentication_realm": m{"name": bad}})
	case p == "/_security/api_key" && r.Method == "GET":
		send(200, m{"api_keys": []m{{"id": "id" + bad, "name": elasticsearch.KeyNamePrefix + bad, "creation": 1767322800000,
			"username": "owner" + bad, "realm": "realm" + bad,
			"role_descriptors": m{"create_enrollment_token": m{"cluster": []string{elasticsearch.Actions["kibana"]}}}}}})
	case p == "/api/fleet/enrollment_api_keys" && r.Method == "GET":
		send(200, m{"items": []m{fleetItem}, "total": 1})
	case p == "/api/fleet/enrollment_api_keys" && r.Method == "POST":
		send(200, m{"item": fleetItem})
	case strings.HasPrefix(p, "/api/fleet/enrollment_api_keys/") && r.Method == "GET":
		send(200, m{"item": fleetItem})
	case p == "/api/fleet/agent_policies":
		send(200, m{"items": []m{{"id": "policy" + bad, "name": "policyname" + bad, "namespace": "ns" + bad, "agents": 3}}, "total": 1})
	case p == "/api/fleet/fleet_server_hosts":
		send(200, m{"items": []m{{"id": "host" + bad, "name": bad, "host_urls": []string{"https://fleet:8220"}, "is_default": true}}})
	case p == eceTokensPath && r.Method == "GET":
		send(200, m{"tokens": []m{{"token_id": "id" + bad, "roles": []string{"role" + bad}}}})
	case p == eceTokensPath && r.Method == "POST":
		send(200, m{"token": "secret" + bad, "token_id": "id" + bad})
	default:
		send(404, m{"statusCode": 404, "error": "Not Found", "message": "no route " + p})
	}
}

// hostileEnv serves s over TLS and configures all three systems for it.
func hostileEnv(t *testing.T, s hostileServer) map[string]string {
	t.Helper()
	srv := httptest.NewTLSServer(s)
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"HOME": t.TempDir(), "TOKENTUI_CA_CERT": ca,
		"ELASTICSEARCH_URL": srv.URL, "ELASTICSEARCH_USERNAME": "elastic", "ELASTICSEARCH_PASSWORD": "pw",
		"KIBANA_URL": srv.URL, "KIBANA_USERNAME": "elastic", "KIBANA_PASSWORD": "pw",
		"EC_HOST": srv.URL, "EC_API_KEY": "key"}
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
			env := hostileEnv(t, hostileServer{bad: bad})
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
			env := hostileEnv(t, hostileServer{bad: bad, fail: true})
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
