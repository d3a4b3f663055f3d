package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
)

// The handlers and disabled reasons of the action table (actions.go)
// that are not a feature's own function elsewhere.

func (m *Model) markSelected() tea.Cmd {
	t := m.current()
	tok, ok := t.selected()
	if !ok {
		return nil
	}
	if t.marked[tok.ID] {
		delete(t.marked, tok.ID)
	} else {
		t.marked[tok.ID] = true
	}
	t.tbl.MoveBy(1)
	return m.selectionChanged()
}

func (m *Model) markAll() tea.Cmd {
	t := m.current()
	switch marked, n := t.markShown(); {
	case len(t.view) == 0:
		m.toast(toastInfo, "no token shown to mark")
	case marked:
		text := backend.Plural(n, "token marked", "tokens marked")
		if n != len(t.marked) {
			text += fmt.Sprintf(", %d in all", len(t.marked))
		}
		m.toast(toastInfo, text+" (x revokes them, esc unmarks)")
	default:
		m.toast(toastInfo, backend.Plural(n, "token unmarked", "tokens unmarked"))
	}
	return nil
}

// back is esc on the table: it clears the marks, else the filter.
func (m *Model) back() tea.Cmd {
	t := m.current()
	if len(t.marked) > 0 {
		clear(t.marked)
		m.toast(toastInfo, "marks cleared")
	} else if t.filter != "" {
		m.setFilter("")
	}
	return nil
}

func (m *Model) startFilter() tea.Cmd {
	m.filtering = true
	m.filterIn.SetValue(m.current().filter)
	return m.filterIn.Focus()
}

func (m *Model) toggleShowAll() tea.Cmd {
	t := m.current()
	t.showAll = !t.showAll
	t.refilter()
	return m.selectionChanged()
}

// toggleHidden shows or hides the tokens the system hides (Kibana's page
// removes them with "not hidden:true"): only this key shows them, not a.
func (m *Model) toggleHidden() tea.Cmd {
	t := m.current()
	t.showHidden = !t.showHidden
	t.refilter()
	n := t.hiddenCount()
	if t.showHidden {
		m.toast(toastInfo, backend.Plural(n, "hidden token shown", "hidden tokens shown")+" (managed and agentless policies, OpAMP collectors' Default; H hides them)")
	} else {
		m.toast(toastInfo, backend.Plural(n, "hidden token", "hidden tokens")+" left out, as Kibana's page does (H shows them)")
	}
	return m.selectionChanged()
}

func (m *Model) hiddenDisabled() string {
	if m.current().hiddenCount() == 0 && !m.current().showHidden {
		return "no hidden " + m.current().title() + " tokens"
	}
	return ""
}

func (m *Model) showError() tea.Cmd {
	t := m.current()
	if t.lastErr == "" {
		m.toast(toastInfo, "no error on the "+t.title()+" tab so far")
	} else {
		m.overlay = &errorOverlay{tab: t}
	}
	return nil
}

func (m *Model) toggleMouse() tea.Cmd {
	m.mouseOff = !m.mouseOff
	if m.mouseOff {
		m.toast(toastInfo, "mouse off: drag to select text (s shows a secret); m turns it back on")
	} else {
		m.toast(toastInfo, "mouse on: click tabs and rows, wheel scrolls")
	}
	return nil
}

func (m *Model) profileDisabled() string {
	switch {
	case m.keys.Profile.Enabled():
		return ""
	case len(m.opts.Profiles) <= 1:
		return "only one profile (" + m.opts.Profile + "): add profiles to the config file"
	}
	return "profiles cannot be switched in this run"
}

func (m *Model) deleteDisabled() string {
	t := m.current()
	return t.deleteRefused(t.targets())
}

// selectedRefused applies a reason about the selected token, or says
// none is selected.
func (m *Model) selectedRefused(why func(t *tab, tok backend.Token) string) string {
	t := m.current()
	tok, ok := t.selected()
	if !ok {
		return "no token selected"
	}
	return why(t, tok)
}
