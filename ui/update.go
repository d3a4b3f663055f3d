package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
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
		if m.overlay == overlayNone {
			switch msg.Mouse().Button {
			case tea.MouseWheelUp:
				m.tab().tbl.Scroll(-3)
			case tea.MouseWheelDown:
				m.tab().tbl.Scroll(3)
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
	switch {
	case m.overlay == overlayForm:
		return m.form.Update(msg)
	case m.filtering:
		var cmd tea.Cmd
		m.filterIn, cmd = m.filterIn.Update(msg)
		m.setFilter(m.filterIn.Value())
		return cmd
	}
	return nil
}

func (m *Model) onKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.overlay {
	case overlayHelp, overlayError:
		if key.Matches(msg, m.keys.Quit) && msg.String() == "ctrl+c" {
			return m.quit()
		}
		m.overlay = overlayNone
		return nil
	case overlayForm:
		return m.formKey(msg)
	case overlayConfirm:
		return m.confirmKey(msg)
	case overlayResult:
		return m.resultKey(msg)
	}
	if m.filtering {
		return m.filterKey(msg)
	}
	t := m.tab()
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.overlay = overlayHelp
	case key.Matches(msg, k.NextTab):
		return m.switchTab((m.active + 1) % 3)
	case key.Matches(msg, k.PrevTab):
		return m.switchTab((m.active + 2) % 3)
	case key.Matches(msg, k.Tab1):
		return m.switchTab(0)
	case key.Matches(msg, k.Tab2):
		return m.switchTab(1)
	case key.Matches(msg, k.Tab3):
		return m.switchTab(2)
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
		var opts []form.Option
		for _, p := range m.opts.Profiles {
			label := p
			if p == m.opts.Profile {
				label += "  (current)"
			}
			opts = append(opts, form.Option{Label: label, Value: p})
		}
		m.form = form.New("Switch profile", "The tabs reload with the chosen profile's systems.",
			[]*form.Field{form.NewPicker("profile", "Profile", "type to filter · ↑/↓ select", opts)}, nil)
		m.form.Verb = "switch"
		m.overlay = overlayForm
		m.formSubmit = func(f *form.Form) tea.Cmd {
			name := f.Value("profile")
			if name == "" || name == m.opts.Profile {
				return nil
			}
			m.toast(toastInfo, "loading profile "+name+"…")
			return m.switchProfile(name)
		}
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
			m.overlay = overlayError
		}
	case t.svc == nil:
		// Nothing else applies to a tab that is not configured.
		m.toast(toastInfo, t.sys.Title()+" is not configured: "+t.hint)
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
	case key.Matches(msg, k.CopyCmd):
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

