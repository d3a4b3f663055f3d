package ui

import "testing"

// r while a list is in flight does not start a second one: the answer on
// its way is the refresh asked for, and is announced.
func TestRefreshWhileListingStartsNoSecondList(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3")
	lists := fl.lists
	first := h.press("r") // in flight until run
	if first == nil {
		t.Fatal("r lists")
	}
	for range 3 {
		if cmd := h.press("r"); cmd != nil {
			h.run(cmd)
		}
	}
	h.run(first)
	if fl.lists != lists+1 {
		t.Fatalf("%d lists for r pressed 4 times during one list, want 1", fl.lists-lists)
	}
	mustContain(t, h.screen(), "refreshed at")
}
