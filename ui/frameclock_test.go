package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
)

// A cursor move between two ticks rewrites only the two rows whose
// highlight changed: the ages of the other rows (and the header's
// "updated … ago") move on the tick, all at once, not on every key.
func TestCursorMoveRewritesOnlyItsRows(t *testing.T) {
	fl := &fakeService{sys: backend.Fleet, secrets: map[string]string{}}
	for i := range 8 {
		fl.tokens = append(fl.tokens, backend.Token{System: backend.Fleet, ID: fmt.Sprintf("id-%d", i), Name: fmt.Sprintf("bulk-%d", i),
			PolicyID: "p", PolicyName: "Linux servers", Status: backend.Active, Created: now.Add(-time.Duration(i) * time.Second)})
	}
	h := newHarness(t, Options{}, nil, nil, fl)
	h.send(keyMsg("3"))
	h.clock = now.Add(600 * time.Millisecond)
	h.send(tickMsg(h.clock))
	before := strings.Split(ansi.Strip(h.m.render()), "\n")
	h.clock = now.Add(1400 * time.Millisecond) // every age is a second older
	h.send(keyMsg("j"))
	after := strings.Split(ansi.Strip(h.m.render()), "\n")
	if len(before) != len(after) {
		t.Fatalf("%d lines, then %d", len(before), len(after))
	}
	tableW := h.m.layoutNow().tableW
	var changed []int
	for i := range before {
		if ansi.Cut(before[i], 0, tableW) != ansi.Cut(after[i], 0, tableW) {
			changed = append(changed, i)
		}
	}
	// Lines 0–2 are the header, the tabs and the status line; 3 the
	// table's heading; 4 and 5 the first two rows.
	if want := []int{4, 5}; !slices.Equal(changed, want) {
		t.Errorf("lines %v changed, want only %v:\nbefore:\n%s\nafter:\n%s", changed, want, strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
	// The next tick brings every age up to date.
	h.send(tickMsg(h.clock))
	if got := ansi.Strip(h.m.render()); !strings.Contains(got, "bulk-7") || !strings.Contains(got, "8s ago") {
		t.Errorf("after the tick the ages are not up to date:\n%s", got)
	}
}