func (m *Model) quit() tea.Cmd {
	if m.unseenSecret() {
		m.askCloseResult(confirmQuit)
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
	t := m.tab()
	tok, ok := t.selected()
	if !ok || t.svc == nil {
		return nil
	}
	if _, have := t.commands[commandKey(tok)]; have {
		return nil
	}
	t.commands[commandKey(tok)] = backend.Secret{} // asked once
	return m.loadCommand(m.active, tok)
}

func (m *Model) setFilter(s string) {
	t := m.tab()
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
	t := m.tab()
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

func (m *Model) copySelected(command bool) tea.Cmd {
	t := m.tab()
	tok, ok := t.selected()
	if !ok {
		return nil
	}
	return m.copySecret(m.active, tok, t.revealed[tok.ID].secret, command)
}

// askRevoke opens the confirmation for the marked tokens, or the selected
// one.
func (m *Model) askRevoke() {
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: revoking is off")
		return
	}
	t := m.tab()
	var targets []backend.Token
	for _, i := range t.view {
		if t.marked[t.all[i].ID] {
			targets = append(targets, t.all[i])
		}
	}
	if len(targets) == 0 {
		tok, ok := t.selected()
		if !ok {
			return
		}
		targets = []backend.Token{tok}
	}
	var ids, body []string
	var emergency, persistentECE bool
	for _, tok := range targets {
		if tok.Status == backend.Revoked {
			m.toast(toastInfo, describe(tok)+" is revoked already")
			return
		}
		if tok.Hidden {
			m.toast(toastErr, describe(tok)+" belongs to a managed or agentless policy: Fleet manages its tokens, and Kibana does not revoke them from here")
			return
		}
		if tok.SessionOnly {
			m.toast(toastErr, "ECE cannot revoke ephemeral tokens; "+tok.ID+" expires by itself "+until(tok.Expires, m.opts.Now()))
			return
		}
		ids = append(ids, tok.ID)
		if len(body) < 8 {
			body = append(body, "• "+describe(tok))
		}
		if tok.System == backend.ECE && tok.Persistent {
			persistentECE = true
			emergency = emergency || mayBeEmergency(tok.Roles)
		}
	}
	if len(targets) > 8 {
		body = append(body, fmt.Sprintf("… and %d more", len(targets)-8))
	}
	title := "Revoke " + plural(len(ids), t.sys.Title()+" token", t.sys.Title()+" tokens") + "?"
	var warning, require string
	if persistentECE {
		require = ids[0]
		if len(ids) > 1 {
			require = fmt.Sprintf("revoke %d", len(ids))
		}
		if emergency {
			warning = "This may be the first host's roles token or the emergency token; ECE's docs say not to delete those."
		}
	}
	m.confirm = dialog.New(title, body, revokeEffect(t.sys), warning, "Revoke", require)
	m.confirmDo, m.confirmIDs, m.confirmTab = confirmRevoke, ids, m.active
	m.overlay = overlayConfirm
}

// mayBeEmergency spots the two tokens every ECE install has: one without
// roles, and the emergency token (every role but allocator).
func mayBeEmergency(roles []string) bool {
	if len(roles) == 0 {
		return true
	}
	has := map[string]bool{}
	for _, r := range roles {
		has[r] = true
	}
	return !has["allocator"] && has["coordinator"] && has["director"] && has["proxy"]
}

func revokeEffect(sys backend.System) string {
	switch sys {
	case backend.Elasticsearch:
		return "The token's API key is invalidated: it can no longer enroll a node or set up Kibana. Nodes and Kibana instances already enrolled keep working."
	case backend.ECE:
		return "The roles token is deleted: no new host can be installed with it. Hosts already installed keep running."
	}
	return "New agents can no longer enroll with this token; enrolled agents keep working. Fleet keeps the record, marked revoked."
}

func describe(t backend.Token) string {
	switch t.System {
	case backend.Elasticsearch:
		return fmt.Sprintf("%s (scope %s)", t.ID, t.Scope)
	case backend.ECE:
		kind := "persistent"
		if !t.Persistent {
			kind = "ephemeral"
		}
		return fmt.Sprintf("%s (%s; roles %s)", t.ID, kind, rolesText(t.Roles))
	}
	policy := t.PolicyName
	if policy == "" {
		policy = t.PolicyID
	}
	return fmt.Sprintf("%s (policy %s)", nameOrID(t), policy)
}

func nameOrID(t backend.Token) string {
	if t.Name != "" {
		return t.Name
	}
	return t.ID
}

func rolesText(roles []string) string {
	if len(roles) == 0 {
		return "none (system services only)"
	}
	return strings.Join(roles, ", ")
}

func (m *Model) askCloseResult(then confirmAction) {
	what := "Leave"
	if then == confirmQuit {
		what = "Quit"
	}
	sys := m.tabs[m.result.tab].sys.Title()
	m.confirm = dialog.New(what+" without the new token?",
		[]string{"The token was neither shown nor copied. " + sys + " will never give it again."},
		"", "If you go on, this token is lost (it stays valid until it expires or is revoked).", what, "")
	m.confirmDo = then
	m.overlay = overlayConfirm
}

func (m *Model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	m.confirm, cmd = m.confirm.Update(msg)
	if !m.confirm.Done() {
		return cmd
	}
	accepted := m.confirm.Accepted()
	switch m.confirmDo {
	case confirmRevoke:
		m.overlay = overlayNone
		if accepted {
			ids, tab := m.confirmIDs, m.confirmTab
			return m.revoke(tab, ids)
		}
		m.toast(toastInfo, "nothing revoked")
	case confirmQuit:
		if accepted {
			m.quitting = true
			return tea.Quit
		}
		m.overlay = overlayResult
	case confirmCloseResult:
		if accepted {
			m.result, m.overlay = nil, overlayNone
		} else {
			m.overlay = overlayResult
		}
	}
	return nil
}

func (m *Model) resultKey(msg tea.KeyPressMsg) tea.Cmd {
	r := m.result
	switch {
	case msg.String() == "ctrl+c" || key.Matches(msg, m.keys.Quit):
		return m.quit()
	case msg.String() == "esc" || msg.String() == "enter":
		if m.unseenSecret() {
			m.askCloseResult(confirmCloseResult)
			return nil
		}
		m.result, m.overlay = nil, overlayNone
		return m.selectionChanged()
	case key.Matches(msg, m.keys.Secret):
		if m.presenter {
			m.toast(toastInfo, "presenter mode: secrets stay hidden (c still copies)")
			return nil
		}
		r.shown = !r.shown
		r.seen = r.seen || r.shown
	case key.Matches(msg, m.keys.Copy):
		return m.copyResult(r.created.Secret, "token")
	case key.Matches(msg, m.keys.CopyCmd):
		if r.command.IsZero() {
			m.fail("enroll command", r.cmdErr)
			return nil
		}
		return m.copyResult(r.command, "enroll command")
	}
	return nil
}

func (m *Model) copyResult(s backend.Secret, what string) tea.Cmd {
	clip := m.opts.Clipboard
	return m.run(func(ctx context.Context) tea.Msg {
		res, err := clip.Copy(ctx, s.Reveal())
		return copiedMsg{what: what, value: s.Reveal(), res: res, err: err}
	})
}

// openForm opens the create form of the active tab.
func (m *Model) openForm() tea.Cmd {
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: creating is off")
		return nil
	}
	m.form, m.formTab = newCreateForm(m.tab().sys), m.active
	m.overlay = overlayForm
	tab := m.active
	m.formSubmit = func(f *form.Form) tea.Cmd {
		m.toast(toastInfo, "creating a "+m.tabs[tab].sys.Title()+" token…")
		return m.create(tab, specFrom(m.tabs[tab].sys, f))
	}
	if m.tab().sys == backend.Fleet {
		return m.loadPolicies()
	}
	return nil
}

