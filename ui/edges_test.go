package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// press sends a key without running the command it returns: the request
// it starts stays in flight until the test runs it.
func (h *harness) press(k string) tea.Cmd {
	h.t.Helper()
	_, cmd := h.m.Update(keyMsg(k))
	return cmd
}

// mustQuit fails unless the model quit (want) or did not.
func (h *harness) mustQuit(want bool, why string) {
	h.t.Helper()
	if h.quit != want {
		h.t.Fatalf("quit %v: %s\n%s", h.quit, why, h.screen())
	}
}

// mustFit fails when a line of the screen is wider than the terminal.
func (h *harness) mustFit() {
	h.t.Helper()
	for _, l := range strings.Split(h.screen(), "\n") {
		if w := ansi.StringWidth(l); w > h.m.width {
			h.t.Fatalf("a line is %d wide at %d columns: %q", w, h.m.width, l)
		}
	}
}

func mustContain(t *testing.T, scr string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(scr, w) {
			t.Fatalf("screen lacks %q:\n%s", w, scr)
		}
	}
}

func TestQuitWaitsForACreateInFlightAndShowsItsSecret(t *testing.T) {
	for _, quit := range []tea.Msg{keyMsg("q"), keyMsg("ctrl+c"), QuitSignal{}} {
		es, _, _ := fakeServices()
		h := newHarness(t, Options{}, es)
		h.keys("n")
		inFlight := h.press("enter") // the create is sent, its answer not back yet
		if scr := h.screen(); !strings.Contains(scr, "creating the Elasticsearch token…") || strings.Contains(scr, "enter create") {
			t.Fatalf("the form says it is creating, and offers no second submit:\n%s", scr)
		}
		h.send(quit)
		h.mustQuit(false, "a create in flight: its secret would be lost")
		mustContain(t, h.screen(), "waiting for 1 request… then quitting · ctrl+c abandons · esc stays")
		h.keys("q") // impatience does not abandon it
		h.mustQuit(false, "a second q abandoned the request")
		h.run(inFlight)
		if h.quit || !isOverlay[*result](h.m) {
			t.Fatalf("after the answer the result panel shows, not an exit:\n%s", h.screen())
		}
		mustContain(t, h.screen(), "not quitting: here is the new token")
		h.keys("s", "q")
		h.mustQuit(true, "once seen, q quits")
	}
}

// A revoke answered while a quit waited is shown, not swallowed by the
// exit: its outcome stays on screen and the status line says q quits now.
func TestQuitWaitsForARevokeThenShowsItsOutcome(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "x")
	inFlight := h.press("y")
	h.send(QuitSignal{}) // SIGTERM
	h.mustQuit(false, "SIGTERM with a revoke in flight")
	h.run(inFlight)
	if !slices.Equal(fl.revoked, []string{"f1"}) {
		t.Fatalf("the revoke answered well: revoked %v", fl.revoked)
	}
	h.mustQuit(false, "the revoke's outcome must be seen before quitting")
	mustContain(t, h.screen(), "✓ 1 token revoked", "the request finished", "q quits now")
	h.keys("q")
	h.mustQuit(true, "nothing in flight: q quits at once")
}

// A Fleet create answered while a quit waited shows its result panel
// (its secret can be read again later, but the user must learn it was
// made).
func TestQuitWaitsForAFleetCreateThenShowsItsResult(t *testing.T) {
	for _, quit := range []string{"q", "ctrl+c"} {
		_, _, fl := fakeServices()
		h := newHarness(t, Options{}, nil, nil, fl)
		h.keys("3", "n")
		h.typeText("build")
		inFlight := h.press("enter")
		h.keys(quit)
		h.mustQuit(false, "a create in flight")
		h.run(inFlight)
		h.mustQuit(false, "the new token must be seen before quitting")
		if !isOverlay[*result](h.m) || len(fl.created) != 1 {
			t.Fatalf("the result panel shows after %s:\n%s", quit, h.screen())
		}
		mustContain(t, h.screen(), "Fleet token created", "q quits now")
		h.keys("q")
		h.mustQuit(true, "q quits once the result was shown")
	}
}

// The footer's key line shows the wait whatever overlay is open (the
// create form stays open while its request runs).
func TestWaitingIsInTheFooterOverAForm(t *testing.T) {
	h, _ := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("3", "n")
	h.typeText("build")
	inFlight := h.press("enter")
	h.keys("ctrl+c")
	if !isOverlay[*formOverlay](h.m) {
		t.Fatal("the form stays open while its create runs")
	}
	lines := strings.Split(h.screen(), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "waiting for 1 request… then quitting · ctrl+c abandons") {
		t.Fatalf("the footer's last line is %q", last)
	}
	h.mustFit()
	h.run(inFlight)
}

