package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/childenv"
)

const elasticRC = `
current_context: prod
contexts:
  prod:
    elasticsearch:
      url: https://es.prod:9200
      auth:
        api_key: $(env:PROD_ES_KEY)
    kibana:
      url: https://kb.prod:5601
      auth:
        username: elastic
        password: $(file:%PASSFILE%)
    cloud:
      url: https://api.elastic-cloud.com
      auth: {api_key: $(keychain:elastic-cli/prod:cloud.auth.api_key)}
    commands:
      blocked: ["stack.kb.fleet-enrollment-api-keys.delete-fleet-enrollment-api-keys-keyid"]
  lab:
    kibana:
      url: https://kb.lab:5601
      auth: {api_key: inline-key}
`

// elasticHome writes ~/.elasticrc.yml (and the password file) in a new
// home directory and returns the environment.
func elasticHome(t *testing.T, body string, mode os.FileMode) (string, map[string]string) {
	t.Helper()
	home := t.TempDir()
	pass := write(t, home, "kb-pass", "s3cret-from-file \n", 0o600)
	write(t, home, ".elasticrc.yml", strings.ReplaceAll(body, "%PASSFILE%", pass), mode)
	return home, map[string]string{"HOME": home, "PROD_ES_KEY": "ZXM6a2V5"}
}

func TestElasticCLIDiscoveryOrder(t *testing.T) {
	home := t.TempDir()
	e := map[string]string{"HOME": home}
	if p := elasticCLIPath(env(e)); p != "" {
		t.Fatalf("no file: got %s", p)
	}
	// Later names first, so each step shows the earlier one wins.
	for i := len(elasticCLINames) - 1; i >= 0; i-- {
		want := write(t, home, elasticCLINames[i], "contexts: {}", 0o600)
		if got := elasticCLIPath(env(e)); got != want {
			t.Fatalf("with %s present: got %s", elasticCLINames[i], got)
		}
	}
	// An unreadable file is skipped (root reads everything: skip there).
	if os.Getuid() != 0 {
		if err := os.Chmod(filepath.Join(home, ".elasticrc"), 0); err != nil {
			t.Fatal(err)
		}
		if got := elasticCLIPath(env(e)); got != filepath.Join(home, ".elasticrc.json") {
			t.Fatalf("unreadable .elasticrc not skipped: got %s", got)
		}
	}
	e["ELASTIC_CLI_CONFIG_FILE"] = "/elsewhere/rc.yml"
	if got := elasticCLIPath(env(e)); got != "/elsewhere/rc.yml" {
		t.Fatalf("ELASTIC_CLI_CONFIG_FILE must win: got %s", got)
	}
}

func TestElasticCLIRefusesScriptsAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	js := write(t, dir, "rc.js", "module.exports = {}", 0o600)
	_, err := Load(Options{Profile: "elastic:prod", Getenv: env(map[string]string{"HOME": dir, "ELASTIC_CLI_CONFIG_FILE": js})})
	if err == nil || !strings.Contains(err.Error(), errElasticCLIScript) {
		t.Fatalf("a .js config must be refused with the CLI's message, got %v", err)
	}
}

