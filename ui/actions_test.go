package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enroll"
)

// The palette lists the current view's actions with their keys, the
// disabled ones with why, and enter runs the choice.
func TestPaletteListsActionsAndRunsTheChoice(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "ctrl+k")
	if !isOverlay[*palette](h.m) {
		t.Fatal("ctrl+k opens the palette")
	}
	h.mustShow("Actions", "x revoke", "D delete (Fleet)")
	h.typeText("rvk") // fuzzy: r…v…k
	h.mustShow("x revoke")
	h.keys("enter")
	if !isOverlay[*confirmOverlay](h.m) {
		t.Fatalf("enter runs the action (the revoke dialog):\n%s", h.screen())
	}
	h.keys("esc", "a", "G", ":") // the revoked token; : opens it too
	if !isOverlay[*palette](h.m) {
		t.Fatal(": opens the palette")
	}
	h.typeText("revoke")
	h.mustShow("x revoke — old (policy Linux servers) is revoked already")
	h.keys("enter")
	if h.m.overlay != nil || !strings.Contains(h.screen(), "is revoked already") || len(fl.revoked) != 0 {
		t.Fatalf("a disabled action says why instead of running:\n%s", h.screen())
	}
}

// Read-only mode strips the changing actions from the footer, the help
// and the palette in one place, and refuses their keys.
func TestReadOnlyStripsChangingActionsEverywhere(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{ReadOnly: true}, nil, nil, fl)
	h.keys("3")
	if f := stripANSI(h.m.footer()); strings.Contains(f, "n new") || strings.Contains(f, "x revoke") {
		t.Fatalf("footer offers a change in read-only mode: %q", f)
	}
	h.keys("?")
	if help := strings.Join(strings.Fields(h.screen()), " "); strings.Contains(help, "x revoke") || strings.Contains(help, "n new") {
		t.Fatalf("help offers a change:\n%s", h.screen())
	}
	h.keys("esc", "ctrl+k")
	if scr := strings.Join(strings.Fields(h.screen()), " "); strings.Contains(scr, "x revoke") || strings.Contains(scr, "n new") {
		t.Fatalf("palette offers a change:\n%s", h.screen())
	}
	h.keys("esc", "x")
	if h.m.overlay != nil || !strings.Contains(h.screen(), "read-only") {
		t.Fatalf("x is refused, saying why:\n%s", h.screen())
	}
}

// A token whose expiry passes flips to expired on the clock tick, with no
// request: the row, the count, the detail and the keys, and c, y and E
// refuse it.
func TestExpiryFlipsStatusOnTheTick(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens[0].Expires = now.Add(30 * time.Second)
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	lists := fl.lists
	h.mustShow("● active", "2 active of 3")
	if f := stripANSI(h.m.footer()); !strings.Contains(f, "c copy") {
		t.Fatalf("an active token can be copied: %q", f)
	}
	h.clock = now.Add(31 * time.Second)
	h.send(tickMsg(h.clock))
	if fl.lists != lists {
		t.Fatal("the flip needs no request")
	}
	h.mustShow("◌ expired", "1 active of 3", "Status expired")
	if f := stripANSI(h.m.footer()); strings.Contains(f, "c copy") || strings.Contains(f, "y copy") {
		t.Fatalf("an expired token is not offered a copy: %q", f)
	}
	if tok, _ := h.m.current().selected(); tok.ID != "f1" {
		t.Fatalf("the cursor stays on the expired token, not %s", tok.ID)
	}
	for _, k := range []string{"c", "y"} {
		h.keys(k)
		if len(h.raw) != 0 {
			t.Fatalf("%s copied an expired token", k)
		}
		h.mustShow("ci-runners (policy Linux servers) expired 1s ago: it enrolls nothing any more")
		h.m.toasts = nil
	}
}

// Kibana 9.5 leaves hidden tokens out (not hidden:true); a does not show
// them, H does, and the counts never include them.
func TestHiddenTokensHaveTheirOwnToggle(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens = append(fl.tokens, backend.Token{System: backend.Fleet, ID: "h1", Name: "Default", PolicyID: "opamp",
		PolicyName: "OpAMP", Status: backend.Active, Hidden: true, Created: now})
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "a")
	h.mustShow("3 shown of 3: 2 active · 1 revoked", "1 hidden (H shows them)")
	if strings.Contains(h.screen(), "Default") {
		t.Fatalf("a shows every status, not the hidden tokens:\n%s", h.screen())
	}
	h.keys("H")
	h.mustShow("Default", "1 hidden token shown")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 36})
	if active, all := h.m.current().counts(); active != 2 || all != 3 {
		t.Fatalf("counts leave hidden tokens out: %d of %d", active, all)
	}
}

// A failed revoke says its verdict first, with the token's name as the
// table shows it.
func TestFailedRevokeSaysVerdictFirst(t *testing.T) {
	_, _, fl := fakeServices()
	fl.failNext = errors.New("the proxy answered an HTML page")
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "x", "y")
	tt, _ := h.m.lastToast()
	if !strings.HasPrefix(tt.text, "✗ ci-runners NOT revoked: the proxy answered an HTML page") || tt.kind != toastErr {
		t.Fatalf("toast %q", tt.text)
	}
	h.keys("x", "y")
	if tt, _ := h.m.lastToast(); !strings.HasPrefix(tt.text, "✓ 1 token revoked: ci-runners (Fleet Server may accept it for about a minute more") {
		t.Fatalf("toast %q", tt.text)
	}
}

