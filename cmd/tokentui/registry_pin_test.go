package main

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
)

// The outputs that read the registry of systems (backend/system), pinned
// byte for byte for the three built-in systems: config check, the audit,
// the lists of every profile, rotate's dry runs and demo serve's
// environment. go test ./cmd/tokentui -run
// TestRegistryOutputsArePinned -update rewrites them.
func TestRegistryOutputsArePinned(t *testing.T) {
	s, env := stackEnv(t)
	stacks, profEnv, path := twoProfiles(t)
	// Addresses, ports and temporary paths change from run to run.
	stable := func(out string) string {
		for i, st := range append([]*sim.Stack{s}, stacks...) {
			n := string(rune('0' + i))
			out = strings.NewReplacer(st.ESURL, "<es"+n+">", st.KibanaURL, "<kibana"+n+">", st.ECEURL, "<ece"+n+">",
				st.FleetServerURL, "<fleet-server"+n+">", st.CAFile, "<ca"+n+">").Replace(out)
		}
		// The simulators' times are relative to now.
		return timestamp.ReplaceAllString(strings.ReplaceAll(out, path, "<config>"), "<time>")
	}
	broken := map[string]string{"HOME": env["HOME"], "ELASTICSEARCH_URL": env["ELASTICSEARCH_URL"],
		"ELASTICSEARCH_USERNAME": "elastic", "ELASTICSEARCH_PASSWORD": "wrong", "TOKENTUI_CA_CERT": env["TOKENTUI_CA_CERT"],
		"EC_HOST": env["EC_HOST"], "EC_API_KEY": env["EC_API_KEY"], "KIBANA_URL": env["KIBANA_URL"], "KIBANA_API_KEY": "x"}
	fleetOld, _ := fleetTokenNamed(s, "ci-runners")
	var eceOld string
	for _, tok := range s.ECE.Tokens() {
		if tok.Persistent && len(tok.Roles) > 0 {
			eceOld = tok.ID
			break
		}
	}
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"fleet-rotate-dry-run.txt", env, []string{"fleet", "rotate", "--dry-run", "--expiration", "30d", fleetOld.ID}},
		{"fleet-rotate-dry-run.json", env, []string{"-o", "json", "fleet", "rotate", "--dry-run", "--keep-old", "--no-expiration", fleetOld.ID}},
		{"ece-rotate-dry-run.txt", env, []string{"ece", "rotate", "--dry-run", eceOld}},
		{"ece-rotate-dry-run.json", env, []string{"-o", "json", "ece", "rotate", "--dry-run", eceOld}},
		{"config-check.txt", env, []string{"config", "check"}},
		{"config-check.json", env, []string{"-o", "json", "config", "check"}},
		{"config-check-failed.txt", broken, []string{"config", "check"}},
		{"config-check-nothing.json", map[string]string{"HOME": env["HOME"]}, []string{"-o", "json", "config", "check"}},
		{"audit.txt", profEnv, []string{"audit", "--all-profiles", "--older-than", "1d", "--fail-on", "critical"}},
		{"audit.json", profEnv, []string{"-o", "json", "audit", "--all-profiles", "--older-than", "1d", "--fail-on", "critical"}},
		{"audit-unreachable.txt", broken, []string{"audit", "--fail-on", "critical", "--partial-ok"}},
		{"es-list-all-profiles.txt", profEnv, []string{"es", "list", "--all-profiles"}},
		{"ece-list-all-profiles.txt", profEnv, []string{"ece", "list", "--all-profiles"}},
		{"fleet-list-all-profiles.txt", profEnv, []string{"fleet", "list", "--all-profiles"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := cli(t, c.env, "", c.args...)
			golden.RequireEqual(t, stable(r.stdout+"--- stderr\n"+r.stderr+"--- exit "+string(rune('0'+r.code))+"\n"))
		})
	}
}

var timestamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// demo serve prints the environment in this order, each line once.
func TestDemoServeEnvIsPinned(t *testing.T) {
	s := &sim.Stack{ESURL: "https://es", KibanaURL: "https://kibana", FleetServerURL: "https://fleet-server",
		ECEURL: "https://ece", CAFile: "/ca.pem"}
	s.Creds.ESUsername, s.Creds.ESPassword, s.Creds.KibanaUsername, s.Creds.KibanaPass, s.Creds.ECEAPIKey = "eu", "ep", "ku", "kp", "ek"
	var got []string
	for _, kv := range serveEnv(s) {
		got = append(got, kv[0]+"="+kv[1])
	}
	want := "ELASTICSEARCH_URL=https://es ELASTICSEARCH_USERNAME=eu ELASTICSEARCH_PASSWORD=ep KIBANA_URL=https://kibana KIBANA_USERNAME=ku KIBANA_PASSWORD=kp FLEET_SERVER_URL=https://fleet-server EC_HOST=https://ece EC_API_KEY=ek TOKENTUI_CA_CERT=/ca.pem"
	if strings.Join(got, " ") != want {
		t.Errorf("demo serve's environment:\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}

// The built-in rows rotate as backend did before it read them.
func TestBuiltinRotationsArePinned(t *testing.T) {
	if why := backend.CanRotate(backend.Token{System: backend.Elasticsearch, ID: "k"}); why != "only Fleet and ECE tokens can be rotated (an Elasticsearch enrollment token lives 30 minutes: create a new one)" {
		t.Errorf("Elasticsearch: %q", why)
	}
	fleet, err := backend.ReplacementSpec(backend.Token{System: backend.Fleet, ID: "a1", Name: "ci (replaces a0)", PolicyID: "p", Status: backend.Active}, "30d")
	if err != nil || !reflect.DeepEqual(fleet, backend.CreateSpec{PolicyID: "p", Name: "ci (replaces a1)", Expiration: "30d"}) {
		t.Errorf("Fleet: %+v, %v", fleet, err)
	}
	for _, roles := range [][]string{{"proxy"}, nil} {
		ece, err := backend.ReplacementSpec(backend.Token{System: backend.ECE, ID: "e", Roles: roles, Persistent: true, Status: backend.Active}, "30d")
		if err != nil || !reflect.DeepEqual(ece, backend.CreateSpec{Roles: roles, NoRoles: roles == nil}) {
			t.Errorf("ECE %v: %+v, %v", roles, ece, err)
		}
	}
	if why := backend.CanRotate(backend.Token{System: backend.ECE, SessionOnly: true}); why != "an ephemeral ECE token cannot be revoked, so it cannot be rotated: create a new one" {
		t.Errorf("ephemeral ECE: %q", why)
	}
}
