package ui

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/transport"
)

var ansiRE = regexp.MustCompile(`\x1b\[[0-9;:?]*[a-zA-Z]|\x1b\][^\x07]*\x07`)

func stripANSI(s string) string { return ansiRE.ReplaceAllString(s, "") }

func TestInitListsEveryConfiguredTab(t *testing.T) {
	es, _, fl := fakeServices()
	h := newHarness(t, Options{}, es, nil, fl)
	if es.lists != 1 || fl.lists != 1 {
		t.Fatalf("lists: es %d fleet %d", es.lists, fl.lists)
	}
	scr := h.screen()
	for _, want := range []string{"1 Elasticsearch 1", "2 ECE –", "3 Fleet 2", "esKey1"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("screen lacks %q:\n%s", want, scr)
		}
	}
	h.keys("2")
	if scr := h.screen(); !strings.Contains(scr, "ECE is not configured.") || !strings.Contains(scr, "set SOMETHING for ECE") {
		t.Fatalf("unconfigured tab:\n%s", scr)
	}
}

func TestStaleListIsDropped(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3")
	old := h.m.refresh(2)
	oldMsg := old().(tea.BatchMsg)[0]()
	h.keys("r") // a newer refresh answers first
	fl.tokens = fl.tokens[:1]
	h.send(oldMsg.(listMsg)) // the late answer of the first refresh
	if n := len(h.m.tabs[2].all); n != 3 {
		t.Fatalf("a stale answer was painted: %d tokens", n)
	}
}

func TestFilterAndShowAll(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3")
	tab := h.m.tabs[2]
	if len(tab.view) != 2 {
		t.Fatalf("active only by default: %d rows", len(tab.view))
	}
	h.keys("a")
	if len(tab.view) != 3 {
		t.Fatalf("a shows revoked: %d rows", len(tab.view))
	}
	h.keys("/")
	h.typeText("windows q")
	if h.quit {
		t.Fatal("q quit while typing a filter")
	}
	h.keys("esc")
	if tab.filter != "" || len(tab.view) != 3 {
		t.Fatalf("esc clears the filter: %q %d", tab.filter, len(tab.view))
	}
	h.keys("/")
	h.typeText("linux")
	h.keys("enter")
	if len(tab.view) != 2 || h.m.filtering {
		t.Fatalf("filter linux: %d rows, filtering %v", len(tab.view), h.m.filtering)
	}
	h.keys("/")
	h.typeText(" old")
	h.keys("enter")
	if tok, _ := tab.selected(); len(tab.view) != 1 || tok.ID != "f3" {
		t.Fatalf("every word must match: %d rows", len(tab.view))
	}
}

func TestRevokeAsksAndDefaultsToNo(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "x")
	if !isOverlay[*confirmOverlay](h.m) || !strings.Contains(h.screen(), "ci-runners (policy Linux servers)") ||
		!strings.Contains(stripSpaces(h.screen()), stripSpaces("after up to about a minute (Fleet Server caches it)")) ||
		!strings.Contains(stripSpaces(h.screen()), stripSpaces("OTel Collectors connected with it over OpAMP are cut off")) {
		t.Fatalf("confirmation says what Fleet Server does:\n%s", h.screen())
	}
	h.keys("enter")
	if len(fl.revoked) != 0 || h.m.overlay != nil {
		t.Fatal("enter must answer No")
	}
	h.keys("x", "n")
	h.keys("x", "esc")
	if len(fl.revoked) != 0 {
		t.Fatal("n and esc revoke nothing")
	}
	h.keys("x", "y")
	if !slices.Equal(fl.revoked, []string{"f1"}) {
		t.Fatalf("revoked %v", fl.revoked)
	}
	tok, _ := h.m.tabs[2].selected()
	if tok.ID != "f1" || tok.Status != backend.Revoked || !strings.Contains(h.screen(), "✕ revoked") {
		t.Fatalf("the row shows its new state: %+v\n%s", tok, h.screen())
	}
}

