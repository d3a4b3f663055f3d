package ui

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/clipboard"
)

// onCopied says what a copy did, verdict first: ✓ only where delivery is
// known (a native tool that exited 0, tmux's paste buffer); "sent" where
// it cannot be known (an OSC 52 passed on to the terminal); ✗ with the
// one-line fix where it is known not to arrive (tmux's defaults drop it).
func (m *Model) onCopied(msg copiedMsg) tea.Cmd {
	m.done()
	what := msg.what
	if what == "" {
		what = "token"
	}
	if msg.err != nil {
		var blocked *clipboard.BlockedError
		if errors.As(msg.err, &blocked) {
			// Short enough for 80 columns with its fix; e says the rest.
			t := m.current()
			t.lastErr, t.lastErrOp = fmt.Errorf("%w; or copy it by hand: s shows it, enter full screen", msg.err), "copying the "+what
			m.toast(toastErr, "✗ "+what+" NOT copied: tmux drops OSC 52 (fix: "+blocked.Fix+")")
			return nil
		}
		m.fail("✗ "+what+" NOT copied", msg.err)
		return nil
	}
	if msg.result != nil {
		msg.result.seen = true // copied: the panel may close without asking
	}
	text := msg.res.Message(what)
	switch {
	case msg.res.Method == clipboard.MethodNative:
		m.toast(toastOK, "✓ "+text+"; cleared in "+m.opts.ClipboardTTL.String()+" if unchanged")
		return m.clearClipboardLater(msg.res, msg.value)
	case msg.res.Delivered():
		m.toast(toastOK, "✓ "+text)
	default:
		m.toast(toastInfo, text)
	}
	return tea.Raw(msg.res.Sequence)
}
