package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A context of Elastic's CLI file is the profile elastic:<context>; its
// command policy refuses a blocked revoke before anything is sent.
func TestElasticCLIProfileAndPolicy(t *testing.T) {
	s, env := stackEnv(t)
	home := env["HOME"]
	rc := `current_context: lab
contexts:
  lab:
    kibana:
      url: ` + s.KibanaURL + `
      auth:
        username: elastic
        password: $(env:LAB_PW)
    commands:
      blocked: ["stack.kb.fleet-enrollment-api-keys.delete-fleet-enrollment-api-keys-keyid"]
`
	if err := os.WriteFile(filepath.Join(home, ".elasticrc.yml"), []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	only := map[string]string{"HOME": home, "LAB_PW": s.Creds.KibanaPass, "TOKENTUI_CA_CERT": env["TOKENTUI_CA_CERT"]}
	cli(t, only, "", "--profile", "elastic:lab", "fleet", "list").want(t, 0, "edge-2026")
	cli(t, only, "", "fleet", "list", "--all-profiles").want(t, 0, "PROFILE", "elastic:lab", "edge-2026")
	var id string
	for _, tok := range s.Fleet.Tokens() {
		if tok.Active && !tok.Hidden {
			id = tok.ID
			break
		}
	}
	r := cli(t, only, "", "--profile", "elastic:lab", "fleet", "revoke", "--yes", id).want(t, exitFailure, "command policy", ".elasticrc.yml (context lab)")
	if strings.Contains(r.stdout+r.stderr, s.Creds.KibanaPass) {
		t.Fatal("the password is in the output")
	}
	for _, tok := range s.Fleet.Tokens() {
		if tok.ID == id && !tok.Active {
			t.Fatal("the blocked revoke reached the server")
		}
	}
	cli(t, only, "", "--profile", "elastic:lab", "config", "check").want(t, 0, ".elasticrc.yml, profile elastic:lab", "Fleet (Elastic CLI")
	cli(t, only, "", "--profile", "elastic:nope", "fleet", "list").want(t, exitFailure, `no context "nope"`)
}