func TestElasticCLIContextsAreProfiles(t *testing.T) {
	home, e := elasticHome(t, elasticRC, 0o600)
	own := write(t, home, "c.toml", twoProfiles, 0o600)
	e["KB_KEY"] = "a2V5"
	cfg, err := Load(Options{Path: own, Getenv: env(e), Only: "-"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"prod", "staging", "elastic:lab", "elastic:prod"}; !slices.Equal(cfg.Profiles, want) {
		t.Fatalf("profiles %v, want %v", cfg.Profiles, want)
	}
	cfg, err = Load(Options{Path: own, Profile: "elastic:prod", Getenv: env(e)})
	if err != nil {
		t.Fatal(err)
	}
	es, kb := cfg.Elasticsearch, cfg.Kibana
	if cfg.Profile != "elastic:prod" || es == nil || kb == nil {
		t.Fatalf("profile %q es %v kb %v", cfg.Profile, es, kb)
	}
	if es.URL != "https://es.prod:9200" || es.APIKey != "ZXM6a2V5" || es.Username != "" {
		t.Errorf("elasticsearch: %s %q %q", es.URL, es.APIKey, es.Username)
	}
	if kb.URL != "https://kb.prod:5601" || kb.Username != "elastic" || kb.Password != "s3cret-from-file" {
		t.Errorf("kibana: %s %q %q", kb.URL, kb.Username, kb.Password)
	}
	if kb.Policy == nil || es.Policy == nil {
		t.Error("the context's policy is lost")
	}
	if len(childenv.Filter([]string{"PROD_ES_KEY=x"})) != 0 {
		t.Error("a variable read by $(env:…) must be kept from child processes")
	}
	// The environment still wins, as over tokentui's own profiles.
	e["KIBANA_URL"] = "https://other:5601"
	cfg, err = Load(Options{Path: own, Profile: "elastic:prod", Getenv: env(e)})
	if err != nil || cfg.Kibana.URL != "https://other:5601" {
		t.Fatalf("KIBANA_URL over the context: %v %v", cfg.Kibana, err)
	}
}

func TestTokentuiProfileWinsOverElasticCLI(t *testing.T) {
	home, e := elasticHome(t, elasticRC, 0o600)
	own := write(t, home, "c.toml", `
[profiles."elastic:lab".kibana]
url = "https://mine:5601"
api_key = "mine"
`, 0o600)
	cfg, err := Load(Options{Path: own, Profile: "elastic:lab", Getenv: env(e)})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Kibana.URL != "https://mine:5601" || cfg.Kibana.Policy != nil {
		t.Fatalf("tokentui's own profile must win: %+v", cfg.Kibana)
	}
	if n := strings.Count(strings.Join(cfg.Profiles, ","), "elastic:lab"); n != 1 {
		t.Fatalf("elastic:lab listed %d times: %v", n, cfg.Profiles)
	}
}

func TestElasticCLIResolvers(t *testing.T) {
	_, e := elasticHome(t, elasticRC, 0o600)
	delete(e, "PROD_ES_KEY")
	_, err := Load(Options{Profile: "elastic:prod", Getenv: env(e)})
	if err == nil || !strings.Contains(err.Error(), `Environment variable "PROD_ES_KEY" is not set or is empty`) {
		t.Fatalf("unset variable: %v", err)
	}
	if !strings.Contains(err.Error(), "contexts.prod.elasticsearch.auth.api_key") {
		t.Errorf("the error must name the field: %v", err)
	}
	for _, tc := range []struct{ expr, want string }{
		{"$(keychain:elastic-cli/lab:kibana.auth.api_key)", "the keychain resolver is not supported"},
		{"$(secret_service:elastic-cli/lab:kibana.auth.api_key)", "the secret_service resolver is not supported"},
		{"$(pass:elastic-cli/lab:kibana.auth.api_key)", "the pass resolver is not supported"},
		{"$(vault:x)", `unknown resolver "vault"`},
	} {
		body := strings.Replace(elasticRC, "api_key: inline-key", "api_key: "+tc.expr, 1)
		_, e := elasticHome(t, body, 0o600)
		cfg, err := Load(Options{Profile: "elastic:lab", Getenv: env(e)})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v", tc.expr, err)
		}
		if cfg.Kibana != nil {
			t.Errorf("%s: a Kibana with an empty secret: %+v", tc.expr, cfg.Kibana)
		}
	}
	// Several expressions in one string; the unused context's broken
	// keychain expression (prod's cloud block) never matters.
	body := strings.Replace(elasticRC, "api_key: inline-key", "api_key: $(env:A)-$(env:B)", 1)
	_, e = elasticHome(t, body, 0o600)
	e["A"], e["B"] = "one", "two"
	cfg, err := Load(Options{Profile: "elastic:lab", Getenv: env(e)})
	if err != nil || cfg.Kibana.APIKey != "one-two" {
		t.Fatalf("two expressions: %v %v", cfg.Kibana, err)
	}
}

func TestElasticCLICmdResolverRules(t *testing.T) {
	body := strings.Replace(elasticRC, "api_key: inline-key", "api_key: $(cmd:print-key)", 1)
	ran := 0
	run := func(c string) (string, error) {
		ran++
		if c != "print-key" {
			return "", errors.New("wrong command " + c)
		}
		return "from-cmd", nil
	}
	_, e := elasticHome(t, body, 0o600)
	cfg, err := Load(Options{Profile: "elastic:lab", Getenv: env(e), RunCommand: run})
	if err != nil || cfg.Kibana.APIKey != "from-cmd" || ran != 1 {
		t.Fatalf("cmd: %v %v ran %d", cfg.Kibana, err, ran)
	}
	_, e = elasticHome(t, body, 0o622) // others may write the file
	_, err = Load(Options{Profile: "elastic:lab", Getenv: env(e), RunCommand: run})
	if err == nil || !strings.Contains(err.Error(), "no one else can write") || ran != 1 {
		t.Fatalf("cmd from a file others can write: %v, ran %d", err, ran)
	}
}

func TestElasticCLIInlineSecretNeedsOwnerOnlyFile(t *testing.T) {
	_, e := elasticHome(t, elasticRC, 0o644)
	_, err := Load(Options{Profile: "elastic:lab", Getenv: env(e)})
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("inline key in a 0644 file: %v", err)
	}
	if strings.Contains(err.Error(), "inline-key") {
		t.Fatal("the secret is in the message")
	}
}

func TestElasticCLIMissingContextAndBrokenFile(t *testing.T) {
	_, e := elasticHome(t, elasticRC, 0o600)
	_, err := Load(Options{Profile: "elastic:nope", Getenv: env(e)})
	if err == nil || !strings.Contains(err.Error(), `no context "nope"`) {
		t.Fatalf("missing context: %v", err)
	}
	// A broken Elastic CLI file does not break tokentui's own profiles.
	home, e := elasticHome(t, "contexts: [", 0o600)
	own := write(t, home, "c.toml", twoProfiles, 0o600)
	e["KB_KEY"] = "a2V5"
	if _, err := Load(Options{Path: own, Getenv: env(e)}); err != nil {
		t.Fatalf("own profile with a broken ~/.elasticrc.yml: %v", err)
	}
	if _, err := Load(Options{Path: own, Profile: "elastic:prod", Getenv: env(e)}); err == nil {
		t.Fatal("a broken Elastic CLI file must fail its profiles")
	}
}

