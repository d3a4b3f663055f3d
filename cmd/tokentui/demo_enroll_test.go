package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

func TestDemoEnrollNodeAndKibana(t *testing.T) {
	s, env := stackEnv(t)
	node := strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "node").want(t, 0).stdout)
	r := cli(t, env, node+"\n", "demo", "enroll", "-").want(t, 0,
		"✓ Recognise the token: Elasticsearch enrollment token",
		"✓ GET /_security/enroll/node, as a new node: 200",
		"✓ a new node would join tokentui-demo with",
		"the cluster now lists 2 nodes (was 1)")
	if strings.Contains(r.stdout+r.stderr, node) {
		t.Error("the output shows the token")
	}
	if s.ES.EnrolledNodes() != 1 {
		t.Errorf("%d nodes joined", s.ES.EnrolledNodes())
	}
	kibana := strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "kibana").want(t, 0).stdout)
	r = cli(t, env, "", "-o", "json", "demo", "enroll", "--scope", "kibana", kibana).want(t, 0)
	var out struct {
		Kind   string
		OK     bool
		Result string
		Steps  []struct{ Step, Detail string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || !out.OK || out.Kind != "elasticsearch" ||
		!strings.HasPrefix(out.Result, "a new Kibana ") || len(out.Steps) < 5 {
		t.Fatalf("%v %+v", err, out)
	}
}

func TestDemoEnrollRefusals(t *testing.T) {
	s, env := stackEnv(t)
	node := strings.TrimSpace(cli(t, env, "", "-o", "json", "es", "create", "-s", "node").want(t, 0).stdout)
	var created struct{ ID, Token string }
	if err := json.Unmarshal([]byte(node), &created); err != nil {
		t.Fatal(err)
	}
	cli(t, env, "", "es", "revoke", "--yes", created.ID).want(t, 0)
	cli(t, env, "", "demo", "enroll", created.Token).want(t, 1, "✗ GET /_security/enroll/node, as a new node:", "the token was refused: 401")
	if s.ES.EnrolledNodes() != 0 {
		t.Error("a revoked token joined a node")
	}
	cli(t, env, "", "demo", "enroll", "not-a-token").want(t, 2, "not a token tokentui knows")
	cli(t, env, "", "demo", "enroll", "--scope", "agent", created.Token).want(t, 2, "--scope must be node or kibana")
}

func TestDemoEnrollRefusesWhatIsNotTheDemo(t *testing.T) {
	_, env := stackEnv(t)
	stubs := newStubs(t)                       // loopback, but not of the demo's CA
	stubs.register("HEAD", "/", http.NotFound) // the probe that reads its certificate
	other := stubs.serveTLS()["KIBANA_URL"]
	env["KIBANA_URL"] = other
	env["FLEET_SERVER_URL"] = other
	fleetTok := base64.StdEncoding.EncodeToString([]byte("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw"))
	cli(t, env, "", "demo", "enroll", fleetTok).want(t, 2, "is not the demo", "would pollute it")
	env["ELASTICSEARCH_URL"] = "https://es.example.com:9200"
	s2, err := sim.Start(sim.Options{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	node := strings.TrimSpace(cli(t, map[string]string{"HOME": t.TempDir(), "ELASTICSEARCH_URL": s2.ESURL,
		"ELASTICSEARCH_USERNAME": s2.Creds.ESUsername, "ELASTICSEARCH_PASSWORD": s2.Creds.ESPassword,
		"TOKENTUI_CA_CERT": s2.CAFile}, "", "es", "create", "-s", "node").want(t, 0).stdout)
	cli(t, env, "", "demo", "enroll", node).want(t, 2, "Elasticsearch at https://es.example.com:9200 is not the demo (not a loopback address)")
	if s2.ES.EnrolledNodes() != 0 {
		t.Error("enrolled although the configured cluster is not the demo")
	}
}

func TestDemoEnrollFleetAgent(t *testing.T) {
	s, env := stackEnv(t)
	var created struct {
		ID     string `json:"id"`
		APIKey string `json:"api_key"`
	}
	out := cli(t, env, "", "-o", "json", "fleet", "create", "--no-expiration", "--policy", "policy-linux-servers", "--name", "laptop").want(t, 0).stdout
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatal(err)
	}
	before := len(s.Fleet.Agents())
	cli(t, env, created.APIKey, "demo", "enroll", "-").want(t, 0,
		"✓ Recognise the token: Fleet enrollment token",
		"✓ POST /api/fleet/agents/enroll, as Elastic Agent ",
		`enrolled into policy "Linux servers"`)
	if len(s.Fleet.Agents()) != before+1 {
		t.Errorf("%d agents, want %d", len(s.Fleet.Agents()), before+1)
	}
	cli(t, env, "", "fleet", "revoke", "--yes", created.ID).want(t, 0)
	cli(t, env, created.APIKey, "demo", "enroll", "-").want(t, 1, "the token was refused: 401 ErrUnauthorized: unauthorized")
	if len(s.Fleet.Agents()) != before+1 {
		t.Error("a revoked token enrolled an agent")
	}
}

func TestDemoEnrollECEHostThroughTheControlListener(t *testing.T) {
	s, env := stackEnv(t)
	u, stop, err := startControl(s, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	var created struct {
		Token   string `json:"token"`
		TokenID string `json:"token_id"`
	}
	out := cli(t, env, "", "-o", "json", "ece", "create", "--role", "allocator").want(t, 0).stdout
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatal(err)
	}
	before := len(s.ECE.Runners())
	cli(t, env, created.Token, "demo", "enroll", "-").want(t, 1, "no ECE host installer", "TOKENTUI_DEMO_CONTROL_URL") // no control URL
	env["TOKENTUI_DEMO_CONTROL_URL"] = u
	cli(t, env, created.Token, "demo", "enroll", "-").want(t, 0, "✓ Recognise the token: ECE roles token", "with roles allocator")
	if len(s.ECE.Runners()) != before+1 {
		t.Errorf("%d runners, want %d", len(s.ECE.Runners()), before+1)
	}
	cli(t, env, "", "ece", "delete", "--yes", created.TokenID).want(t, 0)
	cli(t, env, created.Token, "demo", "enroll", "-").want(t, 1, "the token was refused: the coordinator rejected the roles token")
	env["EC_API_KEY"] = "wrong"
	cli(t, env, created.Token, "demo", "enroll", "-").want(t, 1)
}

func TestStackEnrollPlaysEveryKindInProcess(t *testing.T) {
	s, err := sim.Start(sim.Options{Seed: 4, ECDSAHTTPCA: true}) // as --demo's Stacks
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	env := stackEnroll(s)
	fleetTok := s.Fleet.Tokens()[0]
	for _, tk := range s.Fleet.Tokens() {
		if tk.Active && tk.PolicyID == "policy-edge-proxies" {
			fleetTok = tk
		}
	}
	eceTok := s.ECE.Issue([]string{"proxy"}, true, 0)
	es, err := elasticsearch.New(elasticsearch.Config{Transport: transport.Config{BaseURL: s.ESURL, CACertPEM: s.CA.PEM,
		Auth: transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}}})
	if err != nil {
		t.Fatal(err)
	}
	nodeTok, err := es.Create(context.Background(), backend.CreateSpec{Scope: "node"})
	if err != nil {
		t.Fatal(err)
	}
	runners, agents := len(s.ECE.Runners()), len(s.Fleet.Agents())
	for name, token := range map[string]string{"fleet": fleetTok.APIKey, "ece": eceTok.Token, "node": nodeTok.Secret.Reveal()} {
		if res, err := enroll.Run(context.Background(), env, token, nil); err != nil || res.Summary == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(s.ECE.Runners()) != runners+1 || len(s.Fleet.Agents()) != agents+1 {
		t.Errorf("%d runners (was %d), %d agents (was %d)", len(s.ECE.Runners()), runners, len(s.Fleet.Agents()), agents)
	}
}
