package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/enrollcmd"
)

// The create result panel's secret hides again after the secret timeout,
// with a countdown, as in the detail pane.
func TestResultPanelSecretHides(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{SecretTTL: 20 * time.Second}, nil, nil, fl)
	h.keys("3", "n", "enter")
	if !isOverlay[*result](h.m) {
		t.Fatalf("created:\n%s", h.screen())
	}
	h.keys("s")
	h.mustShow("SECRET-new-1-abcdefghijklmnopqrstuvwxyz", "hides in 20s")
	h.clock = h.clock.Add(12 * time.Second)
	h.send(tickMsg(h.clock))
	h.mustShow("hides in 8s")
	h.clock = h.clock.Add(8 * time.Second)
	h.send(tickMsg(h.clock))
	if strings.Contains(h.screen(), "SECRET-new-1") || !isOverlay[*result](h.m) {
		t.Fatalf("the secret hides, the panel stays:\n%s", h.screen())
	}
	h.mustShow("s shows it")
}

// A shown command wraps with its shell's continuation: a backtick for
// PowerShell, a backslash for sh; --enrollment-token= never starts a
// line after one without it, and no border is inside the lines.
func TestResultPanelWrapsForTheShell(t *testing.T) {
	h, _ := fleetHarness(t)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 40})
	h.keys("3", "n", "enter", "s")
	r := h.m.overlay.(*result)
	for _, p := range []enrollcmd.Platform{enrollcmd.Linux, enrollcmd.Windows} {
		r.enroll.platform = p
		cont := map[enrollcmd.Platform]string{enrollcmd.Linux: `\`, enrollcmd.Windows: "`"}[p]
		lines := strings.Split(h.screen(), "\n")
		found := false
		for i, l := range lines {
			if strings.Contains(l, "│") && strings.Contains(l, "elastic-agent") {
				t.Fatalf("%s: a border inside a copied line: %q", p, l)
			}
			if strings.HasPrefix(strings.TrimSpace(l), "--enrollment-token=") {
				found = true
				if prev := strings.TrimRight(lines[i-1], " "); !strings.HasSuffix(prev, " "+cont) {
					t.Fatalf("%s: the token's line follows %q, without %q", p, prev, cont)
				}
			}
		}
		if !found {
			t.Fatalf("%s: the command is not wrapped before its token at 80 columns:\n%s", p, h.screen())
		}
	}
}