func TestElasticCLIPolicy(t *testing.T) {
	_, e := elasticHome(t, elasticRC, 0o600)
	cfg, err := Load(Options{Profile: "elastic:prod", Getenv: env(e)})
	if err != nil {
		t.Fatal(err)
	}
	p := cfg.Kibana.Policy
	err = p.Guard("DELETE", "/s/ops/api/fleet/enrollment_api_keys/abc")
	if err == nil || !strings.Contains(err.Error(), "command policy") || !strings.Contains(err.Error(), ".elasticrc.yml (context prod)") ||
		!strings.Contains(err.Error(), "delete-fleet-enrollment-api-keys-keyid") {
		t.Fatalf("DELETE must be refused naming the policy and the file: %v", err)
	}
	for _, ok := range [][2]string{{"GET", "/api/fleet/enrollment_api_keys"}, {"POST", "/api/fleet/enrollment_api_keys"}, {"GET", "/api/status"}} {
		if err := p.Guard(ok[0], ok[1]); err != nil {
			t.Errorf("%s %s: %v", ok[0], ok[1], err)
		}
	}
	cases := []struct {
		commands     string
		method, path string
		blocked      bool
	}{
		{`{blocked: ["stack.kb.fleet-enrollment-api-keys.*"]}`, "POST", "/api/fleet/enrollment_api_keys/_bulk_delete", true},
		{`{blocked: ["stack.kb.fleet-enrollment-api-keys"]}`, "POST", "/api/fleet/enrollment_api_keys", false}, // x.* only, not x
		{`{allowed: ["stack.kb.fleet-enrollment-api-keys.get-fleet-enrollment-api-keys"]}`, "GET", "/api/fleet/enrollment_api_keys", false},
		{`{allowed: ["stack.kb.fleet-enrollment-api-keys.get-fleet-enrollment-api-keys"]}`, "POST", "/api/fleet/enrollment_api_keys", true},
		{`{profile: serverless}`, "DELETE", "/api/fleet/enrollment_api_keys/x", false},
		{`{profile: serverless, blocked: ["stack.es.*"]}`, "POST", "/_security/api_key", true},
		{`{blocked: ["stack.es.security.invalidate-api-key"]}`, "DELETE", "/_security/api_key", false}, // names no command we know
		{`{allowed: ["stack.es.security.invalidate-api-key"]}`, "DELETE", "/_security/api_key", true},  // fails closed
		{`{allowed: ["stack.es.*"]}`, "DELETE", "/_security/api_key", false},
	}
	for _, tc := range cases {
		body := strings.Replace(elasticRC, `    commands:
      blocked: ["stack.kb.fleet-enrollment-api-keys.delete-fleet-enrollment-api-keys-keyid"]`, "    commands: "+tc.commands, 1)
		_, e := elasticHome(t, body, 0o600)
		cfg, err := Load(Options{Profile: "elastic:prod", Getenv: env(e)})
		if err != nil {
			t.Fatalf("%s: %v", tc.commands, err)
		}
		if got := cfg.Kibana.Policy.Guard(tc.method, tc.path) != nil; got != tc.blocked {
			t.Errorf("%s: %s %s refused=%v, want %v", tc.commands, tc.method, tc.path, got, tc.blocked)
		}
	}
	// The root policy applies to a context without its own; the context's replaces it.
	body := "commands: {blocked: [\"stack.*\"]}\n" + strings.Replace(elasticRC, "      blocked: [\"stack.kb.fleet-enrollment-api-keys.delete-fleet-enrollment-api-keys-keyid\"]", "      profile: stack", 1)
	_, e = elasticHome(t, body, 0o600)
	e["PROD_ES_KEY"] = "k"
	for ctx, blocked := range map[string]bool{"elastic:lab": true, "elastic:prod": false} {
		cfg, err := Load(Options{Profile: ctx, Getenv: env(e)})
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.Kibana.Policy.Guard("POST", "/api/fleet/enrollment_api_keys") != nil; got != blocked {
			t.Errorf("%s: refused=%v, want %v", ctx, got, blocked)
		}
	}
	// The schema's exclusions are errors.
	body = strings.Replace(elasticRC, "      blocked: [", "      allowed: [\"version\"]\n      blocked: [", 1)
	_, e = elasticHome(t, body, 0o600)
	if _, err := Load(Options{Profile: "elastic:prod", Getenv: env(e)}); err == nil || !strings.Contains(err.Error(), `"allowed" and "blocked" are mutually exclusive`) {
		t.Fatalf("allowed with blocked: %v", err)
	}
}