func TestBulkRevoke(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "space", "space")
	if len(h.m.tabs[2].marked) != 2 || !strings.Contains(h.screen(), "2 marked") {
		t.Fatalf("marks: %v", h.m.tabs[2].marked)
	}
	h.keys("x")
	scr := h.screen()
	if !strings.Contains(scr, "Revoke 2 Fleet tokens?") || !strings.Contains(scr, "ci-runners") || !strings.Contains(scr, "laptops") {
		t.Fatalf("one confirmation listing both:\n%s", scr)
	}
	h.keys("y")
	slices.Sort(fl.revoked)
	if !slices.Equal(fl.revoked, []string{"f1", "f2"}) || len(h.m.tabs[2].marked) != 0 {
		t.Fatalf("revoked %v, marks %v", fl.revoked, h.m.tabs[2].marked)
	}
}

func TestPersistentECETokenNeedsItsIDTyped(t *testing.T) {
	_, ece, _ := fakeServices()
	h := newHarness(t, Options{}, nil, ece, nil)
	h.keys("2", "x")
	scr := h.screen()
	if !strings.Contains(scr, "Type ece-1") || !strings.Contains(scr, "emergency token") {
		t.Fatalf("typed confirmation and warning:\n%s", scr)
	}
	h.keys("y", "enter")
	if len(ece.revoked) != 0 {
		t.Fatal("y alone must not revoke a persistent ECE token")
	}
	h.keys("esc", "x")
	h.typeText("ece-1")
	h.keys("enter")
	if !slices.Equal(ece.revoked, []string{"ece-1"}) {
		t.Fatalf("revoked %v", ece.revoked)
	}
	if len(h.m.tabs[1].all) != 1 {
		t.Fatal("a revoked ECE token leaves the list")
	}
}

func TestShowSecretAutoHidesAndPresenterNeverDraws(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3", "s")
	if !strings.Contains(h.screen(), "RkxFRVQtU0VDUkVULTE=") {
		t.Fatalf("s shows the secret:\n%s", h.screen())
	}
	h.clock = h.clock.Add(31 * time.Second)
	h.send(tickMsg(h.clock))
	if strings.Contains(h.screen(), "RkxFRVQtU0VDUkVULTE=") {
		t.Fatal("the secret must hide itself after 30 s")
	}
	h.keys("P", "s")
	if strings.Contains(h.screen(), "RkxFRVQtU0VDUkVULTE=") || !strings.Contains(h.screen(), "PRESENTER") {
		t.Fatal("presenter mode draws no secret")
	}
	h.keys("c")
	if len(h.raw) != 1 || !strings.Contains(h.raw[0], "\x1b]52;c;") {
		t.Fatalf("copy still works in presenter mode: %q", h.raw)
	}
	if strings.Contains(h.screen(), "RkxFRVQtU0VDUkVULTE=") {
		t.Fatal("copying must not draw the secret")
	}
}

func TestSecretOfAnOldElasticsearchTokenIsExplained(t *testing.T) {
	es, _, _ := fakeServices()
	h := newHarness(t, Options{}, es)
	h.keys("s")
	if !strings.Contains(h.screen(), "only once") || strings.Contains(h.screen(), "c copies") || strings.Contains(stripANSI(h.m.footer()), "c copy") {
		t.Fatalf("the footer says why:\n%s", h.screen())
	}
}

