package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// extraKey handles the sort keys, ctrl+s (export) and @ (request log);
// false when msg is none of them.
func (m *Model) extraKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k, t := m.keys, m.current()
	switch {
	case key.Matches(msg, k.Requests):
		return m.openRequestLog(), true
	case !key.Matches(msg, k.SortNext, k.SortPrev, k.SortReverse, k.Export):
		return nil, false
	case t.svc == nil:
		return nil, false // the caller says the tab is not configured
	case key.Matches(msg, k.Export):
		return m.exportView(), true
	case key.Matches(msg, k.SortNext):
		t.stepSort(1)
	case key.Matches(msg, k.SortPrev):
		t.stepSort(-1)
	default:
		t.reverseSort()
	}
	if s := t.sortLabel(); s != "" {
		m.toast(toastInfo, s)
	} else {
		m.toast(toastInfo, "in the server's order")
	}
	return m.selectionChanged(), true
}

// extraResult handles what the commands of this file's keys send back.
func (m *Model) extraResult(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case requestLogMsg:
		m.showRequestLog(msg)
	case auditFailedMsg:
		m.toast(toastErr, "✗ the audit trail could not be written: "+msg.err.Error()) // toastOn sanitizes
	case exportedMsg:
		m.onExported(msg)
	default:
		return nil, false
	}
	return nil, true
}
