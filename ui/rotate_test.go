package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestRotateCreatesShowsThenAsksBeforeRevoking(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "R")
	if !isOverlay[*confirmOverlay](h.m) || !strings.Contains(h.screen(), "Rotate this Fleet token?") ||
		!strings.Contains(h.screen(), "ci-runners (replaces f1)") || !strings.Contains(h.screen(), "never expires") {
		t.Fatalf("rotate confirmation:\n%s", h.screen())
	}
	h.keys("y")
	if len(fl.created) != 1 || fl.created[0].PolicyID != "p1" || fl.created[0].Name != "ci-runners (replaces f1)" || len(fl.revoked) != 0 {
		t.Fatalf("created %+v, revoked %v", fl.created, fl.revoked)
	}
	if !isOverlay[*result](h.m) {
		t.Fatalf("the new token is shown like a create:\n%s", h.screen())
	}
	h.keys("esc") // the panel closes: the revoke is asked, default No
	if !isOverlay[*confirmOverlay](h.m) || !strings.Contains(h.screen(), "Revoke the old Fleet token now?") {
		t.Fatalf("revoke question:\n%s", h.screen())
	}
	h.keys("y")
	if !slices.Equal(fl.revoked, []string{"f1"}) {
		t.Fatalf("revoked %v", fl.revoked)
	}
}

func TestRotateKeepsTheOldTokenWhenAskedOrWhenTheCreateFails(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "R", "y", "esc", "n")
	if len(fl.created) != 1 || len(fl.revoked) != 0 || !strings.Contains(h.screen(), "still active") {
		t.Fatalf("kept: created %d revoked %v\n%s", len(fl.created), fl.revoked, h.screen())
	}
	fl.failNext = errors.New("409 name taken")
	h.keys("R", "y")
	if len(fl.revoked) != 0 || isOverlay[*confirmOverlay](h.m) || !strings.Contains(h.screen(), "rotate stopped") {
		t.Fatalf("failed create: revoked %v\n%s", fl.revoked, h.screen())
	}
	// A revoked token cannot be rotated.
	h.keys("a", "G", "R")
	if isOverlay[*confirmOverlay](h.m) {
		t.Fatal("a revoked token was offered a rotate")
	}
}

func TestRotateKeyIsOffInReadOnlyMode(t *testing.T) {
	_, _, fl := fakeServices()
	ro := newHarness(t, Options{ReadOnly: true}, nil, nil, fl)
	ro.keys("3", "R")
	if ro.m.overlay != nil || len(fl.created) != 0 {
		t.Fatal("read-only mode rotated")
	}
}
