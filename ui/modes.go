package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/ui/dialog"
)

// The screen's modes: presenter mode, and the full-screen detail.

// togglePresenter turns presenter mode on at once, and off only once
// confirmed; started with --presenter, it stays on for the whole run.
func (m *Model) togglePresenter() {
	switch {
	case !m.presenter:
		m.presenter = true
		for _, tb := range m.tabs {
			clear(tb.revealed)
		}
		m.toast(toastInfo, "presenter mode on: secrets are never drawn (copy still works)")
	case m.opts.Presenter:
		m.toast(toastInfo, "presenter mode was set with --presenter: it stays on until tokentui quits")
	default:
		m.ask(dialog.New("Turn presenter mode off?",
			[]string{"Secrets are then drawn on screen when you press s, for anyone watching it."},
			"", "", "Turn off", ""), func(accepted bool) tea.Cmd {
			if accepted {
				m.presenter = false
				m.toast(toastInfo, "presenter mode off: s shows secrets again")
			} else {
				m.toast(toastInfo, "presenter mode stays on")
			}
			return nil
		})
	}
}

// openFull shows the selected token full screen, from its top.
func (m *Model) openFull() {
	if _, ok := m.current().selected(); ok {
		m.full, m.fullTop = true, 0
	}
}

// fullKey handles the keys that scroll or leave the full-screen detail;
// false lets the key act as on the main screen (s, c, y, m, x…).
func (m *Model) fullKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	page := max(1, m.bodyHeight()-2)
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Detail):
		m.full = false
	case key.Matches(msg, k.Up):
		m.fullTop--
	case key.Matches(msg, k.Down):
		m.fullTop++
	case key.Matches(msg, k.PageUp):
		m.fullTop -= page
	case key.Matches(msg, k.PageDown):
		m.fullTop += page
	case key.Matches(msg, k.Top):
		m.fullTop = 0
	case key.Matches(msg, k.Bottom):
		m.fullTop = 1 << 20 // clamped when drawn
	case key.Matches(msg, k.NextTab), key.Matches(msg, k.PrevTab), key.Matches(msg, k.Filter):
		m.full = false
		return nil, false
	default:
		for _, b := range k.Tabs {
			if key.Matches(msg, b) {
				m.full = false
			}
		}
		return nil, false
	}
	m.fullTop = max(0, m.fullTop)
	return nil, true
}
