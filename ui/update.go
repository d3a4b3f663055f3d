package ui

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/dialog"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/theme"
)

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

// QuitSignal asks the UI to quit as q does: the program sends it on
// SIGTERM and SIGINT (instead of letting Bubble Tea quit at once), so a
// create or revoke in flight is waited for, and a second one abandons it.
type QuitSignal struct{}

// quit quits, unless a fresh secret nobody saw would be lost (then it
// asks first) or a create or revoke is in flight (then it waits).
func (m *Model) quit() tea.Cmd {
	if r, ok := m.overlay.(*result); ok && r.unseen() {
		m.askLeave(r, true)
		return nil
	}
	return m.quitWhenIdle()
}

// quitWhenIdle quits once no create or revoke is in flight: their
// answer may carry a secret shown only once, or a failure to know of.
func (m *Model) quitWhenIdle() tea.Cmd {
	if len(m.pending) > 0 {
		if m.waitQuit {
			return m.abandon()
		}
		m.waitQuit, m.waitFail = true, false
		return nil
	}
	m.quitting = true
	return tea.Quit
}

// waitKey handles a key while a quit waits: ctrl+c (or another signal)
// abandons the requests, esc stays, anything else repeats what is going
// on (the status line says it).
func (m *Model) waitKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "ctrl+c":
		return m.abandon()
	case "esc":
		m.waitQuit = false
		m.toast(toastInfo, "not quitting")
	}
	return nil
}

// abandon quits without the answers in flight; Abandoned says what they
// may have left behind.
func (m *Model) abandon() tea.Cmd {
	ids := slices.Sorted(maps.Keys(m.pending))
	for _, id := range ids {
		m.abandoned = append(m.abandoned, m.pending[id])
	}
	m.quitting = true
	return tea.Quit
}

// Abandoned lists the creates and revokes the user quit without waiting
// for, each with how to check what it did; the program prints them.
func (m *Model) Abandoned() []string { return m.abandoned }