func TestCreateElasticsearchKeepsTheSecretUntilSeen(t *testing.T) {
	es, _, _ := fakeServices()
	h := newHarness(t, Options{}, es)
	h.keys("n", "right", "enter")
	if len(es.created) != 1 || es.created[0].Scope != "kibana" {
		t.Fatalf("created %+v", es.created)
	}
	scr := h.screen()
	if !isOverlay[*result](h.m) || !strings.Contains(scr, "only time Elasticsearch gives this secret") || strings.Contains(scr, "SECRET-new-1") {
		t.Fatalf("result panel, masked:\n%s", scr)
	}
	h.keys("esc")
	if !strings.Contains(h.screen(), "Leave without the new token?") {
		t.Fatal("leaving an unseen secret asks first")
	}
	h.keys("n", "q")
	if h.quit || !strings.Contains(h.screen(), "Quit without the new token?") {
		t.Fatal("quitting with an unseen secret asks first")
	}
	h.keys("n", "s")
	if !strings.Contains(h.screen(), "SECRET-new-1") {
		t.Fatal("s shows it")
	}
	h.keys("enter")
	if h.m.overlay != nil {
		t.Fatal("a seen secret closes without asking")
	}
	if tok, _ := h.m.tabs[0].selected(); tok.ID != "new-1" {
		t.Fatalf("the cursor goes to the new token, not %s", tok.ID)
	}
	h.keys("q")
	if !h.quit {
		t.Fatal("q quits")
	}
}

func TestCreateFleetWithPolicyPicker(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "n")
	scr := h.screen()
	if strings.Contains(scr, "Fleet Server Policy") || !strings.Contains(scr, "Windows desktops  (128 agents)") {
		t.Fatalf("picker leaves managed policies out and shows counts:\n%s", scr)
	}
	h.typeText("build q")
	h.keys("tab")
	h.typeText("wind")
	h.keys("tab")
	h.typeText("2 days")
	h.keys("enter")
	if len(fl.created) != 0 || !strings.Contains(h.screen(), "30d, 24h, 90m or 60s") {
		t.Fatalf("an invalid expiration is refused inline:\n%s", h.screen())
	}
	for range "2 days" {
		h.keys("backspace")
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyBackspace})
	h.typeText("7d")
	h.keys("enter")
	want := backend.CreateSpec{Name: "build q", PolicyID: "p2", Expiration: "7d"}
	if len(fl.created) != 1 || fl.created[0].Name != want.Name || fl.created[0].PolicyID != want.PolicyID {
		t.Fatalf("created %+v", fl.created)
	}
}

func TestReadOnly(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{ReadOnly: true}, nil, nil, fl)
	h.keys("3", "n", "x")
	if h.m.overlay != nil || len(fl.created)+len(fl.revoked) != 0 {
		t.Fatal("read-only: no create, no revoke")
	}
	if !strings.Contains(h.screen(), "READ-ONLY") || strings.Contains(h.screen(), "x revoke") || strings.Contains(h.screen(), "n new") {
		t.Fatalf("badge shown, revoke key hidden from help:\n%s", h.screen())
	}
}

func TestErrorsShowTheReasonAndDetails(t *testing.T) {
	_, _, fl := fakeServices()
	fl.listErr = &transport.Error{Kind: transport.KindHTTP, Method: "GET", Path: "/api/fleet/enrollment_api_keys", Status: 403,
		Type: "Forbidden", Reason: "API [GET /api/fleet/enrollment_api_keys] is unauthorized for user"}
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	scr := h.screen()
	if !strings.Contains(scr, "Could not list tokens") || !strings.Contains(scr, "403") {
		t.Fatalf("list error:\n%s", scr)
	}
	h.keys("e")
	scr = h.screen()
	for _, want := range []string{"Status   403 Forbidden", "Request  GET /api/fleet/enrollment_api_keys", "is unauthorized for user", "Hint:"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("error details lack %q:\n%s", want, scr)
		}
	}
	fl.listErr = nil
	h.keys("esc", "r")
	if strings.Contains(h.screen(), "Could not list") {
		t.Fatal("r retries")
	}
	fl.failNext = errors.New("revoke exploded")
	h.keys("x", "y")
	if !strings.Contains(h.screen(), "revoke exploded") {
		t.Fatalf("a failed revoke says why:\n%s", h.screen())
	}
}

