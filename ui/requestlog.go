package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// requestLogMsg carries this session's requests, read in a tea.Cmd.
type requestLogMsg struct{ requests []backend.Request }

// openRequestLog reads the session's requests (Options.Requests) for @.
func (m *Model) openRequestLog() tea.Cmd {
	read := m.opts.Requests
	if read == nil {
		m.toast(toastInfo, "no request log in this run")
		return nil
	}
	return func() tea.Msg { return requestLogMsg{requests: read()} }
}

// requestLog is the @ overlay: this session's requests, newest last
// (method, path, status, time), as lazygit's command log. It never held
// a header, a body or a query.
type requestLog struct {
	requests []backend.Request
	top      int
}

func (r *requestLog) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if scrollKey(m.keys, msg, &r.top, m.screen().helpRows()) {
		return nil
	}
	return closeOnKey(m, msg)
}

func (r *requestLog) lines(s screen) []string {
	th := s.theme
	head := th.DialogTitle.Render(fmt.Sprintf("Requests of this session (%d)", len(r.requests))) + th.Desc.Render("  any other key closes")
	out := []string{head, ""}
	if len(r.requests) == 0 {
		return append(out, "None yet.")
	}
	for _, q := range r.requests {
		status := fmt.Sprint(q.Status)
		style := th.Success
		switch {
		case q.Status == 0:
			status, style = "—", th.Failure // no answer came
		case q.Status >= 400:
			style = th.Failure
		}
		took := q.Duration.Round(time.Millisecond).String()
		if q.Duration < time.Millisecond {
			took = "<1ms"
		}
		line := fmt.Sprintf("%s  %-6s %s %s  %s", q.Start.Format("15:04:05"), q.Method, style.Render(fmt.Sprintf("%3s", status)),
			th.Dim.Render(fmt.Sprintf("%6s", took)), q.Path)
		out = append(out, line)
	}
	return out
}

func (r *requestLog) view(s screen) string {
	lines := r.lines(s)
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], s.helpWidth(), "…")
	}
	body := s.scrolled(lines, &r.top, s.helpRows(), s.helpWidth(), 0)
	return s.theme.Dialog.Render(lipgloss.NewStyle().Width(s.helpWidth()).Render(strings.TrimRight(body, "\n")))
}

// showRequestLog opens the log at its newest request.
func (m *Model) showRequestLog(msg requestLogMsg) {
	requests := slices.Clone(msg.requests)
	for i := range requests {
		requests[i].Path = sanitize.Text(requests[i].Path) // a server's ids in it
	}
	m.overlay = &requestLog{requests: requests, top: len(requests) + 2} // scrolled clamps it to the end
}
