package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/transport"
)

// sizes are the terminal sizes people use: a wide screen, a laptop, a
// bastion's 80×24 and the 60×16 minimum.
var sizes = []struct{ w, h int }{{200, 55}, {120, 35}, {80, 24}, {60, 16}}

// fits fails unless the screen is exactly h lines of at most w cells.
func fits(t *testing.T, scr string, w, h int, what string) {
	t.Helper()
	lines := strings.Split(scr, "\n")
	if len(lines) != h {
		t.Fatalf("%s at %d×%d: %d lines:\n%s", what, w, h, len(lines), scr)
	}
	for _, l := range lines {
		if n := len([]rune(l)); n > w {
			t.Fatalf("%s at %d×%d: a line is %d wide: %q", what, w, h, n, l)
		}
	}
}

// lineOf reports whether s stands on a line of its own (spaces aside):
// selected by hand, it picks up no border and no other text.
func lineOf(scr, s string) bool {
	for _, l := range strings.Split(scr, "\n") {
		if strings.TrimSpace(l) == s {
			return true
		}
	}
	return false
}

// uuidTokens gives the fake services long ids, as real servers have.
func uuidTokens(es, ece, fl *fakeService) {
	ece.tokens[0].ID = "3f7c3ad2-8c1e-4f8e-9a55-2b1d6a0e7c11"
	ece.tokens[1].ID = "a1d0c2e4-5b6f-4a7b-8c9d-0e1f2a3b4c5d"
	ece.tokens[1].Roles = []string{"allocator", "coordinator", "director", "proxy"}
	for i := range fl.tokens {
		id := "5069cb34-d68a-4256-81ea-110f2c2bdae" + string(rune('0'+i))
		if s, ok := fl.secrets[fl.tokens[i].ID]; ok {
			fl.secrets[id] = s
		}
		fl.tokens[i].ID = id
	}
}

// Every screen fits every supported size, with its key line last.
func TestEveryScreenFitsEverySize(t *testing.T) {
	for _, size := range sizes {
		es, ece, fl := fakeServices()
		uuidTokens(es, ece, fl)
		h := newHarness(t, Options{Demo: true, Presenter: false, Profiles: []string{"a", "b"},
			SwitchProfile: func(string) (ProfileServices, error) { return ProfileServices{}, nil }}, es, ece, fl)
		h.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		check := func(what string, want ...string) {
			t.Helper()
			scr := h.screen()
			fits(t, scr, size.w, size.h, what)
			for _, s := range want {
				if !strings.Contains(scr, s) {
					t.Fatalf("%s at %d×%d does not show %q:\n%s", what, size.w, size.h, s, scr)
				}
			}
		}
		check("Elasticsearch", "q quit")
		h.keys("2")
		check("ECE", "STATUS", "● active")
		h.keys("n")
		check("ECE form", "enter create", "esc cancel", "╰")
		h.keys("esc", "3", "n")
		check("Fleet form", "enter create", "esc cancel", "╰")
		h.keys("tab")
		check("Fleet form, policy", "enter create", "╰")
		h.keys("esc", "x")
		check("confirm", "Revoke (y)", "esc cancels", "╰")
		h.keys("esc", "?")
		check("help", "╰")
		h.keys("esc", "enter")
		check("detail", "esc back")
		h.keys("esc", "n", "enter")
		check("result", "s show", "c copy", "y copy command", "enter done", "╰")
		h.keys("esc")
	}
}

// At 80×24 (and 60×16) s on a Fleet token shows the secret, on a line
// of its own; esc goes back to the table.
func TestSecretShowsAtSmallSizes(t *testing.T) {
	for _, size := range sizes {
		_, _, fl := fakeServices()
		h := newHarness(t, Options{}, nil, nil, fl)
		h.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		h.keys("3", "s")
		scr := h.screen()
		fits(t, scr, size.w, size.h, "shown secret")
		if !strings.Contains(scr, "RkxFRVQtU0VDUkVULTE=") {
			t.Fatalf("s shows the secret at %d×%d:\n%s", size.w, size.h, scr)
		}
		if !h.m.layoutNow().paneShown() && !lineOf(scr, "RkxFRVQtU0VDUkVULTE=") {
			t.Fatalf("full screen, the secret stands alone on its line at %d×%d:\n%s", size.w, size.h, scr)
		}
		if h.m.full {
			h.keys("esc")
			if h.m.full || !strings.Contains(h.screen(), "NAME") {
				t.Fatal("esc goes back to the table")
			}
		}
	}
}