func TestSmallTerminalAndResize(t *testing.T) {
	es, _, _ := fakeServices()
	h := newHarness(t, Options{}, es)
	h.send(tea.WindowSizeMsg{Width: 50, Height: 12})
	if scr := h.screen(); !strings.Contains(strings.ReplaceAll(scr, "\n", " "), "needs at least 60×16") {
		t.Fatalf("too small:\n%s", scr)
	}
	for _, l := range strings.Split(h.screen(), "\n") { // the message fits
		if w := len([]rune(l)); w > 50 {
			t.Fatalf("a line is %d wide: %q", w, l)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if lines := strings.Split(h.screen(), "\n"); len(lines) != 24 {
		t.Fatalf("80×24 draws 24 lines, got %d", len(lines))
	}
	for _, l := range strings.Split(h.screen(), "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Fatalf("a line is %d wide: %q", w, l)
		}
	}
}

func TestMouseSelectsTabsAndRows(t *testing.T) {
	h, _ := fleetHarness(t)
	spans := h.m.tabSpans()
	h.send(tea.MouseClickMsg{X: spans[2][0] + 2, Y: 1, Button: tea.MouseLeft})
	if h.m.active != 2 {
		t.Fatal("click on the Fleet tab")
	}
	l := h.m.layoutNow()
	h.send(tea.MouseClickMsg{X: 5, Y: l.tableTop + 2, Button: tea.MouseLeft})
	if tok, _ := h.m.tabs[2].selected(); tok.ID != "f2" {
		t.Fatalf("click on the second row selected %s", tok.ID)
	}
}

func TestSwitchProfile(t *testing.T) {
	es, _, fl := fakeServices()
	other := &fakeService{sys: backend.Fleet, secrets: map[string]string{}, tokens: []backend.Token{
		{System: backend.Fleet, ID: "s1", Name: "staging-token", PolicyName: "Staging", Status: backend.Active, Created: now}}}
	h := newHarness(t, Options{Profile: "prod", Profiles: []string{"prod", "staging"},
		SwitchProfile: func(name string) (ProfileServices, error) {
			if name != "staging" {
				return ProfileServices{}, errors.New("no such profile")
			}
			tabs := testTabs([]backend.Service{nil, nil, other})
			tabs[0].Hint, tabs[1].Hint = "es hint", "ece hint"
			return ProfileServices{Name: name, Tabs: tabs}, nil
		}}, es, nil, fl)
	h.keys("p")
	if !strings.Contains(h.screen(), "Switch profile") || !strings.Contains(h.screen(), "prod  (current)") {
		t.Fatalf("picker:\n%s", h.screen())
	}
	h.typeText("stag")
	h.keys("enter", "3")
	scr := h.screen()
	if !strings.Contains(scr, "profile staging") || !strings.Contains(scr, "staging-token") || strings.Contains(scr, "ci-runners") {
		t.Fatalf("after switching:\n%s", scr)
	}
	h.keys("1")
	if !strings.Contains(h.screen(), "es hint") {
		t.Fatal("an unconfigured system of the new profile shows its hint")
	}
}

func TestMouseToggleAndHiddenTokens(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens = append(fl.tokens, backend.Token{System: backend.Fleet, ID: "h1", Name: "Default", PolicyID: "p0",
		PolicyName: "Fleet Server Policy", Status: backend.Active, Hidden: true, Created: now.Add(-time.Hour)})
	h := newHarness(t, Options{}, nil, nil, fl)
	if h.m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("mouse on by default")
	}
	h.keys("m")
	if h.m.View().MouseMode != tea.MouseModeNone || !strings.Contains(h.screen(), "drag to select") {
		t.Fatal("m turns mouse capture off")
	}
	h.keys("3")
	for _, i := range h.m.tabs[2].view {
		if h.m.tabs[2].all[i].Hidden {
			t.Fatal("tokens of managed policies are hidden by default")
		}
	}
	h.keys("a")
	for _, i := range h.m.tabs[2].view {
		if h.m.tabs[2].all[i].Hidden {
			t.Fatal("a shows every status, not the hidden tokens: H does")
		}
	}
	h.keys("H", "/")
	h.typeText("fleet server")
	h.keys("enter", "x")
	if isOverlay[*confirmOverlay](h.m) || len(fl.revoked) != 0 || !strings.Contains(h.screen(), "Fleet manages its tokens") {
		t.Fatalf("a managed policy's token is not revocable here:\n%s", h.screen())
	}
}

