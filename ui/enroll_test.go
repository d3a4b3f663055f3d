package ui

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// copied is the last value the UI sent to the clipboard (OSC 52).
func (h *harness) copied() string {
	h.t.Helper()
	if len(h.raw) == 0 {
		h.t.Fatal("nothing was copied")
	}
	return decodeOSC52(h.t, h.raw[len(h.raw)-1])
}

func decodeOSC52(t *testing.T, seq string) string {
	t.Helper()
	m := osc52RE.FindStringSubmatch(seq)
	if m == nil {
		t.Fatalf("not an OSC 52 sequence: %q", seq)
	}
	out, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestPlatformSwitchChangesWhatYCopies(t *testing.T) {
	es, ec, fl := fakeServices()
	h := newHarness(t, Options{}, es, ec, fl)
	h.keys("3", "down") // laptops, policy "Windows desktops"
	in := enrollcmd.FleetInput{URL: "https://fleet.example:8220", Version: "9.2.1"}
	secret := backend.NewSecret("RkxFRVQtU0VDUkVULTI=")
	want := func(p enrollcmd.Platform) string {
		c, err := enrollcmd.FleetCommand(p, in, secret)
		if err != nil {
			t.Fatal(err)
		}
		return c.Reveal()
	}
	scr := h.screen()
	if !strings.Contains(scr, "Enroll command · Windows (PowerShell)") || strings.Contains(scr, secret.Reveal()) {
		t.Fatalf("a Windows policy's command is PowerShell's, masked:\n%s", scr)
	}
	h.keys("y")
	if got := h.copied(); got != want(enrollcmd.Windows) {
		t.Fatalf("y copied %q", got)
	}
	h.keys("o")
	if !strings.Contains(h.screen(), "Enroll command · DEB x86_64") {
		t.Fatalf("o shows the next platform:\n%s", h.screen())
	}
	h.keys("y")
	if got := h.copied(); got != want(enrollcmd.DEB) || !strings.Contains(h.screen(), "enroll command (DEB x86_64)") {
		t.Fatalf("after o, y copied %q", got)
	}
	// The command shows the secret only when the secret is shown (in
	// the full detail: the pane names a command of many lines).
	h.keys("s", "enter")
	if !strings.Contains(stripSpaces(h.screen()), stripSpaces("--enrollment-token="+secret.Reveal())) {
		t.Fatalf("s shows the secret in the command too:\n%s", h.screen())
	}
	h.keys("P") // presenter mode hides it again
	if strings.Contains(h.screen(), secret.Reveal()) {
		t.Fatal("presenter mode shows a secret")
	}
}

// mustShow fails unless the screen shows every text, wrapped or not.
func (h *harness) mustShow(texts ...string) {
	h.t.Helper()
	scr := h.screen()
	for _, want := range texts {
		if !strings.Contains(stripSpaces(scr), stripSpaces(want)) {
			h.t.Fatalf("the screen lacks %q:\n%s", want, scr)
		}
	}
}

func stripSpaces(s string) string {
	return strings.NewReplacer(" ", "", "\n", "", "│", "").Replace(s)
}

func TestResultPanelSwitchesPlatform(t *testing.T) {
	es, ec, fl := fakeServices()
	h := newHarness(t, Options{}, es, ec, fl)
	h.keys("n", "enter") // a node token
	if !isOverlay[*result](h.m) || !strings.Contains(h.screen(), "Enroll command · Linux/macOS archive") {
		t.Fatalf("result:\n%s", h.screen())
	}
	h.keys("o", "o", "o") // archive → windows → deb → rpm
	h.keys("y")
	secret := backend.NewSecret(es.secrets["new-1"])
	want, _ := enrollcmd.ElasticsearchCommand(enrollcmd.Node, enrollcmd.RPM, "9.2.1", secret)
	if got := h.copied(); got != want.Reveal() || !strings.Contains(got, "elasticsearch-reconfigure-node --enrollment-token") {
		t.Fatalf("copied %q", got)
	}
	if strings.Contains(h.screen(), secret.Reveal()) {
		t.Fatal("the command shows the secret before s")
	}
}

func TestEnrollOnlyInDemoVerifyOutside(t *testing.T) {
	es, ec, fl := fakeServices()
	h := newHarness(t, Options{}, es, ec, fl)
	h.keys("3", "E")
	if h.m.overlay != nil {
		t.Fatal("E acts outside demo mode")
	}
	h.keys("?")
	help := h.screen()
	if strings.Contains(help, "enroll (demo)") || !strings.Contains(help, "v verify token") {
		t.Fatalf("outside the demo, help offers v, not E:\n%s", help)
	}
	h.keys("esc", "v") // a Fleet token: v verifies Elasticsearch tokens only
	if h.m.overlay != nil || !strings.Contains(h.screen(), "v verifies Elasticsearch enrollment tokens") {
		t.Fatalf("v on a Fleet token:\n%s", h.screen())
	}

	d := newHarness(t, Options{Enroll: &enroll.Env{}}, es, ec, fl)
	d.keys("?")
	help = d.screen()
	if !strings.Contains(help, "E enroll (demo)") || strings.Contains(help, "verify token") {
		t.Fatalf("in the demo, help offers E, not v:\n%s", help)
	}
}

// demoHarness runs the UI against a simulator Stack with the demo's
// enroll environment (E) or without it (v).
func demoHarness(t *testing.T, s *sim.Stack, clock *sim.FakeClock, demo bool) *harness {
	t.Helper()
	tc := func(url string, auth transport.Auth) transport.Config {
		return transport.Config{BaseURL: url, CACertPEM: s.CA.PEM, Auth: auth, Timeout: 10 * time.Second}
	}
	esAuth := transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}
	kbAuth := transport.Basic{Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass}
	eceAuth := transport.APIKey{Key: s.Creds.ECEAPIKey}
	esc, err := elasticsearch.New(elasticsearch.Config{Transport: tc(s.ESURL, esAuth), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ece.New(ece.Config{Transport: tc(s.ECEURL, eceAuth), Region: "ece-region", Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := fleet.New(fleet.Config{Transport: tc(s.KibanaURL, kbAuth), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Demo: demo}
	if demo {
		opts.Enroll = &enroll.Env{ESURL: s.ESURL, ESAuth: esAuth, KibanaURL: s.KibanaURL, KibanaAuth: kbAuth,
			FleetServerURL: s.FleetServerURL, ECEURL: s.ECEURL, ECEAuth: eceAuth, CACertPEM: s.CA.PEM, Hosts: simHosts{s.ECE}}
	}
	return newHarness(t, opts, esc, ec, fc)
}

// simHosts installs ECE hosts into the Stack, as the demo does.
type simHosts struct{ ece *sim.ECE }

func (h simHosts) InstallHost(_ context.Context, token string, host enroll.Host) (enroll.Runner, error) {
	r, err := h.ece.RegisterHost(token, host.Hostname, host.Roles...)
	return enroll.Runner{ID: r.ID, HostIP: r.HostIP, Roles: r.Roles}, err
}

// selectLinuxServers selects a Fleet token of the "Linux servers" policy.
func selectLinuxServers(h *harness) {
	h.keys("3", "/")
	h.typeText("linux servers")
	h.keys("enter")
}

func TestEnrollFleetTokenShowsTheAgentCountRising(t *testing.T) {
	s, clock := simtest.NewStack(t, 21, 0)
	h := demoHarness(t, s, clock, true)
	selectLinuxServers(h)
	h.mustShow("42 agents in the policy")
	// The first step arrives on its own, before the run ends.
	tok, _ := h.m.current().selected()
	cmd := h.m.startEnroll(h.m.active, tok, backend.Secret{}, nil)
	msg := cmd()
	if b, isBatch := msg.(tea.BatchMsg); isBatch {
		msg = b[0]() // the run; b[1] is the spinner
	}
	first, ok := msg.(panelStepMsg)
	if !ok || first.step.Done || first.step.Title != "Recognise the token" {
		t.Fatalf("first message %#v", first)
	}
	_, next := h.m.Update(first)
	if !strings.Contains(h.screen(), "Recognise the token") || strings.Contains(h.screen(), "✓ Recognise") {
		t.Fatalf("the running step shows, not done:\n%s", h.screen())
	}
	h.run(next)
	h.mustShow("✓ Recognise the token: Fleet enrollment token", "✓ POST /api/fleet/agents/enroll",
		`enrolled into policy "Linux servers"`)
	h.keys("esc")
	h.mustShow("43 agents in the policy") // the count rose
}

func TestEnrollNodeTokenShowsTheNodeCountInTheHeader(t *testing.T) {
	s, clock := simtest.NewStack(t, 22, 0)
	h := demoHarness(t, s, clock, true)
	if head := strings.SplitN(h.screen(), "\n", 2)[0]; !strings.Contains(head, ": 1 node") {
		t.Fatalf("header %q", head)
	}
	h.keys("n", "enter") // a node token, E from its result panel
	h.keys("E")
	h.mustShow("✓ GET /_security/enroll/node, as a new node", "the cluster now lists 2 nodes (was 1)")
	if head := strings.SplitN(h.screen(), "\n", 2)[0]; !strings.Contains(head, ": 2 nodes") {
		t.Fatalf("after E, header %q", head)
	}
	h.keys("esc")
	if !isOverlay[*result](h.m) {
		t.Fatal("closing the panel goes back to the result panel E was pressed in")
	}
}

func TestEnrollRevokedTokenIsRefusedWithTheServersReason(t *testing.T) {
	s, clock := simtest.NewStack(t, 21, 0)
	h := demoHarness(t, s, clock, true)
	selectLinuxServers(h)
	h.keys("x", "y")
	if !strings.Contains(h.screen(), "1 token revoked") {
		t.Fatalf("revoke:\n%s", h.screen())
	}
	h.keys("E")
	h.mustShow("✗ the token was refused: 401") // Fleet Server's status and reason
	h.keys("esc")
	h.mustShow("42 agents in the policy") // no agent joined
}

func TestVerifyElasticsearchTokenOutsideTheDemo(t *testing.T) {
	s, clock := simtest.NewStack(t, 22, 0)
	h := demoHarness(t, s, clock, false)
	h.keys("n", "enter", "s", "enter") // a node token, seen
	nodes := s.ES.EnrolledNodes()
	h.keys("v")
	h.mustShow("the key authenticates (owner", "✓ the token works: its key authenticates at 1 of 1 addresses")
	if s.ES.EnrolledNodes() != nodes {
		t.Fatal("verifying enrolled a node")
	}
	h.keys("E")
	if !isOverlay[*enrollPanel](h.m) || strings.Contains(h.screen(), "enroll/node") {
		t.Fatal("E acts outside the demo")
	}
}

func TestEnrollECETokenShowsTheRunnerCountInTheHeader(t *testing.T) {
	s, clock := simtest.NewStack(t, 23, 0)
	h := demoHarness(t, s, clock, true)
	h.keys("2")
	before := strings.SplitN(h.screen(), "\n", 2)[0]
	h.keys("n", "space", "enter", "E") // an allocator token, E from its result panel
	h.mustShow("✓ Install ECE on demo-host-", "joined with roles allocator", "ECE lists 4 runners (was 3)")
	if after := strings.SplitN(h.screen(), "\n", 2)[0]; !strings.Contains(before, "3 runners") || !strings.Contains(after, "4 runners") {
		t.Fatalf("header before %q, after %q", before, after)
	}
}

// TestHostileTextInTheEnrollPanel: the steps, their errors, the outcome
// and the cluster's name come from servers; none reaches the screen raw.
func TestHostileTextInTheEnrollPanel(t *testing.T) {
	for name, bad := range sanitizetest.Hostile {
		t.Run(name, func(t *testing.T) {
			es, ec, fl := fakeServices()
			h := newHarness(t, Options{Enroll: &enroll.Env{}}, es, ec, fl)
			h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
			h.send(censusMsg{census: enroll.Census{Nodes: 2, Cluster: "c" + bad}})
			// The panel as E opens it; its work is not run.
			h.m.startPanel(0, backend.Token{}, backend.Secret{}, nil, "Enroll with "+bad, false, nil)
			run := h.m.enr.seq
			h.send(panelStepMsg{run: run, step: enroll.Step{Title: "t" + bad, Detail: "d" + bad, Done: true}})
			h.send(panelStepMsg{run: run, step: enroll.Step{Title: "u" + bad, Done: true, Err: errors.New("e" + bad)}})
			h.send(panelDoneMsg{run: run, err: &enroll.RefusedError{Reason: "r" + bad}})
			out := sgrRE.ReplaceAllString(h.m.View().Content, "")
			if raw := sanitizetest.Raw(out); raw != "" {
				t.Fatalf("%q reached the terminal raw:\n%s", raw, out)
			}
			want := sanitize.Text(bad)
			for _, s := range []string{"c" + want + ": 2 nodes", "t" + want + ": d" + want, "u" + want + ": e" + want, "refused: r" + want, "Enroll with " + want} {
				if !strings.Contains(stripSpaces(out), stripSpaces(s)) {
					t.Fatalf("%q is not shown:\n%s", s, out)
				}
			}
		})
	}
}

// The detail pane names a command of many lines (Fleet's) and its keys;
// the command itself is in the full detail. A one-line command
// (Elasticsearch's) stays in the pane.
func TestPaneNamesALongEnrollCommand(t *testing.T) {
	es, ec, fl := fakeServices()
	h := newHarness(t, Options{}, es, ec, fl)
	h.keys("3")
	scr := h.screen()
	if !strings.Contains(scr, "enter shows it") || strings.Contains(scr, "elastic-agent install") {
		t.Fatalf("the pane shows a Fleet command of many lines:\n%s", scr)
	}
	h.send(tea.WindowSizeMsg{Width: 110, Height: 36}) // a narrow pane: the hint wraps, whole
	if scr := h.screen(); !strings.Contains(scr, "enter shows it") || !strings.Contains(scr, "o/O: platform") {
		t.Fatalf("a narrow pane cuts the command's keys:\n%s", scr)
	}
	h.keys("enter")
	if !strings.Contains(h.screen(), "elastic-agent install") {
		t.Fatalf("the full detail lacks the command:\n%s", h.screen())
	}
	h.keys("esc", "1")
	if !strings.Contains(stripSpaces(h.screen()), "--enrollment-token••••••••") {
		t.Fatalf("the pane lacks a one-line command:\n%s", h.screen())
	}
}
