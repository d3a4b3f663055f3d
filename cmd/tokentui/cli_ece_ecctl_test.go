package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// eceFlagEnv is a Stack's environment without any ECE setting: only
// ecctl's flags configure ECE.
func eceFlagEnv(t *testing.T) (env map[string]string, flags []string) {
	t.Helper()
	s, full := stackEnv(t)
	env = map[string]string{"HOME": full["HOME"]}
	return env, []string{"--host", s.ECEURL, "--api-key", s.Creds.ECEAPIKey, "--insecure"}
}

func TestECEConnectionFlagsAsEcctl(t *testing.T) {
	s, full := stackEnv(t)
	env := map[string]string{"HOME": full["HOME"]}
	// A new user with no configuration at all.
	cli(t, env, "", "ece", "list", "--host", s.ECEURL, "--api-key", s.Creds.ECEAPIKey, "--insecure").
		want(t, 0, "TOKEN ID   ", "ROLES")
	cli(t, env, "", "ece", "list").want(t, exitFailure, "ECE is not configured")
	cli(t, env, "", "ece", "list", "--api-key", "k").want(t, exitFailure, "--host: missing")
	// --user and --pass log in, as ecctl does.
	cli(t, env, "", "ece", "list", "--host", s.ECEURL, "--user", s.Creds.ECEUsername, "--pass", s.Creds.ECEPassword, "--insecure").
		want(t, 0, "ROLES")
	// Flags win over the environment, which wins over the configuration.
	bad := map[string]string{"HOME": full["HOME"], "EC_HOST": "https://127.0.0.1:1", "EC_API_KEY": "wrong", "TOKENTUI_CA_CERT": full["TOKENTUI_CA_CERT"]}
	cli(t, bad, "", "ece", "list", "--host", s.ECEURL, "--api-key", s.Creds.ECEAPIKey).want(t, 0, "ROLES")
	cli(t, bad, "", "ece", "list", "--host", s.ECEURL).want(t, exitFailure) // the environment's wrong key
	writeFile(t, full["HOME"], ".ecctl/config.yaml", "host: https://127.0.0.1:1\napi_key: from-config\n")
	envOnly := map[string]string{"HOME": full["HOME"], "EC_HOST": s.ECEURL, "EC_API_KEY": s.Creds.ECEAPIKey, "EC_INSECURE": "1"}
	cli(t, envOnly, "", "ece", "list").want(t, 0, "ROLES")
	// Credentials of both kinds is ecctl's error.
	cli(t, env, "", "ece", "list", "--host", s.ECEURL, "--api-key", "k", "--user", "u", "--pass", "p").
		want(t, exitFailure, "cannot specify both api_key and user / pass")
	// --region goes into the path as ecctl sends it.
	cli(t, env, "", "ece", "list", "--host", s.ECEURL, "--api-key", s.Creds.ECEAPIKey, "--insecure", "--region", "ece-region", "--verbose").
		want(t, 0, "/api/v1/regions/ece-region/platform/configuration/security/enrollment-tokens")
	help := cli(t, env, "", "ece", "--help").want(t, 0, "--host", "--api-key", "--user", "--pass", "--region", "--insecure", "--format").stdout
	if !strings.Contains(strings.Join(strings.Fields(help), " "), "the environment or a config file is safer for passwords and keys") {
		t.Fatalf("the help must say flags are the least safe place for secrets:\n%s", help)
	}
}

