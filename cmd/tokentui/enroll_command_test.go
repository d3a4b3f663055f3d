package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/sim"
)

func TestESCreateCommand(t *testing.T) {
	s, env := stackEnv(t)
	before := len(s.Realm.Keys(func(*sim.APIKey) bool { return true }))
	r := cli(t, env, "", "es", "create", "-s", "node", "--command", "--platform", "deb").want(t, 0)
	cmd := strings.TrimSpace(r.stdout)
	tok, ok := strings.CutPrefix(cmd, "sudo /usr/share/elasticsearch/bin/elasticsearch-reconfigure-node --enrollment-token ")
	if !ok {
		t.Fatalf("not the DEB command: %q", cmd)
	}
	if _, err := elasticsearch.Decode(tok); err != nil {
		t.Fatalf("the command's token does not decode: %v", err)
	}
	r = cli(t, env, "", "-o", "json", "es", "create", "-s", "kibana", "--command").want(t, 0)
	var out struct{ Platform, Command string }
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Platform != "archive" ||
		!strings.HasPrefix(out.Command, "bin/kibana-setup --enrollment-token ") {
		t.Fatalf("%v %+v", err, out)
	}
	r = cli(t, env, "", "es", "create", "-s", "node", "--command", "--platform", "docker").want(t, 0, `docker run -e ENROLLMENT_TOKEN="`)
	if !strings.Contains(r.stdout, "docker.elastic.co/elasticsearch/elasticsearch:"+s.ES.Version()) {
		t.Errorf("image version: %s", r.stdout)
	}
	if got := len(s.Realm.Keys(func(*sim.APIKey) bool { return true })); got != before+3 {
		t.Errorf("%d keys made, want 3", got-before)
	}
}

func TestECECreateCommand(t *testing.T) {
	s, env := stackEnv(t)
	r := cli(t, env, "", "ece", "create", "--role", "director", "--role", "proxy", "--command").want(t, 0)
	cmd := strings.TrimSpace(r.stdout)
	want := "bash <(curl -fsSL https://download.elastic.co/cloud/elastic-cloud-enterprise.sh) install --coordinator-host 127.0.0.1 --roles-token '"
	tail := `' --roles director,proxy --cloud-enterprise-version ` + sim.ECEVersion // the hosts' version
	if !strings.HasPrefix(cmd, want) || !strings.HasSuffix(cmd, tail) {
		t.Fatalf("%q", cmd)
	}
	tok := strings.TrimSuffix(strings.TrimPrefix(cmd, want), tail)
	found := false
	for _, et := range s.ECE.Tokens() {
		found = found || et.Token == tok
	}
	if !found {
		t.Error("the command's token is not one the server issued")
	}
}

func TestFleetShowCommand(t *testing.T) {
	s, env := stackEnv(t)
	var id, secret string
	for _, tok := range s.Fleet.Tokens() {
		if tok.PolicyID == "policy-windows-desktops" && tok.Active {
			id, secret = tok.ID, tok.APIKey
		}
	}
	r := cli(t, env, "", "fleet", "show", id, "--command").want(t, 0, `.\elastic-agent.exe install --url=https://`, "--enrollment-token="+secret)
	if !strings.HasPrefix(r.stdout, "$ProgressPreference") {
		t.Errorf("a Windows policy's default is not the PowerShell command: %s", r.stdout)
	}
	cli(t, env, "", "fleet", "show", id, "--command", "--platform", "rpm").want(t, 0, "sudo rpm -vi elastic-agent-", "sudo elastic-agent enroll --url=")
}