func TestRevokeIsNotOfferedWhereRefused(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3")
	th := h.m.theme
	if th.Key.Render("x") == th.Dim.Render("x") {
		t.Fatal("the theme draws keys and dimmed text alike")
	}
	if f := h.m.footer(); !strings.Contains(f, th.Key.Render("x")+" "+th.Desc.Render("revoke")) {
		t.Fatalf("an active token can be revoked: the key is bright:\n%q", f)
	}
	h.keys("a", "G") // the revoked token
	if f := stripANSI(h.m.footer()); strings.Contains(f, "x revoke") || strings.Contains(f, "y copy") {
		t.Fatalf("a revoked token is not offered a revoke nor its enroll command:\n%q", f)
	}
	h.keys("x")
	if h.m.overlay != nil || !strings.Contains(h.screen(), "old (policy Linux servers) is revoked already") {
		t.Fatalf("the key says why:\n%s", h.screen())
	}
}

// A batch revoke skips the marked tokens that cannot be revoked, names
// them with why, and revokes the rest; x is refused only when none can.
func TestBatchRevokeSkipsWhatCannotBeRevoked(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens = append(fl.tokens, backend.Token{System: backend.Fleet, ID: "h1", Name: "Default", PolicyID: "p0",
		PolicyName: "Fleet Server Policy", Status: backend.Active, Hidden: true, Created: now.Add(-time.Hour)})
	h := newHarness(t, Options{}, nil, nil, fl)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.keys("3", "a", "H", "*")
	mustContain(t, h.screen(), "4 tokens marked (x revokes them, esc unmarks)")
	if strings.Contains(h.screen(), ": 4 marked") {
		t.Fatalf("the count is said once:\n%s", h.screen())
	}
	h.keys("x")
	o, ok := h.m.overlay.(*confirmOverlay)
	if !ok {
		t.Fatalf("the dialog opens for the tokens that can be revoked:\n%s", h.screen())
	}
	body := strings.Join(o.dlg.Body, "\n")
	if o.dlg.Title != "Revoke 2 Fleet tokens?" || !strings.Contains(body, "ci-runners") || !strings.Contains(body, "laptops") ||
		!strings.Contains(body, "skipped (unmarked): old — revoked already; Default (policy Fleet Server Policy) — managed policy") {
		t.Fatalf("title %q, body:\n%s", o.dlg.Title, body)
	}
	if !strings.Contains(o.dlg.Effect, "with these tokens") {
		t.Fatalf("several tokens are spoken of in the plural: %q", o.dlg.Effect)
	}
	h.keys("y")
	if !slices.Equal(slices.Sorted(slices.Values(fl.revoked)), []string{"f1", "f2"}) {
		t.Fatalf("only the revocable ones are revoked: %v", fl.revoked)
	}
	if n := len(h.m.tabs[2].marked); n != 0 {
		t.Fatalf("the skipped marks are cleared, as the dialog said: %d left", n)
	}

	// Only unrevocable ones marked: x refuses, naming each with why.
	_, _, fl = fakeServices()
	fl.tokens = append(fl.tokens, backend.Token{System: backend.Fleet, ID: "h1", Name: "Default", PolicyID: "p0",
		PolicyName: "Fleet Server Policy", Status: backend.Active, Hidden: true, Created: now.Add(-time.Hour)})
	h = newHarness(t, Options{}, nil, nil, fl)
	h.send(tea.WindowSizeMsg{Width: 160, Height: 40})
	h.keys("3", "a")
	h.m.tabs[2].marked = map[string]bool{"f3": true, "h1": true} // old and Default
	h.keys("x")
	if h.m.overlay != nil || len(fl.revoked) != 0 {
		t.Fatalf("nothing can be revoked:\n%s", h.screen())
	}
	mustContain(t, h.screen(), "none of the 2 marked tokens can be revoked")
}