func TestQuitAfterAFailedRevokeStaysToSaySo(t *testing.T) {
	h, fl := fleetHarness(t)
	fl.failNext = &transport.Error{Kind: transport.KindHTTP, Method: "DELETE", Path: "/x", Status: 500, Reason: "boom"}
	h.keys("3", "x")
	inFlight := h.press("y")
	h.keys("q")
	h.run(inFlight)
	h.mustQuit(false, "a failed revoke must be seen before quitting")
	mustContain(t, h.screen(), "not quitting: a request failed")
}

func TestSecondCtrlCAbandonsAndSaysWhatMayBeLeft(t *testing.T) {
	es, _, _ := fakeServices()
	h := newHarness(t, Options{}, es)
	h.keys("n")
	h.press("enter")
	h.keys("ctrl+c")
	if h.quit || len(h.m.Abandoned()) != 0 {
		t.Fatal("the first ctrl+c waits")
	}
	h.send(QuitSignal{}) // a second signal counts as a second ctrl+c
	left := h.m.Abandoned()
	if !h.quit || len(left) != 1 || !strings.Contains(left[0], "may have made a token") || !strings.Contains(left[0], "tokentui es list") {
		t.Fatalf("quit %v, abandoned %q", h.quit, left)
	}
}

func TestEscStaysWhileWaiting(t *testing.T) {
	es, _, _ := fakeServices()
	h := newHarness(t, Options{}, es)
	h.keys("n")
	inFlight := h.press("enter")
	h.keys("q", "esc")
	h.run(inFlight)
	if h.quit || !isOverlay[*result](h.m) {
		t.Fatal("esc cancels the quit")
	}
}

func TestCreateErrorKeepsTheFormAndItsValues(t *testing.T) {
	_, _, fl := fakeServices()
	fl.failNext = &transport.Error{Kind: transport.KindHTTP, Method: "POST", Path: "/api/fleet/enrollment_api_keys", Status: 409,
		Type: "Conflict", Reason: "An enrollment API key with name build already exists"}
	h := newHarness(t, Options{}, nil, nil, fl)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("3", "n")
	h.typeText("build")
	h.keys("enter")
	if !isOverlay[*formOverlay](h.m) {
		t.Fatalf("the form closed on a server error:\n%s", h.screen())
	}
	h.mustFit()
	scr := h.screen()
	mustContain(t, scr, "✗ POST /api/fleet/enrollment_api_keys: 409", "build already exists", "› Name")
	if !strings.Contains(scr, "build") || h.m.overlay.(*formOverlay).form.Value("name") != "build" {
		t.Fatal("the typed name is kept")
	}
	h.typeText("-2")
	h.keys("enter")
	if !isOverlay[*result](h.m) || len(fl.created) != 1 || fl.created[0].Name != "build-2" {
		t.Fatalf("a second submit creates: %+v", fl.created)
	}
}

func TestLostCreateAnswerPointsAtTheNewToken(t *testing.T) {
	_, _, fl := fakeServices()
	fl.lostAnswer = &backend.MaybeCreatedError{System: backend.Fleet,
		Err: &transport.Error{Kind: transport.KindTimeout, Method: "POST", Path: "/api/fleet/enrollment_api_keys", Reason: "no answer within 30s"}}
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "n")
	h.typeText("build")
	h.keys("enter")
	if h.m.overlay != nil {
		t.Fatal("after a lost answer the form closes: submitting again could make a second token")
	}
	if fl.lists < 2 {
		t.Fatal("the tab is listed again")
	}
	tok, _ := h.m.tabs[2].selected()
	if tok.ID != "new-1" {
		t.Fatalf("the token that appeared is selected, not %q", tok.ID)
	}
	mustContain(t, h.screen(), "the create may have made fresh new-1 (policy p1) (selected)")
	h.keys("e")
	scr := h.screen()
	mustContain(t, scr, "While creating the Fleet token:", "the token may have been", "run `tokentui fleet list` to check", "Request  POST /api/fleet/enrollment_api_keys")
	if strings.Contains(scr, "try again") {
		t.Fatalf("no advice to create again:\n%s", scr)
	}
	if len(fl.created) != 1 {
		t.Fatal("never retried")
	}
}

func TestLostCreateAnswerWithNothingNewSaysSo(t *testing.T) {
	es, _, _ := fakeServices()
	es.failNext = &backend.MaybeCreatedError{System: backend.Elasticsearch,
		Err: &transport.Error{Kind: transport.KindReset, Method: "POST", Path: "/_security/api_key", Reason: "connection reset"}}
	h := newHarness(t, Options{}, es)
	h.keys("n", "enter")
	mustContain(t, h.screen(), "no new Elasticsearch token is listed")
}

