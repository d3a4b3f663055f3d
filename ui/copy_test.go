package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/clipboard"
)

func tmuxWith(clip, pass string) *clipboard.Clipboard {
	return clipboard.New(clipboard.OSC52, clipboard.Env{Tmux: true}).WithTmuxOption(func(_ context.Context, name string) (string, error) {
		switch name {
		case "set-clipboard":
			return clip, nil
		case "allow-passthrough":
			return pass, nil
		}
		return "", errors.New("unknown option")
	})
}

// A copy is reported as what happened: under tmux's defaults nothing
// reaches the terminal (✗ with the fix, nothing sent); through
// passthrough it is sent, never ✓; into tmux's buffer it is ✓.
func TestCopySaysWhatHappened(t *testing.T) {
	for _, c := range []struct {
		clip, pass string
		want       string
		sent, tick bool
	}{
		{"external", "off", "✗ token NOT copied: tmux drops OSC 52 (fix: tmux set -g allow-passthrough on)", false, false},
		{"external", "on", "token sent to the terminal through tmux", true, false},
		{"on", "off", "✓ token in tmux's paste buffer", true, true},
	} {
		_, _, fl := fakeServices()
		h := newHarness(t, Options{Clipboard: tmuxWith(c.clip, c.pass)}, nil, nil, fl)
		h.send(tea.WindowSizeMsg{Width: 200, Height: 40})
		h.keys("3", "c")
		scr := h.screen()
		if !strings.Contains(stripSpaces(scr), stripSpaces(c.want)) || (len(h.raw) > 0) != c.sent || strings.Contains(scr, "✓") != c.tick {
			t.Fatalf("%s/%s: want %q, sent %v (raw %d):\n%s", c.clip, c.pass, c.want, c.sent, len(h.raw), scr)
		}
	}
}

// A copy's outcome is said on the tab it was asked on, even when the user
// moved to another tab while the secret was being fetched.
func TestACopysOutcomeStaysOnItsTab(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	h.keys("1")
	h.send(copiedMsg{tab: 2, err: errors.New("the secret could not be read")})
	if h.m.tabs[0].lastErr != "" || h.m.tabs[2].lastErr == "" {
		t.Fatalf("the failure went to tab %q / %q", h.m.tabs[0].lastErr, h.m.tabs[2].lastErr)
	}
	for _, to := range h.m.toasts {
		if strings.Contains(to.text, "NOT copied") && to.tab != 2 {
			t.Fatalf("toast on tab %d: %q", to.tab, to.text)
		}
	}
}
