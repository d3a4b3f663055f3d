package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/allprofiles"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// sweepSteps walks every screen: each tab's list, detail, shown secret,
// revoke and delete dialogs, the create form and its result panel (or its
// failed create's reason), the enroll command, verify, the error panel,
// help, the palette, the request log and the audit view.
var sweepSteps = [][]string{
	{"1"}, {"enter"}, {"esc"}, {"j"}, {"s"}, {"y"}, {"v"}, {"x"}, {"esc"}, {"R"}, {"esc"}, {"e"}, {"esc"},
	{"n", "enter"}, {"enter"}, {"esc"}, {"e"}, {"esc"},
	{"2"}, {"enter"}, {"esc"}, {"j"}, {"x"}, {"esc"}, {"n", "enter"}, {"enter"}, {"esc"}, {"e"}, {"esc"},
	{"3"}, {"a"}, {"enter"}, {"esc"}, {"j"}, {"s"}, {"y"}, {"o"}, {"x"}, {"esc"}, {"D"}, {"esc"},
	{"n", "enter"}, {"enter"}, {"esc"}, {"e"}, {"esc"}, {"H"},
	{"r"}, {"?"}, {"esc"}, {":"}, {"esc"}, {"@"}, {"esc"}, {"A"}, {"j"}, {"esc"},
}

