package ui

import (
	"bytes"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// observed publishes each frame's plain text, so a test can wait for what
// the user sees without racing the program's goroutine.
type observed struct {
	*Model
	screen *atomic.Value
}

func (o observed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := o.Model.Update(msg)
	return o, cmd
}

func (o observed) View() tea.View {
	v := o.Model.View()
	o.screen.Store(stripANSI(v.Content))
	return v
}

type e2e struct {
	t      *testing.T
	tm     *teatest.TestModel
	screen *atomic.Value
	out    bytes.Buffer // everything written to the terminal
}

func startE2E(t *testing.T, s *sim.Stack, clock *sim.FakeClock) *e2e {
	t.Helper()
	tc := func(url string, auth transport.Auth) transport.Config {
		return transport.Config{BaseURL: url, CACertPEM: s.CA.PEM, Auth: auth, Timeout: 10 * time.Second}
	}
	esc, err := elasticsearch.New(elasticsearch.Config{Transport: tc(s.ESURL, transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ece.New(ece.Config{Transport: tc(s.ECEURL, transport.APIKey{Key: s.Creds.ECEAPIKey}), Region: "ece-region", Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := fleet.New(fleet.Config{Transport: tc(s.KibanaURL, transport.Basic{Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass}), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{Tabs: testTabs([]backend.Service{esc, ec, fc}), Demo: true, Profile: "demo", Now: clock.Now,
		Clipboard: clipboard.New(clipboard.OSC52, clipboard.Env{})})
	e := &e2e{t: t, screen: &atomic.Value{}}
	e.screen.Store("")
	e.tm = teatest.NewTestModel(t, observed{m, e.screen}, teatest.WithInitialTermSize(120, 36),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	return e
}

// wait polls the screen until it contains every string.
func (e *e2e) wait(want ...string) {
	e.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		scr := e.screen.Load().(string)
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(scr, w)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("the screen never showed %q:\n%s", want, scr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (e *e2e) key(k string) { e.tm.Send(keyMsg(k)) }

// output reads what was written to the terminal so far.
func (e *e2e) output() []byte {
	b, _ := io.ReadAll(e.tm.Output())
	e.out.Write(b)
	return e.out.Bytes()
}

func (e *e2e) waitOutput(want string) {
	e.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !bytes.Contains(e.output(), []byte(want)) {
		if time.Now().After(deadline) {
			e.t.Fatalf("the terminal never got %q", want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (e *e2e) quit() *Model {
	e.key("q")
	fm := e.tm.FinalModel(e.t, teatest.WithFinalTimeout(waitLimit))
	return fm.(observed).Model
}

var osc52RE = regexp.MustCompile("\x1b\\]52;c;([A-Za-z0-9+/=]+)\a")

func osc52(s string) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(s)) + "\a"
}

func TestE2EFleet(t *testing.T) {
	s, clock := simtest.NewStack(t, 21, 0)
	e := startE2E(t, s, clock)
	e.wait("3 Fleet 6")
	e.key("3")
	e.wait("edge-2026", "Edge proxies")
	// create
	e.key("n")
	e.wait("New Fleet enrollment token", "Linux servers  (42 agents)")
	e.tm.Type("build-farm")
	e.key("tab")
	e.tm.Type("linux")
	e.key("tab")
	e.tm.Type("never") // the profile sets no default_expiration: an explicit choice
	e.key("enter")
	e.wait("New Fleet token", "build-farm (policy Linux servers)", "--url="+s.FleetServerURL)
	var secret string
	for _, tok := range s.Fleet.Tokens() {
		if strings.HasPrefix(tok.Name, "build-farm (") {
			secret = tok.APIKey
		}
	}
	if secret == "" || strings.Contains(e.screen.Load().(string), secret) {
		t.Fatal("the new token exists on the server and is masked on screen")
	}
	// show and copy
	e.key("s")
	e.wait(secret)
	e.key("c")
	e.wait("token sent to the terminal via OSC 52")
	e.waitOutput(osc52(secret))
	e.key("enter")
	e.wait("build-farm", "3 Fleet 7")
	// revoke, with confirmation
	e.key("x")
	e.wait("Revoke 1 Fleet token?", "build-farm (policy Linux servers)")
	e.key("y")
	e.wait("1 token revoked", "✕ revoked")
	for _, tok := range s.Fleet.Tokens() {
		if strings.HasPrefix(tok.Name, "build-farm (") && tok.Active {
			t.Fatal("the server still has the token active")
		}
	}
	e.quit()
}

func TestE2EElasticsearch(t *testing.T) {
	s, clock := simtest.NewStack(t, 22, 0)
	e := startE2E(t, s, clock)
	e.wait("1 Elasticsearch 3")
	e.key("n")
	e.wait("New Elasticsearch enrollment token")
	e.key("right") // kibana
	e.key("enter")
	e.wait("New Elasticsearch token", "(scope kibana)", "only time Elasticsearch gives this secret")
	e.key("s")
	e.wait("Keep it safe")
	e.key("c")
	e.wait("token sent to the terminal via OSC 52")
	var m [][]byte
	for deadline := time.Now().Add(waitLimit); m == nil; time.Sleep(20 * time.Millisecond) {
		if m = osc52RE.FindSubmatch(e.output()); m == nil && time.Now().After(deadline) {
			t.Fatal("no OSC 52 sequence reached the terminal")
		}
	}
	raw, _ := base64.StdEncoding.DecodeString(string(m[1]))
	token := string(raw)
	tok, err := elasticsearch.Decode(token)
	if err != nil {
		t.Fatalf("the copied token does not decode: %v", err)
	}
	e.wait(token[:60], tok.KeyID()+" (scope kibana)") // shown on screen, and it is the new key
	e.key("enter")
	e.wait("1 Elasticsearch 4")
	e.key("x")
	e.wait("Revoke 1 Elasticsearch token?", "(scope kibana)")
	e.key("y")
	e.wait("1 token revoked", "✕ revoked")
	final := e.quit()
	if tok, _ := final.tabs[0].selected(); tok.Status != backend.Revoked {
		t.Fatalf("selected %+v", tok)
	}
}

func TestE2EECE(t *testing.T) {
	s, clock := simtest.NewStack(t, 23, 0)
	e := startE2E(t, s, clock)
	e.wait("2 ECE 3")
	e.key("2")
	e.key("n")
	e.wait("New ECE roles token")
	e.key("space") // allocator
	e.key("right")
	e.key("space") // coordinator
	e.key("enter")
	e.wait("New ECE token", "roles allocator, coordinator", "only time ECE gives this secret")
	issued := s.ECE.Tokens()
	last := issued[len(issued)-1]
	e.key("s")
	e.wait(last.Token[:40])
	e.key("y")
	e.wait("enroll command sent to the terminal via OSC 52")
	// The command is enrollcmd's (pinned there); here: it is the one for
	// this token and this host, in full.
	want, err := enrollcmd.ECECommand(enrollcmd.ECEInput{Coordinator: "127.0.0.1", Roles: []string{"allocator", "coordinator"}, Version: "3.8.0"},
		backend.NewSecret(last.Token))
	if err != nil {
		t.Fatal(err)
	}
	e.waitOutput(osc52(want.Reveal()))
	e.key("enter")
	e.wait("2 ECE 4")
	e.key("x")
	e.wait("Type " + last.ID)
	e.tm.Type(last.ID)
	e.key("enter")
	e.wait("1 token revoked", "2 ECE 3")
	for _, tok := range s.ECE.Tokens() {
		if tok.ID == last.ID {
			t.Fatal("the server still has the token")
		}
	}
	e.quit()
}

// A delete and a purge of Fleet tokens, for real against the simulated
// Kibana 9.5: the records are gone from the server afterwards.
func TestE2EFleetDeleteAndPurge(t *testing.T) {
	s, clock := simtest.NewStack(t, 24, 0)
	e := startE2E(t, s, clock)
	e.wait("3 Fleet 6")
	e.key("3")
	e.wait("edge-2026")
	e.key("/")
	e.tm.Type("edge-2026")
	e.key("enter")
	e.key("D")
	e.wait("Delete 1 Fleet token?", "edge-2026 (policy Edge proxies)", "Delete (y)")
	e.key("y")
	e.wait("✓ edge-2026 (policy Edge proxies): deleted", "3 Fleet 5")
	has := func(name string) bool {
		for _, tok := range s.Fleet.Tokens() {
			if strings.HasPrefix(tok.Name, name) {
				return true
			}
		}
		return false
	}
	if has("edge-2026") {
		t.Fatal("the server still has the deleted token")
	}
	// Purge the revoked and expired tokens of the Linux servers policy.
	e.key("esc")
	e.key("/")
	e.tm.Type("linux")
	e.key("enter")
	e.key("X")
	e.wait("Purge: delete 1 inactive Fleet token?", "old-datacenter (policy Linux servers) · revoked")
	e.key("y")
	e.wait("✓ old-datacenter (policy Linux servers): deleted")
	if has("old-datacenter") || !has("contractor") || !has("ci-runners") {
		t.Fatal("the purge deleted the filter's revoked token only")
	}
	e.quit()
}
