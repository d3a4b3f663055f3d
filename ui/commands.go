package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// run wraps an I/O function into a command bounded by the UI timeout and
// counted for the spinner.
func (m *Model) run(f func(ctx context.Context) tea.Msg) tea.Cmd {
	m.inflight++
	timeout := m.opts.Timeout
	cmd := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		return f(ctx)
	}
	if m.inflight == 1 {
		return tea.Batch(cmd, m.spin.Tick)
	}
	return cmd
}

func (m *Model) done() { m.inflight = max(0, m.inflight-1) }