// Every screen of the UI, fed Elasticsearch, ECE and Fleet whose every
// server-chosen text is hostile (names, ids, versions, URLs, roles,
// policy names, hostnames), then each failure shape carrying it (error
// bodies, reasons, HTML pages), shows no raw control: list, detail,
// result panel, a failed create's reason, errors in the status line and
// the body, enroll commands, the request log and the audit view.
func TestHostileSweepEveryScreen(t *testing.T) {
	s, clock := simtest.NewStack(t, 11, 0)
	bad := sanitizetest.All()
	esH := simtest.NewHostile(t, s.ES.Handler(), bad)
	ecH := simtest.NewHostile(t, s.ECE.Handler(), bad)
	flH := simtest.NewHostile(t, s.Fleet.Handler(), bad)
	var mu sync.Mutex
	var log []backend.Request
	tc := func(h *simtest.Hostile, auth transport.Auth) transport.Config {
		return transport.Config{BaseURL: h.URL, CACertPEM: h.CAPEM, Auth: auth, Timeout: waitLimit, MaxTries: 1,
			Observe: func(r backend.Request) { mu.Lock(); log = append(log, r); mu.Unlock() }}
	}
	esc, err := elasticsearch.New(elasticsearch.Config{Transport: tc(esH, transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ece.New(ece.Config{Transport: tc(ecH, transport.APIKey{Key: s.Creds.ECEAPIKey}), Region: "ece-region", Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	fc, err := fleet.New(fleet.Config{Transport: tc(flH, transport.Basic{Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass}), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	// An Elasticsearch token to list, made without the proxy (whose
	// hostile version a create rightly refuses).
	plain, err := elasticsearch.New(elasticsearch.Config{Transport: transport.Config{BaseURL: s.ESURL, CACertPEM: s.CA.PEM,
		Auth: transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}}, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.Create(t.Context(), backend.CreateSpec{Scope: "kibana"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Tabs: testTabs([]backend.Service{esc, ec, fc}, esH.URL, ecH.URL, flH.URL), Profile: "prof" + bad,
		Requests: func() []backend.Request { mu.Lock(); defer mu.Unlock(); return append([]backend.Request(nil), log...) }})
	seen := map[string]bool{}
	check := func(step string) {
		t.Helper()
		for _, size := range [][2]int{{80, 24}, {160, 50}} {
			h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
			out := sgrRE.ReplaceAllString(h.m.View().Content, "")
			if raw := sanitizetest.Raw(out); raw != "" {
				t.Fatalf("%s at %dx%d: %q reached the terminal raw:\n%s", step, size[0], size[1], raw, out)
			}
			seen[step] = seen[step] || strings.Contains(out, `\x1b]52;c;`)
		}
	}
	walk := func(phase string) {
		for i, keys := range sweepSteps {
			h.keys(keys...)
			check(phase + " " + strings.Join(sweepSteps[i], " "))
		}
	}
	walk("hostile")
	shown := 0
	for _, v := range seen {
		if v {
			shown++
		}
	}
	if shown < 10 {
		t.Fatalf("the hostile text was shown (escaped) on only %d screens: the proxies did not reach the UI", shown)
	}
	for _, form := range simtest.EchoForms {
		for _, p := range []*simtest.Hostile{esH, ecH, flH} {
			p.Fail(form, "")
		}
		walk(form)
	}
}

// A create's answer is a server's text too: the result panel shows the
// new token's description (its policy), its secret (shown with s) and
// why there is no enroll command escaped.
func TestHostileCreateAnswerInTheResultPanel(t *testing.T) {
	bad := sanitizetest.All()
	es, ece, fl := fakeServices()
	fl.policies = []backend.Policy{{ID: "p" + bad, Name: "n" + bad, Agents: 1, HasAgentCount: true}}
	h := newHarness(t, Options{}, es, ece, hostileFleet{fl, bad})
	h.keys("3", "n", "enter", "s")
	for _, size := range [][2]int{{80, 24}, {160, 50}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		out := sgrRE.ReplaceAllString(h.m.View().Content, "")
		if raw := sanitizetest.Raw(out); raw != "" {
			t.Fatalf("%dx%d: %q reached the terminal raw:\n%s", size[0], size[1], raw, out)
		}
		// At 80x24 the enroll command folds to its key (y).
		if want := map[int]int{80: 2, 160: 3}[size[0]]; strings.Count(out, `\x1b]52;c;`) < want {
			t.Fatalf("%dx%d: the result panel does not show the policy, the secret and the refusal escaped:\n%s", size[0], size[1], out)
		}
	}
}

// hostileFleet answers a create with a hostile secret and refuses the
// enroll command with a hostile reason.
type hostileFleet struct {
	*fakeService
	bad string
}

func (f hostileFleet) Create(ctx context.Context, spec backend.CreateSpec) (backend.Created, error) {
	c, err := f.fakeService.Create(ctx, spec)
	c.Secret = backend.NewSecret("S" + f.bad)
	return c, err
}

func (f hostileFleet) EnrollTarget(context.Context, backend.Token, backend.Secret) (enrollcmd.Target, error) {
	return enrollcmd.Target{}, errors.New("refused: " + f.bad)
}

// demo enroll's summary names what the servers answered (an agent's id):
// the enroll panel shows it escaped.
func TestHostileEnrollSummaryIsEscaped(t *testing.T) {
	bad := sanitizetest.All()
	es, ec, fl := fakeServices()
	h := newHarness(t, Options{Enroll: &enroll.Env{}}, es, ec, fl)
	h.m.enr.seq++
	run := h.m.enr.seq
	h.m.overlay = &enrollPanel{run: run, title: "Enroll"}
	h.m.inflight++
	h.send(panelDoneMsg{run: run, summary: "agent a" + bad + " enrolled"})
	out := sgrRE.ReplaceAllString(h.m.View().Content, "")
	if raw := sanitizetest.Raw(out); raw != "" || !strings.Contains(out, `\x1b]52;c;`) {
		t.Fatalf("raw %q:\n%s", raw, out)
	}
}

// A first list that fails says why in the status line: escaped.
func TestHostileFirstListFailureIsEscaped(t *testing.T) {
	bad := sanitizetest.All()
	es, ece, fl := fakeServices()
	fl.listErr = errors.New("refused " + bad)
	h := newHarness(t, Options{}, es, ece, fl)
	h.keys("3")
	out := sgrRE.ReplaceAllString(h.m.View().Content, "")
	if raw := sanitizetest.Raw(out); raw != "" || !strings.Contains(out, "could not list Fleet tokens: refused x") {
		t.Fatalf("raw %q:\n%s", raw, out)
	}
}

// Profile names are the configuration's text: the picker and the list of
// profiles that failed in the all-profiles view show them escaped.
func TestHostileProfileNamesAreEscaped(t *testing.T) {
	bad := "p" + sanitizetest.All()
	es, ece, fl := fakeServices()
	h := newHarness(t, Options{Profiles: []string{"a", bad}, Profile: "a",
		SwitchProfile: func(string) (ProfileServices, error) { return ProfileServices{}, errors.New("no") }},
		es, ece, partialProfiles{fl, bad})
	for _, step := range [][]string{{"3"}, {"p"}} {
		h.keys(step...)
		out := sgrRE.ReplaceAllString(h.m.View().Content, "")
		if raw := sanitizetest.Raw(out); raw != "" || !strings.Contains(out, `px\x08y`) {
			t.Fatalf("%v: raw %q:\n%s", step, raw, out)
		}
	}
}

// partialProfiles lists its tokens and says that a profile failed.
type partialProfiles struct {
	*fakeService
	profile string
}

func (p partialProfiles) List(ctx context.Context) ([]backend.Token, error) {
	toks, _ := p.fakeService.List(ctx)
	return toks, &allprofiles.PartialError{Failed: []allprofiles.ProfileError{{Profile: p.profile, Err: errors.New("unreachable")}}}
}