// formKey runs the open form; on submit it calls what opened it asked for.
func (m *Model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return m.quit()
	}
	cmd := m.form.Update(msg)
	if !m.form.Done() {
		return cmd
	}
	m.overlay = overlayNone
	if !m.form.Submitted() {
		return nil
	}
	return m.formSubmit(m.form)
}

// onClick selects a tab or a row.
func (m *Model) onClick(mouse tea.Mouse) tea.Cmd {
	if m.overlay != overlayNone || mouse.Button != tea.MouseLeft {
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
		t := m.tab()
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
			m.fail("listing "+t.sys.Title()+" tokens", msg.err)
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
			m.fail("creating a "+t.sys.Title()+" token", msg.err)
			return nil
		}
		m.result = &result{tab: msg.tab, created: msg.created, command: msg.command, cmdErr: msg.cmdErr}
		m.overlay = overlayResult
		t.setTokensAt(append([]backend.Token{msg.created.Token}, t.all...), msg.created.Token.ID)
		if msg.created.Warning != "" {
			m.toast(toastErr, "created, but "+msg.created.Warning)
		} else {
			m.toast(toastOK, "✓ "+t.sys.Title()+" token created")
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
		if m.result != nil {
			m.result.seen = true // copied: the panel may close without asking
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
	case commandMsg:
		m.done()
		t := m.tabs[msg.tab]
		if msg.err == nil {
			t.commands[msg.id] = msg.cmd
		}
		// (msg.id is the command key the request was made for.)
	case profileMsg:
		m.done()
		if msg.err != nil {
			m.fail("switching profile", msg.err)
			return nil
		}
		p := msg.profile
		m.opts.Profile, m.opts.Insecure = p.Name, p.Insecure
		m.setServices(p.Services, p.Hints, p.Endpoints)
		m.toast(toastOK, "✓ profile "+p.Name)
		cmds := []tea.Cmd{}
		for i := range m.tabs {
			cmds = append(cmds, m.refresh(i))
		}
		return tea.Batch(cmds...)
	case policiesMsg:
		m.done()
		if m.overlay != overlayForm || m.tabs[m.formTab].sys != backend.Fleet {
			return nil
		}
		if msg.err != nil {
			m.fail("loading agent policies", msg.err)
			return nil
		}
		m.form.SetOptions("policy", policyOptions(msg.policies))
	}
	return nil
}

func (m *Model) onRevoked(msg revokedMsg) tea.Cmd {
	t := m.tabs[msg.tab]
	var ok, failed int
	var firstErr error
	gone := map[string]bool{}
	for i, id := range msg.ids {
		if msg.errs[i] != nil && !errors.Is(msg.errs[i], backend.ErrNotFound) {
			failed++
			if firstErr == nil {
				firstErr = msg.errs[i]
			}
			continue
		}
		ok++
		gone[id] = true
		t.keep[id] = true
		delete(t.marked, id)
		delete(t.revealed, id)
	}
	// Show the new state at once, before the refresh answers: ECE drops
	// the token; Fleet and Elasticsearch keep it, revoked.
	var next []backend.Token
	for _, tok := range t.all {
		if gone[tok.ID] {
			if t.sys == backend.ECE {
				continue
			}
			tok.Status, tok.Revoked = backend.Revoked, m.opts.Now()
		}
		next = append(next, tok)
	}
	t.setTokens(next)
	switch {
	case failed == 0:
		m.toast(toastOK, "✓ "+plural(ok, "token", "tokens")+" revoked")
	case ok == 0:
		m.fail("revoke", firstErr)
	default:
		m.fail(fmt.Sprintf("revoked %d, %d failed", ok, failed), firstErr)
	}
	return m.refresh(msg.tab)
}