// In --demo, no message sends the user to the CLI, which cannot reach
// this run's simulators.
func TestDemoSendsNoOneToTheCLI(t *testing.T) {
	_, _, fl := fakeServices()
	fl.failNext = &backend.OutcomeUnknownError{Op: "revoke", ID: "f1", Check: "run `tokentui fleet list --all` and look at the token's status", Err: errors.New("reset")}
	h := newHarness(t, Options{Demo: true}, nil, nil, fl)
	h.keys("3", "x", "y")
	if tt, _ := h.m.lastToast(); strings.Contains(tt.text, "tokentui fleet") || !strings.Contains(tt.text, "press r here") {
		t.Fatalf("toast %q", tt.text)
	}
	h.keys("e")
	if scr := h.screen(); strings.Contains(scr, "tokentui fleet") {
		t.Fatalf("the error panel sends the user to the CLI:\n%s", scr)
	}
}

// The selected row is drawn reversed across the table's width (a
// one-cell mark is invisible on a projector), its cells plain inside.
func TestSelectedRowIsHighlightedAcrossTheTable(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3", "j")
	tb := h.m.current()
	for _, line := range strings.Split(h.m.tableView(tb), "\n") {
		if !strings.Contains(line, "laptops") {
			continue
		}
		sel := h.m.theme.Selected.Render("x")
		open := sel[:strings.Index(sel, "x")]
		if !strings.HasPrefix(line, open) || strings.Count(line, "\x1b[") != 2 || ansi.StringWidth(line) != tb.tbl.Width() {
			t.Fatalf("the selected row is not one reversed span %d wide: %q", tb.tbl.Width(), line)
		}
		return
	}
	t.Fatal("no selected row")
}

// ECE ids are whole where the screen has room: the other columns give
// up room first, and beside the table the pane does, down to its least.
func TestECEIdsAreNotCutAt80And120(t *testing.T) {
	_, ece, _ := fakeServices()
	ece.tokens[0].ID, ece.tokens[1].ID = "ecffb628-c221-42a2-b99d-25803538c1a5", "1546d138-0c64-452d-b5d4-0d05cd7dc325"
	ece.tokens[1].Roles = []string{"coordinator", "director", "proxy"}
	h := newHarness(t, Options{}, nil, ece)
	for _, size := range [][2]int{{80, 24}, {120, 35}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		h.keys("2")
		for _, line := range strings.Split(stripANSI(h.m.tableView(h.m.current())), "\n")[1:3] {
			if !strings.Contains(line, "ecffb628-c221-42a2-b99d-25803538c1a5") && !strings.Contains(line, "1546d138-0c64-452d-b5d4-0d05cd7dc325") {
				t.Fatalf("%dx%d: an id is cut: %q", size[0], size[1], line)
			}
		}
	}
}

// The E panel scrolls back over steps the screen cannot hold.
func TestEnrollPanelScrolls(t *testing.T) {
	h, _ := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	p := &enrollPanel{title: "Enroll", done: true, summary: "joined"}
	for i := 1; i <= 30; i++ {
		p.steps = append(p.steps, enroll.Step{Title: fmt.Sprintf("step %02d", i), Detail: "ok", Done: true})
	}
	h.m.overlay = p
	h.mustShow("step 30", "of 30")
	if strings.Contains(h.screen(), "step 01") {
		t.Fatal("the oldest steps give way at first")
	}
	h.keys("pgup", "pgup", "pgup")
	h.mustShow("step 01", "lines 1–")
	if strings.Contains(h.screen(), "step 30") {
		t.Fatal("scrolled back, the newest are out of view")
	}
	h.keys("G") // any other key leaves the panel as it is
	if h.m.overlay != p {
		t.Fatal("the panel stays")
	}
}

// A tab that is not configured, still loading or whose list failed
// offers no key for what it cannot do.
func TestNoHintsForWhatATabCannotDo(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{}, nil, nil, fl) // Elasticsearch and ECE are not configured
	for _, k := range []string{"1", "2"} {
		h.keys(k)
		f := stripANSI(h.m.footer())
		for _, no := range []string{"n new", "/ filter", "x revoke", "enter detail"} {
			if strings.Contains(f, no) {
				t.Fatalf("tab %s offers %q: %q", k, no, f)
			}
		}
		if !strings.Contains(f, "? help") {
			t.Fatalf("help stays: %q", f)
		}
	}
	fl.listErr = errors.New("boom")
	h.keys("3", "r")
	h.m.tabs[2].loaded = false // as a first list that failed
	if f := stripANSI(h.m.footer()); strings.Contains(f, "x revoke") || strings.Contains(f, "/ filter") || !strings.Contains(f, "n new") {
		t.Fatalf("a tab whose list failed offers no action on tokens, but n still creates: %q", f)
	}
}

// A token that expires before any filter was typed (the filter text is
// built lazily) flips without a crash, and a later filter finds it by its
// new status.
func TestExpiryBeforeAnyFilter(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens[0].Expires = now.Add(time.Second)
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	h.clock = now.Add(2 * time.Second)
	h.send(tickMsg(h.clock))
	h.keys("/")
	h.typeText("expired")
	h.keys("enter")
	if tb := h.m.current(); len(tb.view) != 1 || tb.all[tb.view[0]].ID != "f1" {
		t.Fatalf("the filter finds the expired token: %v", tb.view)
	}
}
