package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
)

// auditFailedMsg says the audit trail could not be written: the change
// itself happened as its own message says.
type auditFailedMsg struct{ err error }

// audited records a change in the audit trail (Options.Audit), from the
// tea.Cmd that made it; msg is the change's answer, passed on. A trail
// that cannot be written adds a message that says so.
func audited(a backend.Auditor, msg tea.Msg, record func(backend.Auditor) error) tea.Msg {
	if a == nil {
		return msg
	}
	if err := record(a); err != nil {
		return tea.BatchMsg{func() tea.Msg { return msg }, func() tea.Msg { return auditFailedMsg{err} }}
	}
	return msg
}

// names are the names of the tokens ids, for the audit trail ("" for
// one not listed).
func (t *tab) names(ids []string) []string {
	want := make(map[string]int, len(ids))
	for k, id := range ids {
		want[id] = k
	}
	out := make([]string, len(ids))
	for _, tok := range t.all {
		if k, ok := want[tok.ID]; ok {
			out[k] = tok.Name
		}
	}
	return out
}