// One token: the dialog speaks of it in the singular.
func TestRevokeOneTokenSingular(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3", "x")
	o, ok := h.m.overlay.(*confirmOverlay)
	if !ok || !strings.Contains(o.dlg.Effect, "with this token") {
		t.Fatalf("the dialog opens, in the singular:\n%s", h.screen())
	}
}

// v is neither offered nor run on a token whose secret cannot be had:
// it says why, as the other refused keys do.
func TestVerifyRefusedWithoutTheSecret(t *testing.T) {
	es, _, _ := fakeServices()
	h := newHarness(t, Options{}, es)
	h.send(tea.WindowSizeMsg{Width: 200, Height: 40})
	for _, full := range []bool{false, true} { // the list, the full-screen detail
		if full {
			h.keys("enter")
		}
		if f := stripANSI(h.m.footer()); strings.Contains(f, "v verify") {
			t.Fatalf("v is not offered without the secret:\n%q", f)
		}
	}
	h.keys("v")
	if h.m.overlay != nil {
		t.Fatalf("v opened something:\n%s", h.screen())
	}
	mustContain(t, h.screen(), "cannot be shown")
}

// p with a single profile says why it does nothing.
func TestProfileKeyWithOneProfileSaysWhy(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{Profile: "default", Profiles: []string{"default"}}, nil, nil, fl)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.keys("p")
	if h.m.overlay != nil {
		t.Fatal("nothing to switch to")
	}
	mustContain(t, h.screen(), "only one profile (default): add profiles to the config file")
}

// While the policies load, the picker says so rather than "(nothing
// matches)".
func TestPickerSaysLoadingUntilItsOptionsArrive(t *testing.T) {
	h, _ := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.keys("3")
	load := h.press("n") // the policies are asked for, not answered yet
	scr := h.screen()
	mustContain(t, scr, "loading agent policies…")
	if strings.Contains(scr, "nothing matches") {
		t.Fatalf("nothing was filtered yet:\n%s", scr)
	}
	h.run(load)
	scr = h.screen()
	mustContain(t, scr, "Linux servers")
	if strings.Contains(scr, "loading agent policies") {
		t.Fatalf("the policies arrived:\n%s", scr)
	}
}

// A tab's first list comes from its Prefetch, once; refreshing asks the
// service again.
func TestPrefetchAnswersTheFirstListOnly(t *testing.T) {
	fl := &fakeService{sys: backend.Fleet, tokens: []backend.Token{{System: backend.Fleet, ID: "from-service", Status: backend.Active}}}
	tabs := testTabs([]backend.Service{nil, nil, fl})
	prefetched := 0
	tabs[2].Prefetch = func(context.Context) ([]backend.Token, error) {
		prefetched++
		return []backend.Token{{System: backend.Fleet, ID: "prefetched", Status: backend.Active}}, nil
	}
	m := New(Options{Tabs: tabs, Now: func() time.Time { return now },
		After: func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }})
	list := func() string {
		m.Update(m.refresh(2)().(tea.BatchMsg)[0]())
		tok, _ := m.tabs[2].selected()
		return tok.ID
	}
	if got := list(); got != "prefetched" || prefetched != 1 || fl.lists != 0 {
		t.Fatalf("first list: %q (prefetch %d, service %d)", got, prefetched, fl.lists)
	}
	if got := list(); got != "from-service" || prefetched != 1 || fl.lists != 1 {
		t.Fatalf("refresh: %q (prefetch %d, service %d)", got, prefetched, fl.lists)
	}
}