// enter shows the token full screen, unboxed: the secret and the enroll
// command stand on lines of their own; j/k scroll when it does not fit.
func TestFullScreenDetail(t *testing.T) {
	h, _ := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 200, Height: 55})
	h.keys("3", "enter", "s")
	scr := h.screen()
	const cmd = "sudo ./elastic-agent install --url=https://fleet.example:8220 --enrollment-token=RkxFRVQtU0VDUkVULTE="
	if !h.m.full || !lineOf(scr, "RkxFRVQtU0VDUkVULTE=") || !lineOf(scr, cmd) {
		t.Fatalf("full screen shows the secret and the command on lines of their own:\n%s", scr)
	}
	if body := strings.Split(scr, "\n")[3:]; strings.Contains(strings.Join(body, "\n"), "│") {
		t.Fatalf("full screen draws no box:\n%s", scr)
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 16})
	scr = h.screen()
	if !strings.Contains(scr, "j/k pgup/pgdn scroll") || strings.Contains(scr, "--enrollment-token") {
		t.Fatalf("at 60×16 the detail scrolls, the command below:\n%s", scr)
	}
	h.keys("G")
	// Wrapped for a shell: the token's line ends the command.
	if scr = h.screen(); !lineOf(scr, "--enrollment-token=RkxFRVQtU0VDUkVULTE=") || !lineOf(scr, "--url=https://fleet.example:8220 \\") {
		t.Fatalf("G scrolls to the command:\n%s", scr)
	}
	h.keys("k", "g")
	if h.m.fullTop != 0 || !strings.Contains(h.screen(), "ci-runners") {
		t.Fatal("g goes back to the top")
	}
	h.keys("esc")
	if h.m.full {
		t.Fatal("esc leaves the full-screen detail")
	}
}

// A long command wraps with shell continuations, so pasting the lines
// selected by hand runs one command.
func TestWrapShellKeepsOneCommand(t *testing.T) {
	got := wrapShell("sudo ./elastic-agent install --url=https://fleet.example:8220 --enrollment-token=QUJDREVGR0g=", 40, "\\")
	for _, l := range strings.Split(got, "\n") {
		if len([]rune(l)) > 40 {
			t.Fatalf("%q is wider than 40", l)
		}
	}
	if strings.ReplaceAll(got, "\\\n", "") != "sudo ./elastic-agent install --url=https://fleet.example:8220 --enrollment-token=QUJDREVGR0g=" {
		t.Fatalf("%q", got)
	}
	long := "install --enrollment-token=" + strings.Repeat("A", 39) // its last word is two lines exactly
	got = wrapShell(long, 30, "\\")
	if strings.HasSuffix(got, "\\") || strings.HasSuffix(got, "\n") {
		t.Fatalf("the last line continues nothing: %q", got)
	}
	for _, l := range strings.Split(got, "\n") {
		if len([]rune(l)) > 30 {
			t.Fatalf("%q is wider than 30", l)
		}
	}
	if strings.ReplaceAll(got, "\\\n", "") != long { // what a shell reads
		t.Fatalf("%q", got)
	}
}

// The pane's width follows the content: at 120×35 the ECE table keeps its
// status column; at 200×55 the Fleet table does not leave its name
// column a hundred columns wide, and ids are never broken.
func TestSplitFollowsContent(t *testing.T) {
	es, ece, fl := fakeServices()
	uuidTokens(es, ece, fl)
	h := newHarness(t, Options{}, es, ece, fl)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 35})
	h.keys("2")
	scr := h.screen()
	if !strings.Contains(scr, "STATUS") || !strings.Contains(scr, "● active") || strings.Contains(scr, "ST…") {
		t.Fatalf("at 120×35 the ECE status column is whole:\n%s", scr)
	}
	if !strings.Contains(scr, "3f7c3ad2-8c1e-4f8e-9a55-2b1d6a0e7c11 ") && !lineOf(strings.ReplaceAll(scr, "│", ""), "3f7c3ad2-8c1e-4f8e-9a55-2b1d6a0e7c11") {
		t.Fatalf("the id is never broken:\n%s", scr)
	}
	h.send(tea.WindowSizeMsg{Width: 200, Height: 55})
	h.keys("3")
	l := h.m.layoutNow()
	if !l.beside || l.paneW <= 48 || l.tableW > 120 {
		t.Fatalf("at 200×55 the pane takes its share: %+v", l)
	}
	if scr := h.screen(); !strings.Contains(scr, "ID        5069cb34-d68a-4256-81ea-110f2c2bdae0") {
		t.Fatalf("the id is on one line:\n%s", scr)
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if l := h.m.layoutNow(); l.paneShown() {
		t.Fatalf("at 80×24 the pane collapses: %+v", l)
	}
	if !strings.Contains(h.m.footer(), "enter") {
		t.Fatal("the footer offers enter, which shows the detail")
	}
}

