package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

func TestRotateCreatesShowsThenAsksBeforeRevoking(t *testing.T) {
	h, fl := fleetHarness(t)
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
	h, fl := fleetHarness(t)
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

// expiringFake is a Fleet service with a profile default_expiration.
type expiringFake struct {
	deleterFake
	def string
}

func (f expiringFake) DefaultExpiration() string { return f.def }

func TestFleetFormNeedsAnExplicitLifetime(t *testing.T) {
	for _, def := range []string{"", "30d"} {
		_, _, fl := fakeServices()
		tabs := testTabs([]backend.Service{nil, nil, fl})
		tabs[2].Service = expiringFake{deleterFake{fl}, def}
		h := newHarness(t, Options{Tabs: tabs})
		h.keys("3", "n")
		h.typeText("q")
		h.keys("tab")
		h.typeText("linux")
		h.keys("enter")
		if def == "" {
			if len(fl.created) != 0 || !strings.Contains(h.screen(), "type never") {
				t.Fatalf("no default: a never-expiring create went through:\n%s", h.screen())
			}
			h.keys("tab")
			h.typeText("never")
			h.keys("enter")
		}
		if len(fl.created) != 1 || fl.created[0].Expiration != def {
			t.Fatalf("default %q: created %+v", def, fl.created)
		}
	}
}

func TestCollectorsShowInTheDetailAndTheConfirmations(t *testing.T) {
	_, _, fl := fakeServices()
	two := 2
	fl.collectors = &two
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	if scr := strings.Join(strings.Fields(h.screen()), " "); !strings.Contains(scr, "OpAMP 2 OpenTelemetry Collectors on the") {
		t.Fatalf("detail:\n%s", h.screen())
	}
	for _, k := range []string{"x", "D", "R"} {
		h.keys(k)
		if !isOverlay[*confirmOverlay](h.m) || !strings.Contains(strings.Join(strings.Fields(h.screen()), " "), "2 OpenTelemetry Collectors on policy") {
			t.Fatalf("%s confirmation lacks the collectors:\n%s", k, h.screen())
		}
		h.keys("esc")
	}
}

// Leaving a rotate's result panel without ever seeing the new ECE secret
// keeps the old token: no revoke question follows, since the new token
// is lost (ECE never shows its secret again).
func TestRotateLeftUnseenKeepsTheOldToken(t *testing.T) {
	es, ec, fl := fakeServices()
	h := newHarness(t, Options{}, es, ec, fl)
	h.keys("2", "R", "y")
	if !isOverlay[*result](h.m) {
		t.Fatalf("the new token is shown like a create:\n%s", h.screen())
	}
	h.keys("esc")
	if !strings.Contains(h.screen(), "Leave without the new token?") {
		t.Fatalf("leave question:\n%s", h.screen())
	}
	h.keys("y")
	if strings.Contains(h.screen(), "Revoke the old") || h.m.overlay != nil || len(ec.revoked) != 0 ||
		!strings.Contains(h.screen(), "the old token is still active") {
		t.Fatalf("after leaving unseen: revoked %v\n%s", ec.revoked, h.screen())
	}
}
