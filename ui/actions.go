package ui

import (
	"cmp"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/ui/keymap"
)

// action is one key of the main screen as data: its binding (keys and
// help text), the help section it is listed in, what it does, and why it
// cannot act now. The footer, the ? help, the command palette and the key
// lookup all read the same table (lazygit's bindings with
// GetDisabledReason, k9s's KeyAction with Dangerous), so a new key is one
// row and read-only mode strips the changing ones in one place.
type action struct {
	binding key.Binding
	section section
	// changes: it creates, revokes, deletes or marks for that; read-only
	// mode leaves it out of the footer, help and palette, and refuses it.
	changes bool
	// token: it needs a configured tab that has listed its tokens;
	// service: only a configured tab (a create, a refresh).
	token, service bool
	// footer and detail are its rank in the footer of the table and of
	// the full-screen detail (1 first; 0 not there).
	footer, detail int
	// disabled says why it cannot act now, or "": the footer then leaves
	// it out and the palette lists it with the reason. The handler says
	// the same when run anyway.
	disabled func(m *Model) string
	run      func(m *Model) tea.Cmd
}

// section groups the help; the sections are listed in this order, the
// keys that change things first so they are on the help's first screen
// even at 60×16.
type section int

const (
	sectionChange section = iota
	sectionSecret
	sectionMove
	sectionView
	sectionApp
)

func (s section) String() string {
	return [...]string{"Change", "Secret and commands", "Move", "View", "App"}[s]
}

// buildActions is the table of the main screen, in footer-independent
// order (the order of the help within a section).
func buildActions(k keymap.KeyMap) []action {
	rows := []action{
		{binding: k.New, section: sectionChange, changes: true, service: true, footer: 1, run: (*Model).openForm},
		{binding: k.Revoke, section: sectionChange, changes: true, token: true, footer: 4, detail: 9, disabled: (*Model).revokeDisabled,
			run: func(m *Model) tea.Cmd { m.askRevoke(); return nil }},
		{binding: k.Delete, section: sectionChange, changes: true, token: true, footer: 8, detail: 10, disabled: (*Model).deleteDisabled,
			run: func(m *Model) tea.Cmd { m.askDelete(); return nil }},
		{binding: k.Purge, section: sectionChange, changes: true, token: true, footer: 15,
			disabled: func(m *Model) string { return m.current().deleteRefused(nil) },
			run:      func(m *Model) tea.Cmd { m.askPurge(); return nil }},
		{binding: k.Rotate, section: sectionChange, changes: true, token: true, disabled: needSelection, run: (*Model).askRotate},
		{binding: k.Mark, section: sectionChange, changes: true, token: true, footer: 14, disabled: needSelection, run: (*Model).markSelected},
		{binding: k.MarkAll, section: sectionChange, changes: true, token: true, run: (*Model).markAll},

		{binding: k.Secret, section: sectionSecret, token: true, footer: 2, detail: 2, disabled: (*Model).secretDisabled, run: (*Model).toggleSecret},
		{binding: k.Copy, section: sectionSecret, token: true, footer: 3, detail: 3, disabled: (*Model).copyDisabled,
			run: func(m *Model) tea.Cmd { return m.copySelected(false) }},
		{binding: k.CopyEnroll, section: sectionSecret, token: true, footer: 9, detail: 4, disabled: (*Model).copyEnrollDisabled,
			run: func(m *Model) tea.Cmd { return m.copySelected(true) }},
		{binding: k.Platform, section: sectionSecret, token: true, footer: 12, detail: 6, disabled: (*Model).platformDisabled,
			run: func(m *Model) tea.Cmd { m.switchPlatform(1); return nil }},
		{binding: k.PrevPlatform, section: sectionSecret, token: true, disabled: (*Model).platformDisabled,
			run: func(m *Model) tea.Cmd { m.switchPlatform(-1); return nil }},
		{binding: k.Enroll, section: sectionSecret, token: true, footer: 10, detail: 7, disabled: (*Model).enrollDisabled, run: (*Model).enrollSelected},
		{binding: k.Verify, section: sectionSecret, token: true, footer: 11, detail: 8, disabled: (*Model).verifyDisabled, run: (*Model).verifySelected},

		{binding: k.Up, section: sectionMove, token: true, run: moveBy(func(t *tab) { t.tbl.MoveBy(-1) })},
		{binding: k.Down, section: sectionMove, token: true, run: moveBy(func(t *tab) { t.tbl.MoveBy(1) })},
		{binding: k.Top, section: sectionMove, token: true, run: moveBy(func(t *tab) { t.tbl.Top() })},
		{binding: k.Bottom, section: sectionMove, token: true, run: moveBy(func(t *tab) { t.tbl.Bottom() })},
		{binding: k.PageUp, section: sectionMove, token: true, run: moveBy(func(t *tab) { t.tbl.PageUp() })},
		{binding: k.PageDown, section: sectionMove, token: true, run: moveBy(func(t *tab) { t.tbl.PageDown() })},
		{binding: k.Detail, section: sectionMove, token: true, footer: 7, disabled: needSelection, run: func(m *Model) tea.Cmd { m.openFull(); return nil }},
		{binding: k.Back, section: sectionMove, detail: 1, run: (*Model).back},

		{binding: k.Filter, section: sectionView, token: true, footer: 5, run: (*Model).startFilter},
		{binding: k.ShowAll, section: sectionView, token: true, run: (*Model).toggleShowAll},
		{binding: k.Hidden, section: sectionView, token: true, disabled: (*Model).hiddenDisabled, run: (*Model).toggleHidden},
		{binding: k.Refresh, section: sectionView, service: true, run: (*Model).refreshKey},
		{binding: k.Presenter, section: sectionView, run: func(m *Model) tea.Cmd { m.togglePresenter(); return nil }},
		{binding: k.Error, section: sectionView, run: (*Model).showError},
		{binding: k.Mouse, section: sectionView, detail: 5, run: (*Model).toggleMouse},
		{binding: k.Audit, section: sectionView, run: (*Model).openAudit},
		// A sort or an export acts on a tab still loading (the order waits
		// for the list), but is offered only once it has listed.
		{binding: k.SortNext, section: sectionView, service: true, footer: 16, disabled: notListed, run: sortBy((*tab).stepSort, 1)},
		{binding: k.SortPrev, section: sectionView, service: true, disabled: notListed, run: sortBy((*tab).stepSort, -1)},
		{binding: k.SortReverse, section: sectionView, service: true, disabled: notListed, run: sortBy(func(t *tab, _ int) { t.reverseSort() }, 0)},
		{binding: k.Export, section: sectionView, service: true, footer: 17, disabled: notListed, run: (*Model).exportView},
		{binding: k.Requests, section: sectionView, footer: 18, run: (*Model).openRequestLog},

		{binding: k.NextTab, section: sectionApp, footer: 13, run: func(m *Model) tea.Cmd { return m.switchTab((m.active + 1) % len(m.tabs)) }},
		{binding: k.PrevTab, section: sectionApp, run: func(m *Model) tea.Cmd { return m.switchTab((m.active + len(m.tabs) - 1) % len(m.tabs)) }},
		{binding: k.Profile, section: sectionApp, footer: 6, disabled: (*Model).profileDisabled, run: (*Model).openProfiles},
		{binding: k.Palette, section: sectionApp, run: (*Model).openPalette},
		{binding: k.Help, section: sectionApp, footer: 19, detail: 11, run: func(m *Model) tea.Cmd { m.overlay = &helpOverlay{actions: m.actions()}; return nil }},
		{binding: k.Quit, section: sectionApp, footer: 20, detail: 12, run: (*Model).quit},
	}
	for i, b := range k.Tabs {
		rows = append(rows, action{binding: b, section: sectionApp, run: func(m *Model) tea.Cmd { return m.switchTab(i) }})
	}
	return rows
}