// A form keeps one width while its hints change with the focus.
func TestFormKeepsItsWidth(t *testing.T) {
	_, ece, fl := fakeServices()
	h := newHarness(t, Options{}, nil, ece, fl)
	for _, size := range sizes {
		h.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		for _, tab := range []string{"2", "3"} {
			h.keys(tab, "n")
			width := 0
			for i := 0; i < 4; i++ {
				box := stripANSI(h.m.overlay.view(h.m.screen()))
				w := len([]rune(strings.Split(box, "\n")[0]))
				if width != 0 && w != width {
					t.Fatalf("tab %s at %d×%d: the form is %d wide, then %d", tab, size.w, size.h, width, w)
				}
				width = w
				if w > size.w {
					t.Fatalf("the form is %d wide at %d", w, size.w)
				}
				h.keys("tab")
			}
			h.keys("esc")
		}
	}
}

// At 60×16 the help shows every key, scrolling; any other key closes it.
func TestHelpShowsEveryKeyAtTheMinimum(t *testing.T) {
	es, _, _ := fakeServices()
	h := newHarness(t, Options{Profiles: []string{"a", "b"}, SwitchProfile: func(string) (ProfileServices, error) { return ProfileServices{}, nil }}, es)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 16})
	h.keys("?")
	first := h.screen()
	for _, want := range []string{"x revoke", "D delete", "X purge"} { // the keys that change things come first
		if !strings.Contains(strings.Join(strings.Fields(first), " "), want) {
			t.Fatalf("the help's first screen at 60×16 lacks %q:\n%s", want, first)
		}
	}
	seen := ""
	for i := 0; i < 40; i++ {
		seen += h.screen()
		h.keys("j")
	}
	if !isOverlay[*helpOverlay](h.m) {
		t.Fatal("j scrolls the help, it does not close it")
	}
	for _, a := range h.m.actions() {
		if kb := a.binding; !strings.Contains(seen, kb.Help().Desc) {
			t.Fatalf("the help never shows %q (%s)", kb.Help().Key, kb.Help().Desc)
		}
	}
	h.keys("z")
	if h.m.overlay != nil {
		t.Fatal("another key closes the help")
	}
}

// At 80 columns the footer keeps x and / before rarer keys, and offers p
// when there are profiles to switch to.
func TestFooterAt80(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{Profiles: []string{"a", "b"}, SwitchProfile: func(string) (ProfileServices, error) { return ProfileServices{}, nil }}, nil, nil, fl)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("3")
	f := stripANSI(h.m.footer())
	for _, want := range []string{"x revoke", "/ filter", "p profile", "? help", "q quit"} {
		if !strings.Contains(f, want) {
			t.Fatalf("the footer at 80 columns offers %q:\n%s", want, f)
		}
	}
	h = newHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	if strings.Contains(stripANSI(h.m.footer()), "p profile") {
		t.Fatal("p shows only when there are profiles")
	}
}

// Hints never promise what the state refuses: no y for a revoked token,
// no (s shows it) in presenter mode.
func TestHintsFollowTheState(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{Presenter: true}, nil, nil, fl)
	h.keys("3", "n", "enter")
	if !isOverlay[*result](h.m) {
		t.Fatalf("created:\n%s", h.screen())
	}
	if scr := h.screen(); strings.Contains(scr, "s shows") || strings.Contains(scr, "s show ") || !strings.Contains(scr, "presenter mode") {
		t.Fatalf("presenter mode does not offer s:\n%s", scr)
	}
	h.keys("enter", "a", "G") // the revoked token
	scr := h.screen()
	if tok, _ := h.m.current().selected(); tok.Status != backend.Revoked {
		t.Fatalf("selected %+v", tok)
	}
	if strings.Contains(scr, "y copies") || strings.Contains(stripANSI(h.m.footer()), "y copy") {
		t.Fatalf("a revoked token offers no enroll command:\n%s", scr)
	}
	h.keys("y")
	if !strings.Contains(h.screen(), "is revoked: it enrolls nothing any more") {
		t.Fatalf("y says why:\n%s", h.screen())
	}
}