func TestErrorsAndMessagesStayOnTheirTab(t *testing.T) {
	_, ece, fl := fakeServices()
	fl.listErr = &transport.Error{Kind: transport.KindConnect, Method: "GET", Path: "/api/fleet/enrollment_api_keys", Reason: "connection refused"}
	h := newHarness(t, Options{}, nil, ece, fl)
	mustContain(t, h.screen(), "3 Fleet ✗")
	if strings.Contains(h.screen(), "3 Fleet 0") {
		t.Fatal("a failed tab is not 0")
	}
	h.keys("2", "e")
	mustContain(t, h.screen(), "no error on the ECE tab")
	h.keys("j", "x")
	h.typeText("ece-2")
	h.keys("enter")
	mustContain(t, h.screen(), "1 token revoked")
	h.keys("3")
	scr := h.screen()
	if strings.Contains(scr, "token revoked") {
		t.Fatalf("ECE's message shows on Fleet:\n%s", scr)
	}
	mustContain(t, scr, "could not list Fleet tokens", "connection refused")
	h.keys("e")
	mustContain(t, h.screen(), "While listing Fleet tokens", "connection refused")
}

func TestCutMessagesKeepEDetails(t *testing.T) {
	h, fl := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	fl.failNext = &transport.Error{Kind: transport.KindHTTP, Method: "DELETE", Path: "/api/fleet/enrollment_api_keys/f1", Status: 500,
		Reason: strings.Repeat("a very long reason ", 10)}
	h.keys("3", "x", "y")
	lines := strings.Split(h.screen(), "\n")
	toastLine := lines[len(lines)-2]
	if !strings.Contains(toastLine, "…") || !strings.HasSuffix(strings.TrimSpace(toastLine), "e: details") {
		t.Fatalf("a cut message ends with e: details: %q", toastLine)
	}
}

func TestLoadingSaysSoNotZero(t *testing.T) {
	_, _, fl := fakeServices()
	m := New(Options{Tabs: testTabs([]backend.Service{nil, nil, fl}), Now: func() time.Time { return now }, After: recordTimer})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	m.Init() // the lists are sent, not answered
	m.active = 2
	scr := stripANSI(m.render())
	mustContain(t, scr, "3 Fleet …", "loading Fleet tokens…")
	if strings.Contains(scr, "0 shown") {
		t.Fatalf("loading shows counts:\n%s", scr)
	}
}

func TestRefreshSaysWhenAndHeaderShowsAge(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3")
	h.clock = h.clock.Add(5 * time.Second)
	h.keys("r")
	mustContain(t, h.screen(), "refreshed at 12:00:05: 3 Fleet tokens", "updated 0s ago")
	h.clock = h.clock.Add(12 * time.Second)
	mustContain(t, h.screen(), "updated 12s ago")
}

func TestRefreshTimer(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{Refresh: 30 * time.Second}, nil, nil, fl)
	timer := h.timer(30 * time.Second)
	lists := fl.lists
	h.timers = nil
	h.send(timer.fn(now))
	if fl.lists != lists+1 {
		t.Fatalf("the timer lists again: %d → %d", lists, fl.lists)
	}
	if len(h.timers) != 1 || h.timers[0].d != 30*time.Second {
		t.Fatal("and starts again")
	}
	h2 := newHarness(t, Options{}, nil, nil, fl)
	for _, tm := range h2.timers {
		if tm.d == 30*time.Second {
			t.Fatal("off by default")
		}
	}
}

func TestReadOnlyKeysSaySo(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{ReadOnly: true}, nil, nil, fl)
	h.keys("3")
	for _, k := range []string{"n", "x", "space", "*"} {
		h.m.toasts = nil
		h.keys(k)
		if !strings.Contains(h.screen(), "read-only") || h.m.overlay != nil || len(h.m.tabs[2].marked) != 0 {
			t.Fatalf("%s in read-only:\n%s", k, h.screen())
		}
	}
}

func TestWrongIDInECEConfirmationSaysSo(t *testing.T) {
	_, ece, _ := fakeServices()
	h := newHarness(t, Options{}, nil, ece)
	h.keys("2", "x")
	h.typeText("ece-2")
	h.keys("enter")
	mustContain(t, h.screen(), "ece-2 is not ece-1: nothing was done")
	if len(ece.revoked) != 0 || !isOverlay[*confirmOverlay](h.m) {
		t.Fatal("nothing revoked, the dialog stays")
	}
	h.keys("backspace")
	if strings.Contains(h.screen(), "is not ece-1") {
		t.Fatal("the complaint goes once the user types")
	}
}