// actions are the keys offered now: read-only mode strips the changing
// ones here, and a binding switched off (E outside the demo) is not one.
func (m *Model) actions() []action {
	out := make([]action, 0, len(m.table))
	for _, a := range m.table {
		if a.binding.Enabled() && !(a.changes && m.opts.ReadOnly) {
			out = append(out, a)
		}
	}
	return out
}

// lookup finds the action of a key press among every row, offered or not.
func (m *Model) lookup(msg tea.KeyPressMsg) (action, bool) {
	for _, a := range m.table {
		if slices.Contains(a.binding.Keys(), msg.String()) {
			return a, true
		}
	}
	return action{}, false
}

// perform runs an action, or says why it cannot: read-only mode, a key
// switched off, a tab not configured or not listed yet.
func (m *Model) perform(a action) tea.Cmd {
	if a.changes && m.opts.ReadOnly {
		m.toast(toastInfo, "read-only: creating, revoking, deleting and marking are off (started with --read-only)")
		return nil
	}
	if !a.binding.Enabled() {
		if a.disabled != nil {
			if why := a.disabled(m); why != "" {
				m.toast(toastInfo, why)
			}
		}
		return nil
	}
	if why := m.tabRefused(a); why != "" {
		m.toast(toastInfo, why)
		return nil
	}
	return a.run(m)
}

// whyNot is why an action cannot act now, or "": the footer leaves such
// a key out, the palette lists it with this reason.
func (m *Model) whyNot(a action) string {
	if why := m.tabRefused(a); why != "" {
		return why
	}
	if m.overlay != nil || a.disabled == nil {
		return ""
	}
	return a.disabled(m)
}

// tabRefused says why a token action cannot act on the tab as it is:
// not configured, still loading, or its list failed.
func (m *Model) tabRefused(a action) string {
	t := m.current()
	switch {
	case !a.token && !a.service:
		return ""
	case t.svc == nil:
		return t.title() + " is not configured: " + t.hint
	case !a.token:
		return ""
	case !t.loaded && t.err != nil:
		return "the " + t.title() + " tokens could not be listed (e: details, r retries)"
	case !t.loaded:
		return "the " + t.title() + " tokens are still loading"
	}
	return ""
}

// ranked are the offered actions with a rank in the footer given by
// rank, in that order.
func (m *Model) ranked(rank func(action) int) []action {
	var out []action
	for _, a := range m.actions() {
		if rank(a) > 0 {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b action) int { return rank(a) - rank(b) })
	return out
}

// notListed says why the tab has no list to act on yet, or "".
func notListed(m *Model) string { return m.tabRefused(action{token: true}) }

// sortBy changes the tab's order and says the new one.
func sortBy(change func(t *tab, d int), d int) func(m *Model) tea.Cmd {
	return func(m *Model) tea.Cmd {
		t := m.current()
		change(t, d)
		m.toast(toastInfo, cmp.Or(t.sortLabel(), "in the server's order"))
		return m.selectionChanged()
	}
}

func needSelection(m *Model) string {
	if _, ok := m.current().selected(); !ok {
		return "no token selected"
	}
	return ""
}

func moveBy(move func(t *tab)) func(m *Model) tea.Cmd {
	return func(m *Model) tea.Cmd {
		move(m.current())
		return m.selectionChanged()
	}
}