// With DetailLag the detail pane keeps the previous token until its timer
// fires, while the cursor mark moves at once (two frames, not one).
func TestDetailPaneFollowsTheCursorAfterTheLag(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{DetailLag: 20 * time.Millisecond}, nil, nil, fl)
	h.keys("3")
	h.timers = nil
	paneID := func() string {
		for _, l := range strings.Split(h.screen(), "\n") {
			if i := strings.Index(l, "ID "); i >= 0 && strings.Contains(l, "│ ID") {
				return strings.Fields(l[i+3:])[0]
			}
		}
		t.Fatalf("no ID in the pane:\n%s", h.screen())
		return ""
	}
	if got := paneID(); got != "f1" {
		t.Fatalf("pane shows %q, want f1", got)
	}
	h.keys("j")
	if sel, _ := h.m.current().selected(); sel.ID != "f2" {
		t.Fatalf("cursor on %q, want f2", sel.ID)
	}
	if !strings.Contains(h.screen(), "▌ laptops") {
		t.Fatalf("the mark did not move:\n%s", h.screen())
	}
	if got := paneID(); got != "f1" {
		t.Fatalf("pane shows %q during the lag, want f1", got)
	}
	h.send(h.timer(20 * time.Millisecond).fn(now))
	if got := paneID(); got != "f2" {
		t.Fatalf("pane shows %q after the lag, want f2", got)
	}
}

// A revoke the server answers with "no such token" revoked nothing: it is
// said as already gone, never as revoked.
func TestRevokeOfAGoneTokenIsNotReportedRevoked(t *testing.T) {
	h, fl := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.keys("3")
	fl.failNext = fmt.Errorf("DELETE: %w", backend.ErrNotFound)
	h.keys("x", "y")
	scr := h.screen()
	if strings.Contains(scr, "revoked") && !strings.Contains(scr, "nothing to revoke") {
		t.Fatalf("a gone token reported revoked:\n%s", scr)
	}
	mustContain(t, scr, "already gone")
}

// A clipboard that could not be cleared is said, not "cleared".
func TestClipboardClearFailureIsSaid(t *testing.T) {
	h, _ := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.send(clipClearedMsg{cleared: true, err: errors.New("xclip: cannot open display")})
	scr := h.screen()
	if strings.Contains(scr, "clipboard cleared") {
		t.Fatalf("said cleared on a failure:\n%s", scr)
	}
	mustContain(t, scr, "clearing the clipboard")
}

// While a secret is revealed the pane is never held after a move: a held
// pane could keep drawing a secret hidden since (presenter mode, auto-hide).
func TestDetailLagNeverHoldsARevealedSecret(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{DetailLag: 20 * time.Millisecond}, nil, nil, fl)
	h.send(tea.WindowSizeMsg{Width: 200, Height: 40})
	h.keys("3")
	// A frame is drawn after each key, as a terminal would: the pane
	// drawn with the secret is the one held after the move.
	h.run(h.press("s"))
	mustContain(t, h.screen(), "s hides")
	h.keys("j")
	_ = h.screen()
	h.keys("P")
	if strings.Contains(h.screen(), "s hides") {
		t.Fatalf("a secret is still drawn in presenter mode:\n%s", h.screen())
	}
}

// An enroll target read for a tab a profile switch has since replaced is
// dropped: it describes the old profile's system.
func TestStaleEnrollTargetIsDropped(t *testing.T) {
	h, _ := fleetHarness(t)
	old := &tab{}
	h.send(enrollMsg{tab: 2, from: old, key: "stale"})
	if _, ok := h.m.tabs[2].enroll["stale"]; ok {
		t.Fatal("a stale target filled the new tab's cache")
	}
	h.send(enrollMsg{tab: 2, from: h.m.tabs[2], key: "fresh"})
	if _, ok := h.m.tabs[2].enroll["fresh"]; !ok {
		t.Fatal("the current tab's target was dropped")
	}
}
