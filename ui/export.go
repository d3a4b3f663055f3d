package ui

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/export"
)

// exportedMsg is the answer of ctrl+s: where the view was written, or
// why not.
type exportedMsg struct {
	tab  int
	n    int
	path string
	err  error
}

// exportView writes the rows the table shows (filter and sort applied)
// as CSV into Options.ExportDir, in a tea.Cmd. The rows are copied here:
// the command must not read the model.
func (m *Model) exportView() tea.Cmd {
	t, i := m.current(), m.active
	dir := m.opts.ExportDir
	if dir == "" {
		m.toast(toastInfo, "export is off in this run")
		return nil
	}
	rows := make([]backend.Token, 0, len(t.view))
	for _, ai := range t.view {
		rows = append(rows, t.all[ai])
	}
	now, prefix := m.opts.Now(), string(t.kind.System())
	return m.run(func(ctx context.Context) tea.Msg {
		path, err := export.WriteFile(dir, prefix, "csv", now, func(w io.Writer) error { return export.TokensCSV(w, rows) })
		return exportedMsg{tab: i, n: len(rows), path: path, err: err}
	})
}

func (m *Model) onExported(msg exportedMsg) {
	m.done()
	if msg.err != nil {
		m.failOn(msg.tab, "exporting the view", msg.err)
		return
	}
	m.toastOn(msg.tab, toastOK, "✓ "+backend.Plural(msg.n, "row", "rows")+" written to "+msg.path+" (CSV, mode 0600, no secrets)")
}