// settled is called when a create or revoke answered. A quit that waited
// for it stops there: what the request did (a result panel, a revoke's
// outcome, an error) is shown first, and the status line says that q
// quits now; only a quit with nothing in flight quits at once.
func (m *Model) settled(req int) tea.Cmd {
	delete(m.pending, req)
	if !m.waitQuit || len(m.pending) > 0 {
		return nil
	}
	m.waitQuit = false
	switch r, ok := m.overlay.(*result); {
	case ok && r.unseen():
		m.waitDone = "not quitting: here is the new token, which will not be shown again · q quits now"
	case m.waitFail:
		m.waitDone = "not quitting: a request failed (e: details) · q quits now"
	default:
		m.waitDone = "not quitting: the request finished (its result is shown) · q quits now"
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

// toggleSecret shows or hides the selected token's secret; unless the
// detail pane is beside the table, showing opens the full-screen detail.
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
	if why := t.secretRefused(tok); why != "" {
		m.toast(toastInfo, why)
		return nil
	}
	if m.presenter {
		m.toast(toastInfo, "presenter mode: secrets stay hidden (c still copies)")
		return nil
	}
	if !m.layoutNow().beside { // under the table, a long secret could fold the pane away
		m.openFull()
	}
	return m.fetchSecret(m.active, tok.ID)
}

func (m *Model) copySelected(enroll bool) tea.Cmd {
	t := m.current()
	tok, ok := t.selected()
	if !ok {
		return nil
	}
	why := t.useRefused(tok, m.opts.Now())
	if enroll {
		why = t.enrollRefused(tok, m.opts.Now())
	}
	if why != "" {
		m.toast(toastInfo, why)
		return nil
	}
	var entry *enrollEntry
	if enroll {
		if entry = t.enroll[t.kind.enrollKey(tok)]; entry == nil {
			entry = &enrollEntry{} // not read yet: the copy reads it
		}
	}
	return m.copySecret(m.active, tok, t.revealed[tok.ID].secret, entry)
}

// askRevoke opens the confirmation for the marked tokens, or the selected
// one. Marked tokens that cannot be revoked are skipped, and the dialog
// names them with why; only when none can be revoked is x refused.
func (m *Model) askRevoke() {
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: revoking is off")
		return
	}
	t, tabIndex, now := m.current(), m.active, m.opts.Now()
	all := t.targets()
	if len(all) == 0 {
		return
	}
	if why, already := t.revokeRefused(all, now); already {
		m.toast(toastInfo, why) // nothing is wrong: it is done already
		return
	} else if why != "" {
		m.toast(toastErr, why)
		return
	}
	targets, skipped := t.revocable(all, now)
	ids := idsOf(targets)
	effect := t.kind.base().revokeEffect
	if len(ids) > 1 {
		effect = t.kind.base().revokeEffects
	}
	title := "Revoke " + backend.Plural(len(ids), t.title()+" token", t.title()+" tokens") + "?"
	warning, typed := t.kind.revokeWarning(targets)
	warning = strings.TrimSpace(warning + "\n" + t.collectorsWarning(targets))
	var require string
	if typed {
		require = ids[0]
		if len(ids) > 1 {
			require = fmt.Sprintf("revoke %d", len(ids))
		}
	}
	dlg := m.fitDialog(func(most int) dialog.Confirm {
		body := t.targetLines(targets, "(hidden by the filter)", most)
		if len(skipped) > 0 {
			body = append(body, "", "skipped (unmarked): "+strings.Join(skipped, "; "))
		}
		return dialog.New(title, body, effect, warning, "Revoke", require)
	})
	m.ask(dlg, func(accepted bool) tea.Cmd {
		if !accepted {
			m.toast(toastInfo, "nothing revoked")
			return nil
		}
		for _, tok := range all { // the skipped ones, as the dialog said
			if !slices.Contains(ids, tok.ID) {
				delete(t.marked, tok.ID)
			}
		}
		return m.revoke(tabIndex, ids)
	})
}

// openForm opens the create form of the active tab, and loads what its
// pickers offer.
func (m *Model) openForm() tea.Cmd {
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: creating is off")
		return nil
	}
	i, t := m.active, m.current()
	if why := t.createRefused(); why != "" {
		m.toast(toastInfo, why)
		return nil
	}
	o := &formOverlay{form: t.newForm(), tab: i, stay: true}
	o.submit = func(f *form.Form) tea.Cmd {
		o.busy = true
		f.SetStatus("creating the "+t.title()+" token… (esc closes this form; the answer still shows)", false)
		spec, _ := t.kind.spec(f) // the form let it through: it parsed
		return m.create(i, spec, o)
	}
	m.overlay = o
	if ld := t.kind.formOptions(t.svc); ld != nil {
		o.form.SetOptionsLoading(ld.field, "loading "+ld.what+"…")
		return m.loadOptions(i, ld)
	}
	return nil
}