// TestECEFormatAsEcctl pins --format against ecctl's documented output:
// `--format '{{.Token}}'` on create prints the token alone;
// `--format '{{.TokenID}} {{.Roles}}'` on list prints "tok-3 [director
// allocator]" per token.
func TestECEFormatAsEcctl(t *testing.T) {
	env, flags := eceFlagEnv(t)
	run := func(args ...string) []string { return append(append([]string{"ece"}, args...), flags...) }
	r := cli(t, env, "", run("create", "--role", "director", "--role", "allocator", "--format", "{{.Token}}")...).want(t, 0)
	if !regexp.MustCompile(`^eyJ\S+\n$`).MatchString(r.stdout) {
		t.Fatalf("{{.Token}} prints the token alone: %q", r.stdout)
	}
	r = cli(t, env, "", run("create", "--role", "director", "--role", "allocator", "--format", "{{.TokenID}}")...).want(t, 0)
	id := strings.TrimSpace(r.stdout)
	if !regexp.MustCompile(`^[0-9a-f-]{36}\n$`).MatchString(r.stdout) {
		t.Fatalf("{{.TokenID}} prints the id alone: %q", r.stdout)
	}
	// An ephemeral token's TokenID is an empty string, as in the SDK model.
	cli(t, env, "", run("create", "--role", "proxy", "--validity", "1h", "--format", "[{{.TokenID}}]")...).want(t, 0, "[]\n")

	list := cli(t, env, "", run("list", "--format", "{{.TokenID}} {{.Roles}}")...).want(t, 0).stdout
	if !strings.Contains(list, id+" [director allocator]\n") {
		t.Fatalf("ecctl prints `tok-3 [director allocator]` per token: %q", list)
	}
	if strings.Contains(list, "TOKEN ID") || strings.Count(list, "\n") != strings.Count(cli(t, env, "", run("list")...).stdout, "\n")-1 {
		t.Fatalf("one line per token, no header: %q", list)
	}
	// {{tab}} columns are aligned by ecctl's table writer.
	list = cli(t, env, "", run("list", "--format", "{{.TokenID}}{{tab}}{{len .Roles}}")...).want(t, 0).stdout
	if !strings.Contains(list, id+"   2\n") {
		t.Fatalf("tab-aligned: %q", list)
	}

	before := cli(t, env, "", run("list")...).stdout
	cli(t, env, "", run("create", "--role", "proxy", "--format", "{{.Token")...).want(t, exitUsage, "--format")
	cli(t, env, "", run("create", "--role", "proxy", "--format", "{{.Secret}}")...).want(t, exitUsage, "--format", "Secret", "fields: Token, TokenID")
	cli(t, env, "", run("list", "--format", "{{.Token}}")...).want(t, exitUsage, "--format") // list items have no Token
	cli(t, env, "", run("create", "--role", "proxy", "-o", "json", "--format", "{{.Token}}")...).want(t, exitUsage, "cannot specify json output with format flag")
	if after := cli(t, env, "", run("list")...).stdout; after != before {
		t.Fatal("a refused --format must create nothing")
	}
}

func TestECEOutputFromEnvironmentAndEcctlConfig(t *testing.T) {
	env, flags := eceFlagEnv(t)
	run := func(args ...string) []string { return append(append([]string{"ece"}, args...), flags...) }
	env["EC_OUTPUT"] = "json"
	cli(t, env, "", run("list")...).want(t, 0, "{\n  \"tokens\": [")
	if r := cli(t, env, "", run("list", "-o", "text")...); !strings.HasPrefix(r.stdout, "TOKEN ID") {
		t.Fatalf("an explicit --output wins over EC_OUTPUT: %q", r.stdout)
	}
	if r := cli(t, env, "", run("list", "--format", "{{.TokenID}}")...); r.code != 0 || strings.Contains(r.stdout, "{") {
		t.Fatalf("--format (a flag) wins over EC_OUTPUT: %d %q", r.code, r.stdout)
	}
	env["EC_OUTPUT"] = "xml"
	cli(t, env, "", run("list")...).want(t, exitFailure, "output must be one either json or text")
	delete(env, "EC_OUTPUT")

	// ecctl's config.toml, read like its JSON and YAML forms, keys in any case.
	s, full := stackEnv(t)
	home := full["HOME"]
	writeFile(t, home, ".ecctl/config.toml", "Host = \""+s.ECEURL+"\"\napi_key = \""+s.Creds.ECEAPIKey+"\"\noutput = \"json\"\ninsecure = true\n")
	cli(t, map[string]string{"HOME": home}, "", "ece", "list").want(t, 0, "{\n  \"tokens\": [")
	// json comes before toml, as ecctl looks them up.
	writeFile(t, home, ".ecctl/config.json", `{"host":"`+s.ECEURL+`","api_key":"`+s.Creds.ECEAPIKey+`","insecure":true}`)
	cli(t, map[string]string{"HOME": home}, "", "ece", "list").want(t, 0, "TOKEN ID   ")
}

func TestECETokenWithoutRoles(t *testing.T) {
	env, flags := eceFlagEnv(t)
	run := func(args ...string) []string { return append(append([]string{"ece"}, args...), flags...) }
	r := cli(t, env, "", run("create", "--role", "", "--format", "{{.TokenID}}")...).want(t, 0, "system services only", "Cloud UI")
	id := strings.TrimSpace(r.stdout)
	cli(t, env, "", run("list")...).want(t, 0, id+"   -\n")
	cli(t, env, "", run("list", "--format", "{{.TokenID}} {{.Roles}}")...).want(t, 0, id+" []\n")
	cli(t, env, "", run("create", "--role", "", "--role", "proxy")...).want(t, exitUsage, `--role ""`)
	cli(t, env, "", run("delete", "--force", id)...).want(t, 0, "Token "+id+" deleted.") // ecctl's --force is --yes
	cli(t, env, "", run("create", "--role", "allocator")...).want(t, 0)                  // roles still work
	if r := cli(t, env, "", run("create", "--role", "allocator")...); strings.Contains(r.stderr, "system services") {
		t.Fatal("the no-roles note is only for tokens without roles")
	}
}

func writeFile(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
