package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// Lists: a tab's list (r, the --refresh timer, after every change), the
// stale answers dropped by request id.

// listMsg is a tab's list; req tells a stale one.
type listMsg struct {
	tab, req int
	tokens   []backend.Token
	err      error
}

// refresh lists tab i; older answers for that tab are dropped.
func (m *Model) refresh(i int) tea.Cmd {
	t := m.tabs[i]
	if t.svc == nil {
		return nil
	}
	m.reqSeq++
	t.listReq, t.loading = m.reqSeq, true
	req, list := m.reqSeq, t.svc.List
	if t.prefetch != nil {
		list, t.prefetch = t.prefetch, nil
	}
	return m.run(func(ctx context.Context) tea.Msg {
		tokens, err := list(ctx)
		return listMsg{tab: i, req: req, tokens: tokens, err: err}
	})
}

// autoRefreshMsg is the --refresh timer's tick.
type autoRefreshMsg struct{}

// autoRefresh starts the --refresh timer, when one is set.
func (m *Model) autoRefresh() tea.Cmd {
	if m.opts.Refresh <= 0 {
		return nil
	}
	return m.opts.After(m.opts.Refresh, func(time.Time) tea.Msg { return autoRefreshMsg{} })
}

// refreshIdle lists every tab that is not listing already.
func (m *Model) refreshIdle() tea.Cmd {
	var cmds []tea.Cmd
	for i, t := range m.tabs {
		if !t.loading {
			cmds = append(cmds, m.refresh(i))
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) refreshAll() tea.Cmd {
	cmds := make([]tea.Cmd, len(m.tabs))
	for i := range m.tabs {
		cmds[i] = m.refresh(i)
	}
	return tea.Batch(cmds...)
}

// onListed shows a tab's list, unless a newer one is on its way.
func (m *Model) onListed(msg listMsg) tea.Cmd {
	m.done()
	t := m.tabs[msg.tab]
	if msg.req != t.listReq {
		return nil // a newer list is on its way
	}
	t.loading = false
	announce := t.announce
	t.announce = false
	failing := failedProfiles(msg.err)
	if msg.err != nil && (failing == nil || msg.tokens == nil) {
		t.err, t.errLine, t.probe = msg.err, sanitize.Text(firstLine(msg.err.Error())), nil
		m.failOn(msg.tab, "listing "+t.title()+" tokens", msg.err)
		return nil
	}
	if t.failing = sanitizeAll(failing); failing != nil { // the other profiles' tokens show
		m.failOn(msg.tab, "listing "+t.title()+" tokens", msg.err)
	}
	t.err, t.loaded, t.updated = nil, true, m.opts.Now()
	t.setTokens(msg.tokens)
	if t.kind.base().agentPolicy {
		clear(m.usage) // a fresh list reads the usage afresh (usage.go)
	}
	switch {
	case t.probe != nil:
		m.pointAtNew(msg.tab)
	case announce:
		m.toastOn(msg.tab, toastOK, "✓ refreshed at "+t.updated.Format("15:04:05")+": "+
			backend.Plural(len(t.all), t.title()+" token", t.title()+" tokens"))
	}
	if msg.tab == m.active {
		return m.selectionChanged()
	}
	return nil
}

// refreshKey lists the tab again, unless a list is in flight: its answer is
// the refresh asked for, and a second list would race it.
func (m *Model) refreshKey() tea.Cmd {
	t := m.current()
	t.announce = true
	if t.loading {
		return nil
	}
	return m.refresh(m.active)
}
