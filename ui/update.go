package ui

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/dialog"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/theme"
)

// Update is the one place state changes.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.isDark = msg.IsDark()
		m.theme = theme.New(m.isDark)
		return m, nil
	case spinner.TickMsg:
		if m.inflight == 0 {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	case tickMsg:
		m.onTick(time.Time(msg))
		return m, m.tick()
	case tea.PasteMsg:
		return m, m.paste(msg)
	case tea.KeyPressMsg:
		return m, m.onKey(msg)
	case tea.MouseClickMsg:
		return m, m.onClick(msg.Mouse())
	case tea.MouseWheelMsg:
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

func (m *Model) onTick(now time.Time) {
	kept := m.toasts[:0]
	for _, t := range m.toasts {
		if now.Before(t.until) {
			kept = append(kept, t)
		}
	}
	m.toasts = kept
	for _, t := range m.tabs {
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
	if m.overlay != nil {
		return m.overlay.key(m, msg)
	}
	if m.filtering {
		return m.filterKey(msg)
	}
	t := m.current()
	k := m.keys
	for i, b := range k.Tabs {
		if key.Matches(msg, b) {
			return m.switchTab(i)
		}
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.overlay = helpOverlay{}
	case key.Matches(msg, k.NextTab):
		return m.switchTab((m.active + 1) % len(m.tabs))
	case key.Matches(msg, k.PrevTab):
		return m.switchTab((m.active + len(m.tabs) - 1) % len(m.tabs))
	case key.Matches(msg, k.Presenter):
		m.presenter = !m.presenter
		if m.presenter {
			for _, tb := range m.tabs {
				clear(tb.revealed)
			}
			m.toast(toastInfo, "presenter mode on: secrets are never drawn (copy still works)")
		} else {
			m.toast(toastInfo, "presenter mode off")
		}
	case key.Matches(msg, k.Profile):
		m.openProfiles()
	case key.Matches(msg, k.Mouse):
		m.mouseOff = !m.mouseOff
		if m.mouseOff {
			m.toast(toastInfo, "mouse off: drag to select text (s shows a secret); m turns it back on")
		} else {
			m.toast(toastInfo, "mouse on: click tabs and rows, wheel scrolls")
		}
	case key.Matches(msg, k.Error):
		if m.lastErr == nil {
			m.toast(toastInfo, "no error so far")
		} else {
			m.overlay = errorOverlay{}
		}
	case t.svc == nil:
		// Nothing else applies to a tab that is not configured.
		m.toast(toastInfo, t.title()+" is not configured: "+t.hint)
	case key.Matches(msg, k.Up):
		t.tbl.MoveBy(-1)
		return m.selectionChanged()
	case key.Matches(msg, k.Down):
		t.tbl.MoveBy(1)
		return m.selectionChanged()
	case key.Matches(msg, k.Top):
		t.tbl.Top()
		return m.selectionChanged()
	case key.Matches(msg, k.Bottom):
		t.tbl.Bottom()
		return m.selectionChanged()
	case key.Matches(msg, k.PageUp):
		t.tbl.PageUp()
		return m.selectionChanged()
	case key.Matches(msg, k.PageDown):
		t.tbl.PageDown()
		return m.selectionChanged()
	case key.Matches(msg, k.Filter):
		m.filtering = true
		m.filterIn.SetValue(t.filter)
		return m.filterIn.Focus()
	case key.Matches(msg, k.ShowAll):
		t.showAll = !t.showAll
		t.applyFilter()
		return m.selectionChanged()
	case key.Matches(msg, k.Refresh):
		return m.refresh(m.active)
	case key.Matches(msg, k.New):
		return m.openForm()
	case key.Matches(msg, k.Secret):
		return m.toggleSecret()
	case key.Matches(msg, k.Copy):
		return m.copySelected(false)
	case key.Matches(msg, k.CopyEnroll):
		return m.copySelected(true)
	case key.Matches(msg, k.Mark):
		if tok, ok := t.selected(); ok {
			if t.marked[tok.ID] {
				delete(t.marked, tok.ID)
			} else {
				t.marked[tok.ID] = true
			}
			t.tbl.MoveBy(1)
			return m.selectionChanged()
		}
	case key.Matches(msg, k.Revoke):
		m.askRevoke()
	case msg.String() == "esc":
		if len(t.marked) > 0 {
			clear(t.marked)
			m.toast(toastInfo, "marks cleared")
		} else if t.filter != "" {
			m.setFilter("")
		}
	}
	return nil
}

// quit quits, unless a fresh secret nobody saw would be lost: then it
// asks first.
func (m *Model) quit() tea.Cmd {
	if r, ok := m.overlay.(*result); ok && r.unseen() {
		m.askLeave(r, true)
		return nil
	}
	m.quitting = true
	return tea.Quit
}

func (m *Model) switchTab(i int) tea.Cmd {
	m.active = i
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
	key := t.kind.enrollKey(tok)
	if _, have := t.enroll[key]; have {
		return nil
	}
	t.enroll[key] = backend.Secret{} // asked once
	return m.loadEnroll(m.active, tok)
}

func (m *Model) setFilter(s string) {
	t := m.current()
	t.filter = s
	t.applyFilter()
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

func (m *Model) toggleSecret() tea.Cmd {
	t := m.current()
	tok, ok := t.selected()
	if !ok {
		return nil
	}
	if _, shown := t.revealed[tok.ID]; shown {
		delete(t.revealed, tok.ID)
		return nil
	}
	if m.presenter {
		m.toast(toastInfo, "presenter mode: secrets stay hidden (c still copies; P turns presenter mode off)")
		return nil
	}
	return m.fetchSecret(m.active, tok.ID)
}

func (m *Model) copySelected(enroll bool) tea.Cmd {
	t := m.current()
	tok, ok := t.selected()
	if !ok {
		return nil
	}
	return m.copySecret(m.active, tok, t.revealed[tok.ID].secret, enroll)
}

// askRevoke opens the confirmation for the marked tokens, or the selected
// one; a token the kind says cannot be revoked stops it, saying why.
func (m *Model) askRevoke() {
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: revoking is off")
		return
	}
	t, tabIndex, now := m.current(), m.active, m.opts.Now()
	targets := t.targets()
	if len(targets) == 0 {
		return
	}
	if why, already := t.revokeRefused(targets, now); already {
		m.toast(toastInfo, why) // nothing is wrong: it is done already
		return
	} else if why != "" {
		m.toast(toastErr, why)
		return
	}
	var ids, body []string
	for _, tok := range targets {
		ids = append(ids, tok.ID)
		if len(body) < 8 {
			body = append(body, "• "+t.kind.describe(tok))
		}
	}
	if len(targets) > 8 {
		body = append(body, fmt.Sprintf("… and %d more", len(targets)-8))
	}
	title := "Revoke " + backend.Plural(len(ids), t.title()+" token", t.title()+" tokens") + "?"
	warning, typed := t.kind.revokeWarning(targets)
	var require string
	if typed {
		require = ids[0]
		if len(ids) > 1 {
			require = fmt.Sprintf("revoke %d", len(ids))
		}
	}
	m.ask(dialog.New(title, body, t.kind.base().revokeEffect, warning, "Revoke", require), func(accepted bool) tea.Cmd {
		if !accepted {
			m.toast(toastInfo, "nothing revoked")
			return nil
		}
		return m.revoke(tabIndex, ids)
	})
}

// disabled says why a key of the main screen cannot act on the
// selection, or "": the footer dims it (the key itself says why).
func (m *Model) disabled(kb key.Binding) string {
	if m.overlay != nil || !slices.Equal(kb.Keys(), m.keys.Revoke.Keys()) {
		return ""
	}
	t := m.current()
	why, _ := t.revokeRefused(t.targets(), m.opts.Now())
	return why
}

// openForm opens the create form of the active tab, and loads what its
// pickers offer.
func (m *Model) openForm() tea.Cmd {
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: creating is off")
		return nil
	}
	i, t := m.active, m.current()
	m.overlay = &formOverlay{form: t.newForm(), tab: i, submit: func(f *form.Form) tea.Cmd {
		m.toast(toastInfo, "creating a "+t.title()+" token…")
		spec, _ := t.kind.spec(f) // the form let it through: it parsed
		return m.create(i, spec)
	}}
	if ld := t.kind.formOptions(t.svc); ld != nil {
		return m.loadOptions(i, ld)
	}
	return nil
}

// openProfiles opens the profile picker.
func (m *Model) openProfiles() {
	var opts []form.Option
	for _, p := range m.opts.Profiles {
		label := sanitize.Text(p) // the configuration's text
		if p == m.opts.Profile {
			label += "  (current)"
		}
		opts = append(opts, form.Option{Label: label, Value: p})
	}
	f := form.New("Switch profile", "The tabs reload with the chosen profile's systems.",
		[]*form.Field{form.NewPicker("profile", "Profile", "type to filter · ↑/↓ select", opts)}, nil)
	f.Verb = "switch"
	m.overlay = &formOverlay{form: f, tab: -1, submit: func(f *form.Form) tea.Cmd {
		name := f.Value("profile")
		if name == "" || name == m.opts.Profile {
			return nil
		}
		m.toast(toastInfo, "loading profile "+name+"…")
		return m.switchProfile(name)
	}}
}

// onClick selects a tab or a row.
func (m *Model) onClick(mouse tea.Mouse) tea.Cmd {
	if m.overlay != nil || mouse.Button != tea.MouseLeft {
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

// onResult handles what commands send back.
func (m *Model) onResult(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case listMsg:
		m.done()
		t := m.tabs[msg.tab]
		if msg.req != t.listReq {
			return nil // a newer list is on its way
		}
		t.loading = false
		if msg.err != nil {
			t.err = msg.err
			m.fail("listing "+t.title()+" tokens", msg.err)
			return nil
		}
		t.err, t.loaded = nil, true
		t.setTokens(msg.tokens)
		if msg.tab == m.active {
			return m.selectionChanged()
		}
	case createdMsg:
		m.done()
		t := m.tabs[msg.tab]
		if msg.err != nil {
			m.fail("creating a "+t.title()+" token", msg.err)
			return nil
		}
		m.overlay = &result{tab: msg.tab, created: msg.created, enroll: msg.enroll, enrErr: msg.enrErr}
		t.setTokensAt(append([]backend.Token{msg.created.Token}, t.all...), msg.created.Token.ID)
		if msg.created.Warning != "" {
			m.toast(toastErr, "created, but "+msg.created.Warning)
		} else {
			m.toast(toastOK, "✓ "+t.title()+" token created")
		}
		return m.refresh(msg.tab)
	case secretMsg:
		m.done()
		t := m.tabs[msg.tab]
		if msg.err != nil {
			var su *backend.SecretUnavailableError
			if errors.As(msg.err, &su) {
				m.toast(toastErr, msg.err.Error())
				return nil
			}
			m.fail("fetching the secret", msg.err)
			return nil
		}
		if !m.presenter {
			t.revealed[msg.id] = reveal{secret: msg.secret, until: m.opts.Now().Add(m.opts.SecretTTL)}
		}
	case copiedMsg:
		m.done()
		if msg.err != nil {
			m.fail("copy", msg.err)
			return nil
		}
		if msg.result != nil {
			msg.result.seen = true // copied: the panel may close without asking
		}
		text := msg.res.Message(msg.what)
		switch msg.res.Method {
		case clipboard.MethodNative:
			m.toast(toastOK, "✓ "+text+"; cleared in "+m.opts.ClipboardTTL.String()+" if unchanged")
			return m.clearClipboardLater(msg.res, msg.value)
		case clipboard.MethodOSC52:
			if msg.res.Tmux {
				text += " (tmux needs: set -g allow-passthrough on)"
			}
			m.toast(toastOK, "✓ "+text)
			return tea.Raw(msg.res.Sequence)
		}
	case clipClearedMsg:
		if msg.cleared {
			m.toast(toastInfo, "clipboard cleared")
		}
	case revokedMsg:
		m.done()
		return m.onRevoked(msg)
	case enrollMsg:
		m.done()
		if msg.err == nil {
			m.tabs[msg.tab].enroll[msg.key] = msg.enroll
		}
	case profileMsg:
		m.done()
		if msg.err != nil {
			m.fail("switching profile", msg.err)
			return nil
		}
		p := msg.profile
		m.opts.Profile, m.opts.Insecure = p.Name, p.Insecure
		m.setTabs(p.Tabs)
		m.toast(toastOK, "✓ profile "+p.Name)
		return m.refreshAll()
	case optionsMsg:
		m.done()
		o, ok := m.overlay.(*formOverlay)
		switch {
		case !ok || o.tab != msg.tab:
			// the form was closed meanwhile
		case msg.err != nil:
			m.fail("loading "+msg.what, msg.err)
		default:
			o.form.SetOptions(msg.field, msg.options)
		}
	}
	return nil
}

func (m *Model) onRevoked(msg revokedMsg) tea.Cmd {
	t := m.tabs[msg.tab]
	var firstErr error
	var done []string
	for i, id := range msg.ids {
		if msg.errs[i] != nil && !errors.Is(msg.errs[i], backend.ErrNotFound) {
			if firstErr == nil {
				firstErr = msg.errs[i]
			}
			continue
		}
		done = append(done, id)
	}
	// Show the new state at once, before the refresh answers.
	t.revoked(done, m.opts.Now())
	ok, failed := len(done), len(msg.ids)-len(done)
	switch {
	case failed == 0:
		m.toast(toastOK, "✓ "+backend.Plural(ok, "token", "tokens")+" revoked")
	case ok == 0:
		m.fail("revoke", firstErr)
	default:
		m.fail(fmt.Sprintf("revoked %d, %d failed", ok, failed), firstErr)
	}
	return m.refresh(msg.tab)
}