// openProfiles opens the profile picker, on the current profile.
func (m *Model) openProfiles() tea.Cmd {
	// All profiles comes first: the one view that shows every profile.
	all := form.Option{Label: AllProfiles, Value: AllProfiles}
	if m.opts.Profile == AllProfiles {
		all.Label += "  (current)"
	}
	opts := []form.Option{all}
	for _, p := range m.opts.Profiles {
		label := sanitize.Text(p) // the configuration's text
		if p == m.opts.Profile {
			label += "  (current)"
		}
		opts = append(opts, form.Option{Label: label, Value: p})
	}
	f := form.New("Switch profile", "The tabs reload with the chosen profile's systems (all profiles: every profile's, each row named by its profile).",
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
	f.Select("profile", m.opts.Profile)
	return nil
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
		t.err, t.probe = msg.err, nil
		m.failOn(msg.tab, "listing "+t.title()+" tokens", msg.err)
		return nil
	}
	if t.failing = failing; failing != nil { // the other profiles' tokens show
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

// onSecret shows a secret fetched for s, unless presenter mode is on.
func (m *Model) onSecret(msg secretMsg) {
	m.done()
	t := m.tabs[msg.tab]
	if msg.err != nil {
		var su *backend.SecretUnavailableError
		if errors.As(msg.err, &su) {
			m.toastOn(msg.tab, toastErr, msg.err.Error())
			return
		}
		m.failOn(msg.tab, "fetching the secret", msg.err)
		return
	}
	if !m.presenter {
		t.revealed[msg.id] = reveal{secret: msg.secret, until: m.opts.Now().Add(m.opts.SecretTTL)}
	}
}

// onClipCleared says when a copied secret left the clipboard, or could
// not be cleared.
func (m *Model) onClipCleared(msg clipClearedMsg) {
	switch {
	case msg.err != nil: // the secret may still be in the clipboard
		m.fail("clearing the clipboard", msg.err)
	case msg.cleared:
		m.toast(toastInfo, "clipboard cleared")
	}
}

// onEnrollTarget keeps what a token's enroll command needs.
func (m *Model) onEnrollTarget(msg enrollMsg) {
	m.done()
	if t := m.tabs[msg.tab]; t == msg.from { // else it was read for another profile's system
		t.enroll[msg.key] = newEnrollEntry(msg.target, msg.err)
	}
}

// onProfile rebuilds the tabs for the profile switched to.
func (m *Model) onProfile(msg profileMsg) tea.Cmd {
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
}

// onOptions fills the create form's picker, unless the form was closed.
func (m *Model) onOptions(msg optionsMsg) {
	m.done()
	o, ok := m.overlay.(*formOverlay)
	switch {
	case !ok || o.tab != msg.tab:
		// the form was closed meanwhile
	case msg.err != nil:
		m.failOn(msg.tab, "loading "+msg.what, msg.err)
		o.form.SetOptionsError(msg.field, sanitize.Text(optionsFailure(msg.from, msg.what, msg.err)))
	default:
		o.form.SetOptions(msg.field, msg.options)
	}
}

// onCreated shows a create's answer: the result panel, or the error in
// the form that asked (its values kept). A create whose answer was lost
// may have made its token: the tab is listed again and any token that
// appeared meanwhile is pointed at.
func (m *Model) onCreated(msg createdMsg) tea.Cmd {
	m.done()
	t := m.tabs[msg.tab]
	after, op := m.rotated(msg)
	op = cmp.Or(op, "creating the "+t.title()+" token")
	if msg.err != nil {
		m.failOn(msg.tab, op, msg.err)
		if !maybeCreated(msg.err) {
			if msg.form != nil {
				msg.form.failed(msg.err)
			}
			return m.settled(msg.req)
		}
		if msg.form != nil && m.overlay == msg.form {
			m.overlay = nil // submitting again could make a second token
		}
		t.probe = msg.before
		m.toastOn(msg.tab, toastErr, "no answer to the create: the token may have been created; listing "+t.title()+" tokens again…")
		m.toasts[len(m.toasts)-1].more = true
		return tea.Batch(m.refresh(msg.tab), m.settled(msg.req))
	}
	m.overlay = &result{tab: msg.tab, created: msg.created, enroll: newEnrollEntry(msg.target, msg.enrErr), after: after}
	t.made[msg.created.Token.ID] = true // its secret is at hand for this run
	t.setTokensAt(append([]backend.Token{msg.created.Token}, t.all...), msg.created.Token.ID)
	if msg.created.Warning != "" {
		m.toastOn(msg.tab, toastErr, "created, but "+msg.created.Warning)
	} else {
		m.toastOn(msg.tab, toastOK, "✓ "+t.title()+" token created")
	}
	return tea.Batch(m.refresh(msg.tab), m.settled(msg.req))
}

// pointAtNew selects a token that appeared since a create whose answer
// was lost, and says so; it says too when none did.
func (m *Model) pointAtNew(i int) {
	t := m.tabs[i]
	before := t.probe
	t.probe = nil
	var fresh []backend.Token
	for _, tok := range t.all {
		if !before[tok.ID] {
			fresh = append(fresh, tok)
		}
	}
	if len(fresh) == 0 {
		m.toastOn(i, toastInfo, "no new "+t.title()+" token is listed: the create probably failed, but it may still show up (r lists again)")
		return
	}
	tok := fresh[0]
	t.setTokensAt(t.all, tok.ID)
	text := "the create may have made " + t.kind.describe(tok) + " (selected)"
	if len(fresh) > 1 {
		text = fmt.Sprintf("%d tokens appeared; the first, %s, is selected: the create may have made one of them", len(fresh), t.kind.describe(tok))
	}
	if !t.shown()[tok.ID] {
		text += " (hidden by the filter: esc clears it)"
	}
	m.toastOn(i, toastInfo, text)
}

// optionsFailure is what a picker says when its options did not load:
// short, as it stands in the form; the footer and e give the reason.
func optionsFailure(from, what string, err error) string {
	const retry = ": esc, then n retries"
	if from != "" && errors.Is(err, backend.ErrUnreachable) {
		return from + " unreachable" + retry
	}
	return "could not load " + what + retry
}

// onRevoked says a revoke's outcome, verdict first and with the tokens'
// names as the table shows them: "✗ edge-2026 NOT revoked: …".
func (m *Model) onRevoked(msg revokedMsg) tea.Cmd {
	m.done()
	t := m.tabs[msg.tab]
	byID := map[string]backend.Token{}
	for _, tok := range t.all {
		byID[tok.ID] = tok
	}
	name := func(id string) string {
		if tok, ok := byID[id]; ok {
			return t.name(tok)
		}
		return id
	}
	var firstErr error
	var done, gone, failed, unknown []string // not on the server: nothing was revoked, so not "revoked"
	for i, id := range msg.ids {
		var ou *backend.OutcomeUnknownError
		switch err := msg.errs[i]; {
		case errors.Is(err, backend.ErrNotFound):
			gone = append(gone, name(id))
		case errors.As(err, &ou):
			unknown = append(unknown, name(id))
			firstErr = cmp.Or(firstErr, err)
		case err != nil:
			failed = append(failed, name(id))
			firstErr = cmp.Or(firstErr, err)
		default:
			done = append(done, id)
		}
	}
	// Show the new state at once, before the refresh answers.
	names := make([]string, len(done))
	for i, id := range done {
		names[i] = name(id)
	}
	t.revoked(done, m.opts.Now())
	ok := backend.Plural(len(done), "token revoked", "tokens revoked") + ": " + listNames(names)
	if note := t.kind.base().revokedNote; note != "" {
		ok += " (" + note + ")"
	}
	switch {
	case len(failed) > 0 || len(unknown) > 0:
		verdict := "✗ " + listNames(failed) + " NOT revoked"
		if len(failed) == 0 {
			verdict = "? " + listNames(unknown) + ": revoke outcome unknown"
		} else if len(unknown) > 0 {
			verdict += ", " + listNames(unknown) + " unknown"
		}
		if len(done) > 0 {
			verdict += "; " + ok
		}
		if len(gone) > 0 {
			verdict += "; already gone: " + listNames(gone)
		}
		m.failOn(msg.tab, verdict, firstErr)
	case len(done) == 0:
		m.toastOn(msg.tab, toastInfo, listNames(gone)+" already gone (not on the server): nothing to revoke")
	case len(gone) > 0:
		m.toastOn(msg.tab, toastOK, "✓ "+ok+"; already gone: "+listNames(gone))
	default:
		m.toastOn(msg.tab, toastOK, "✓ "+ok)
	}
	return tea.Batch(m.refresh(msg.tab), m.settled(msg.req))
}

// listNames names up to three tokens, then how many more.
func listNames(names []string) string {
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}
