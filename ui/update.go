package ui

import (
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/ui/theme"
)

// tickMsg is the clock's tick (Model.tick).
type tickMsg time.Time

// Update is the one place state changes.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(detailCatchUpMsg); ok {
		m.lag.hold = false
		return m, nil
	}
	if m.opts.DetailLag <= 0 {
		return m.update(msg)
	}
	t, cursor := m.tabs[m.active], m.tabs[m.active].tbl.Cursor()
	model, cmd := m.update(msg)
	if m.tabs[m.active] == t && t.tbl.Cursor() != cursor && !m.lag.hold {
		m.lag.hold = true
		cmd = tea.Batch(cmd, m.opts.After(m.opts.DetailLag, func(time.Time) tea.Msg { return detailCatchUpMsg{} }))
	}
	return model, cmd
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.theme = theme.New(msg.IsDark())
		return m, nil
	case spinner.TickMsg:
		if m.inflight == 0 {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case tickMsg:
		m.onTick()
		return m, m.tick()
	case QuitSignal:
		return m, m.quit()
	case autoRefreshMsg:
		return m, tea.Batch(m.refreshIdle(), m.autoRefresh())
	case tea.PasteMsg:
		return m, m.paste(msg)
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	case tea.MouseClickMsg:
		return m, m.onClick(msg.Mouse())
	case tea.MouseWheelMsg:
		if m.full && m.overlay == nil { // the wheel scrolls the full-screen detail
			d := 3
			if msg.Mouse().Button == tea.MouseWheelUp {
				d = -3
			}
			m.fullTop = max(0, m.fullTop+d)
			return m, nil
		}
		if m.overlay == nil {
			switch msg.Mouse().Button {
			case tea.MouseWheelUp:
				m.current().tbl.Scroll(-3)
			case tea.MouseWheelDown:
				m.current().tbl.Scroll(3)
			}
			return m, m.selectionChanged()
		}
		return m, nil
	}
	return m, m.onResult(msg)
}

// onTick re-derives what changes with time. Everything is on the
// model's clock (Options.Now, which stamped the deadlines), not the
// tick's: the two differ where a test or the demo drives the clock.
func (m *Model) onTick() {
	now := m.opts.Now()
	m.tickAt = now
	kept := m.toasts[:0]
	for _, t := range m.toasts {
		if now.Before(t.until) {
			kept = append(kept, t)
		}
	}
	m.toasts = kept
	if r, ok := m.overlay.(*result); ok && r.shown && !now.Before(r.until) {
		r.shown = false // hidden again, as in the detail pane
	}
	for _, t := range m.tabs {
		t.expire(now)
		for id, r := range t.revealed {
			if !now.Before(r.until) {
				delete(t.revealed, id)
			}
		}
	}
}

func (m *Model) paste(msg tea.PasteMsg) tea.Cmd {
	if o, ok := m.overlay.(*formOverlay); ok {
		return o.form.Update(msg)
	}
	if m.filtering {
		var cmd tea.Cmd
		m.filterIn, cmd = m.filterIn.Update(msg)
		m.setFilter(m.filterIn.Value())
		return cmd
	}
	return nil
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	m.waitDone = "" // said once; the next key moves on
	switch {
	case m.waitQuit:
		return m.waitKey(msg)
	case m.overlay != nil:
		return m.overlay.key(m, msg)
	case m.filtering:
		return m.filterKey(msg)
	}
	if m.full {
		if cmd, done := m.fullKey(msg); done {
			return cmd
		}
	}
	if a, ok := m.lookup(msg); ok {
		return m.perform(a)
	}
	return nil
}

func (m *Model) switchTab(i int) tea.Cmd {
	m.active, m.full = i, false
	m.layout()
	return m.selectionChanged()
}

// selectionChanged loads the enroll command of the newly selected token
// when it is not known yet.
func (m *Model) selectionChanged() tea.Cmd {
	t := m.current()
	tok, ok := t.selected()
	if !ok || t.svc == nil {
		return nil
	}
	usage := m.loadUsage(t, tok) // usage.go
	key := t.kind.enrollKey(tok)
	if _, have := t.enroll[key]; have {
		return usage
	}
	t.enroll[key] = nil // asked once
	return tea.Batch(usage, m.loadEnroll(m.active, tok))
}

func (m *Model) setFilter(s string) {
	t := m.current()
	t.filter = s
	t.refilter()
}

func (m *Model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "enter", "down", "up":
		m.filtering = false
		m.filterIn.Blur()
		return m.selectionChanged()
	case "esc":
		m.filtering = false
		m.filterIn.Blur()
		m.filterIn.SetValue("")
		m.setFilter("")
		return m.selectionChanged()
	case "ctrl+c":
		return m.quit()
	}
	var cmd tea.Cmd
	m.filterIn, cmd = m.filterIn.Update(msg)
	m.setFilter(m.filterIn.Value())
	return cmd
}

// onClick selects a tab or a row.
func (m *Model) onClick(mouse tea.Mouse) tea.Cmd {
	if m.overlay != nil || mouse.Button != tea.MouseLeft {
		return nil
	}
	if m.full && mouse.Y != m.layoutNow().tabsRow { // no table under the click
		return nil
	}
	l := m.layoutNow()
	if mouse.Y == l.tabsRow {
		for i, span := range m.tabSpans() {
			if mouse.X >= span[0] && mouse.X < span[1] {
				return m.switchTab(i)
			}
		}
		return nil
	}
	if mouse.X < l.tableW && mouse.Y >= l.tableTop {
		t := m.current()
		if row, ok := t.tbl.RowAt(mouse.Y - l.tableTop); ok {
			t.tbl.SetCursor(row)
			return m.selectionChanged()
		}
	}
	return nil
}

// onResult is the one place where what commands send back enters the
// model: a case a message, each handled by its feature's on… function,
// which sanitizes the server's text it keeps, once, so that the screen
// draws it as it is.
func (m *Model) onResult(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case listMsg:
		return m.onListed(msg)
	case createdMsg:
		return m.onCreated(msg)
	case optionsMsg:
		m.onOptions(msg)
	case secretMsg:
		m.onSecret(msg)
	case copiedMsg:
		return m.onCopied(msg)
	case clipClearedMsg:
		m.onClipCleared(msg)
	case revokedMsg:
		return m.onRevoked(msg)
	case deletedMsg:
		return m.onDeleted(msg)
	case enrollMsg:
		m.onEnrollTarget(msg)
	case usageMsg:
		m.onUsage(msg)
	case profileMsg:
		return m.onProfile(msg)
	case panelStepMsg:
		return m.onPanelStep(msg)
	case panelDoneMsg:
		return m.onPanelDone(msg)
	case censusMsg:
		m.onCensus(msg)
	case collectorsMsg:
		m.onCollectors(msg)
	case auditDoneMsg:
		m.onAuditDone(msg)
	case auditFailedMsg:
		m.toast(toastErr, "✗ the audit trail could not be written: "+msg.err.Error()) // toastOn sanitizes
	case exportedMsg:
		m.onExported(msg)
	case requestLogMsg:
		m.showRequestLog(msg)
	}
	return nil
}