func TestPolicyPickerSaysKibanaUnreachable(t *testing.T) {
	_, _, fl := fakeServices()
	fl.policiesErr = &transport.Error{Kind: transport.KindConnect, Method: "GET", Path: "/api/fleet/agent_policies", Reason: "connection refused"}
	h := newHarness(t, Options{}, nil, nil, fl)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("3", "n")
	scr := h.screen()
	mustContain(t, scr, "Kibana unreachable")
	h.mustFit()
	if strings.Contains(scr, "nothing matches") {
		t.Fatalf("not (nothing matches):\n%s", scr)
	}
}

func TestMarkedTokensHiddenByTheFilterAreRevokedToo(t *testing.T) {
	h, fl := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}) // where the status line was cut
	h.keys("3", "space", "/")
	h.typeText("laptops")
	h.keys("enter")
	mustContain(t, h.screen(), "1 marked, 1 hidden by the filter")
	h.keys("x")
	scr := h.screen()
	mustContain(t, scr, "Revoke 1 Fleet token?", "ci-runners (policy Linux servers)  (hidden by the filter)")
	if strings.Contains(scr, "laptops (policy") {
		t.Fatalf("x acts on the marks, not the cursor row:\n%s", scr)
	}
	h.keys("y")
	if !slices.Equal(fl.revoked, []string{"f1"}) {
		t.Fatalf("revoked %v", fl.revoked)
	}
}

func TestMarkAllShown(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3", "*")
	if len(h.m.tabs[2].marked) != 2 {
		t.Fatalf("marks %v", h.m.tabs[2].marked)
	}
	h.send(tea.KeyPressMsg{Code: 'a', Mod: tea.ModCtrl}) // all marked: unmarks
	if len(h.m.tabs[2].marked) != 0 {
		t.Fatalf("ctrl+a again unmarks: %v", h.m.tabs[2].marked)
	}
	h.keys("?")
	mustContain(t, h.screen(), "mark all shown")
}

func TestFilterKeepsTheCursorOnItsToken(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3", "a", "j") // f2, laptops
	h.keys("/")
	h.typeText("o") // laptops, old and … all but ci-runners? f2 stays
	if tok, _ := h.m.tabs[2].selected(); tok.ID != "f2" {
		t.Fatalf("the cursor left its token: %s", tok.ID)
	}
	h.keys("esc", "a")
	if tok, _ := h.m.tabs[2].selected(); tok.ID != "f2" {
		t.Fatalf("a moved the cursor: %s", tok.ID)
	}
}

func TestPlainHTTPBadge(t *testing.T) {
	es, _, fl := fakeServices()
	tabs := testTabs([]backend.Service{es, nil, fl})
	tabs[2].PlainHTTP = true
	h := newHarness(t, Options{Tabs: tabs})
	if strings.Contains(h.screen(), "PLAIN HTTP") {
		t.Fatal("Elasticsearch goes over https")
	}
	h.keys("3")
	mustContain(t, strings.Split(h.screen(), "\n")[0], "PLAIN HTTP")
}

func TestFailedRefreshKeepsTheListAndSaysSo(t *testing.T) {
	h, fl := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	fl.listErr = &transport.Error{Kind: transport.KindConnect, Method: "GET", Path: "/api/fleet/enrollment_api_keys", Reason: "connection refused"}
	h.keys("3", "r")
	scr := h.screen()
	mustContain(t, scr, "3 Fleet 2 ✗", "the last refresh failed · e: details", "ci-runners")
}

// The same through a real program and a slow simulated server: a quit
// signal while the create is on its way waits, and the answer's secret
// is shown.
func TestE2EQuitSignalWaitsForASlowCreate(t *testing.T) {
	s, clock := simtest.NewStack(t, 24, 0)
	spec, err := sim.ParseFaultSpec("es PUT /_security/api_key commit-latency:1s")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ApplyFaults([]sim.FaultSpec{spec}); err != nil {
		t.Fatal(err)
	}
	e := startE2E(t, s, clock)
	e.wait("1 Elasticsearch 3")
	e.key("n")
	e.wait("New Elasticsearch enrollment token")
	e.key("enter")
	e.wait("creating the Elasticsearch token…")
	e.tm.Send(QuitSignal{}) // what SIGTERM sends
	e.wait("waiting for 1 request… then quitting")
	e.wait("New Elasticsearch token", "not quitting: here is the new token")
	e.key("s")
	e.wait("Keep it safe")
	if final := e.quit(); len(final.Abandoned()) != 0 {
		t.Fatalf("nothing abandoned: %q", final.Abandoned())
	}
}