// Presenter mode: on at once; off only once confirmed; with --presenter,
// on for the whole run. The badge shows it.
func TestPresenterModeIsHardToLeave(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "P")
	if !h.m.presenter || !strings.Contains(h.screen(), "PRESENTER") {
		t.Fatal("P turns presenter mode on, with a badge")
	}
	h.keys("P")
	if !h.m.presenter || !isOverlay[*confirmOverlay](h.m) {
		t.Fatal("P asks before turning presenter mode off")
	}
	h.keys("enter") // the default is No
	if !h.m.presenter {
		t.Fatal("enter keeps presenter mode on")
	}
	h.keys("P", "y")
	if h.m.presenter || strings.Contains(h.screen(), "PRESENTER") {
		t.Fatal("y turns it off")
	}

	h = newHarness(t, Options{Presenter: true}, nil, nil, fl)
	h.keys("3", "P")
	if !h.m.presenter || h.m.overlay != nil || !strings.Contains(h.screen(), "--presenter") {
		t.Fatalf("started with --presenter, it stays on and says why:\n%s", h.screen())
	}
	h.keys("s")
	if strings.Contains(h.screen(), "RkxFRVQtU0VDUkVULTE=") {
		t.Fatal("no secret in presenter mode")
	}
	if f := stripANSI(h.m.footer()); strings.Contains(f, "s show") || !strings.Contains(f, "c copy") {
		t.Fatalf("presenter mode offers c, not s:\n%s", f)
	}
}

// In the full-screen detail the wheel scrolls it, a click on the body
// selects nothing, and a click on a tab leaves it.
func TestMouseInFullScreenDetail(t *testing.T) {
	h, _ := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 16})
	h.keys("3", "enter")
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if h.m.fullTop != 3 {
		t.Fatalf("the wheel scrolls: top %d", h.m.fullTop)
	}
	h.send(tea.MouseClickMsg{X: 5, Y: 5, Button: tea.MouseLeft})
	if tok, _ := h.m.current().selected(); tok.ID != "f1" || !h.m.full {
		t.Fatalf("a click on the detail selects nothing: %s", tok.ID)
	}
	spans := h.m.tabSpans()
	h.send(tea.MouseClickMsg{X: spans[0][0] + 1, Y: 1, Button: tea.MouseLeft})
	if h.m.full || h.m.active != 0 {
		t.Fatal("a click on a tab leaves the detail")
	}
}

// The overlays the create errors and the enroll runs open fit every
// size too: a form with the create's error above its keys, a picker
// whose options failed to load, an enroll panel with many steps.
func TestErrorFormsAndEnrollPanelFitEverySize(t *testing.T) {
	for _, size := range append(sizes, struct{ w, h int }{100, 30}) {
		_, _, fl := fakeServices()
		fl.policiesErr = &transport.Error{Kind: transport.KindConnect, Method: "GET", Path: "/api/fleet/agent_policies", Reason: "connection refused"}
		h := newHarness(t, Options{}, nil, nil, fl)
		h.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		h.keys("3", "n")
		scr := h.screen()
		fits(t, scr, size.w, size.h, "picker that failed")
		mustContain(t, scr, "Kibana unreachable", "esc cancel")

		_, _, fl = fakeServices()
		fl.failNext = errors.New("the policy is managed: " + strings.Repeat("reason ", 30))
		h = newHarness(t, Options{}, nil, nil, fl)
		h.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		h.keys("3", "n", "enter")
		scr = h.screen()
		fits(t, scr, size.w, size.h, "form after a failed create")
		mustContain(t, scr, "✗ the policy is managed", "enter create", "╰")

		h.m.enr.seq++
		run := h.m.enr.seq
		h.m.overlay = &enrollPanel{run: run, title: "Enroll with a token"}
		for i := range 30 {
			h.send(panelStepMsg{run: run, step: enroll.Step{Title: fmt.Sprintf("step %d", i), Detail: "done", Done: true}})
		}
		h.m.inflight++
		h.send(panelDoneMsg{run: run, summary: "enrolled"})
		scr = h.screen()
		fits(t, scr, size.w, size.h, "enroll panel")
		mustContain(t, scr, "step 29", "✓ enrolled", "╰")
	}
}

// The footer's s follows the state: "hide" while the secret is shown,
// as the detail says.
func TestFooterSecretKeyFollowsTheState(t *testing.T) {
	h, _ := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("3", "enter")
	if f := stripANSI(h.m.footer()); !strings.Contains(f, "s show") {
		t.Fatalf("hidden: s shows it:\n%q", f)
	}
	h.keys("s")
	mustContain(t, h.screen(), "s hides")
	if f := stripANSI(h.m.footer()); !strings.Contains(f, "s hide") || strings.Contains(f, "s show") {
		t.Fatalf("shown: s hides it:\n%q", f)
	}
}
