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
