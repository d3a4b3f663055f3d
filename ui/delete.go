package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/dialog"
)

// Delete and purge, offered where the tab's service is a backend.Deleter
// (Fleet): a delete revokes an active token and removes its record; a
// purge deletes the revoked and expired tokens the filter matches. Each
// token's outcome comes from the backend's report, which reads it back:
// the UI says "deleted" only of a token the report says is deleted.

// deletedMsg is a delete's or a purge's answer.
type deletedMsg struct {
	tab, req int
	purge    bool
	targets  []backend.Token // as asked, to name them once their rows are gone
	report   backend.DeleteReport
}

func idsOf(tokens []backend.Token) []string {
	ids := make([]string, len(tokens))
	for i, tok := range tokens {
		ids[i] = tok.ID
	}
	return ids
}

// deleting is the active tab and its index when it can delete now;
// otherwise it says why not (read-only mode, a system without delete)
// and is nil.
func (m *Model) deleting(verb string) (*tab, int) {
	t := m.current()
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: "+verb+" is off")
		return nil, 0
	}
	if _, ok := t.deleter(); !ok {
		m.toast(toastInfo, t.deleteRefused(nil))
		return nil, 0
	}
	return t, m.active
}

// askDelete opens the confirmation of a delete of the marked tokens, or
// the selected one.
func (m *Model) askDelete() {
	t, tabIndex := m.deleting("deleting")
	if t == nil {
		return
	}
	targets := t.targets()
	if len(targets) == 0 {
		return
	}
	if why := t.deleteRefused(targets); why != "" {
		m.toast(toastErr, why)
		return
	}
	b := t.kind.base()
	effect := b.deleteEffect + " This cannot be undone (x revokes and keeps the record)."
	for _, tok := range targets {
		if tok.Status == backend.Active {
			effect = b.deleteActive + " " + effect
			break
		}
	}
	effect = strings.TrimSpace(effect)
	title := "Delete " + backend.Plural(len(targets), t.title()+" token", t.title()+" tokens") + "?"
	dlg := m.fitDialog(func(most int) dialog.Confirm {
		return dialog.New(title, t.targetLines(targets, "(hidden by the filter)", most), effect, t.collectorsWarning(targets), "Delete", "")
	})
	m.ask(dlg, func(accepted bool) tea.Cmd {
		if !accepted {
			m.toast(toastInfo, "nothing deleted")
			return nil
		}
		return m.deleteTokens(tabIndex, targets, false)
	})
}

// askPurge opens the confirmation of a purge: the dialog lists what
// would go (the dry run) before anything is sent.
func (m *Model) askPurge() {
	t, tabIndex := m.deleting("purging")
	if t == nil {
		return
	}
	matching := t.filtered()
	gone := backend.PurgeCandidates(matching, false)
	left := len(backend.PurgeCandidates(matching, true)) - len(gone)
	what := "revoked or expired " + t.title() + " tokens"
	if t.filter != "" {
		what += " matching the filter " + fmt.Sprintf("%q", t.filter)
	}
	stay := ""
	if left > 0 {
		stay = backend.Plural(left, "token", "tokens") + " of managed or agentless policies stay: Fleet manages them."
	}
	if len(gone) == 0 {
		m.toast(toastInfo, strings.TrimSpace("nothing to purge: no "+what+". "+stay))
		return
	}
	head := "Every revoked or expired one would go:" // the title names the rest
	if t.filter != "" {
		head = fmt.Sprintf("Those matching the filter %q would go:", t.filter)
	}
	title := "Purge: delete " + backend.Plural(len(gone), "inactive "+t.title()+" token", "inactive "+t.title()+" tokens") + "?"
	effect := strings.TrimSpace(t.kind.base().deleteEffect + " Active tokens are not touched.")
	dlg := m.fitDialog(func(most int) dialog.Confirm {
		body := append([]string{head}, t.targetLines(gone, "", most)...)
		if stay != "" {
			body = append(body, stay)
		}
		return dialog.New(title, body, effect, "", "Delete", "")
	})
	m.ask(dlg, func(accepted bool) tea.Cmd {
		if !accepted {
			m.toast(toastInfo, "nothing purged")
			return nil
		}
		return m.deleteTokens(tabIndex, gone, true)
	})
}

// fitDialog builds a dialog that lists tokens with as many of them (up
// to eight) as let it fit the screen whole, blank lines aside: the
// squeeze that fits an overlay would otherwise cut the list's top.
func (m *Model) fitDialog(build func(most int) dialog.Confirm) dialog.Confirm {
	for most := 8; most > 1; most-- {
		d := build(most)
		n := 0
		for _, l := range strings.Split(d.View(m.theme, m.width), "\n") {
			if strings.TrimSpace(strings.Trim(ansi.Strip(l), "│")) != "" {
				n++
			}
		}
		if n <= m.bodyHeight() {
			return d
		}
	}
	return build(1)
}

// deleteTokens deletes targets in tab i: by id (each is read first), or,
// for a purge, as listed. It counts as pending until it answers, so
// that quitting waits for it.
func (m *Model) deleteTokens(i int, targets []backend.Token, purge bool) tea.Cmd {
	t := m.tabs[i]
	d, _ := t.deleter()
	m.reqSeq++
	req := m.reqSeq
	m.pending[req] = "the delete of " + backend.Plural(len(targets), t.title()+" token", t.title()+" tokens") +
		" (each may be deleted or not: run `" + t.kind.System().ListCommand() + "` to check)"
	opts := backend.DeleteOptions{Keys: m.keyInspector()}
	aud, sys, verb := m.opts.Audit, t.kind.System(), "delete"
	if purge {
		verb = "purge"
	}
	return m.run(func(ctx context.Context) tea.Msg {
		var rep backend.DeleteReport
		if purge {
			rep = d.DeleteTokens(ctx, targets, opts)
		} else {
			rep = d.Delete(ctx, idsOf(targets), opts)
		}
		return audited(aud, deletedMsg{tab: i, req: req, purge: purge, targets: targets, report: rep},
			func(a backend.Auditor) error { return a.RecordDeletes(sys, verb, rep) })
	})
}

// onDeleted applies a delete's report to the rows and says it: a toast
// when every token is gone, else the report token by token (and e gives
// it again); then the tab is listed again.
func (m *Model) onDeleted(msg deletedMsg) tea.Cmd {
	m.done()
	t := m.tabs[msg.tab]
	t.deleted(msg.report, m.opts.Now())
	// What is said from here on is the servers' text (names, reasons),
	// sanitized once.
	rep := msg.report
	rep.Results = slices.Clone(rep.Results)
	for i := range rep.Results {
		rep.Results[i].Reason = sanitize.Text(rep.Results[i].Reason)
	}
	name := func(id string) string {
		for _, tok := range msg.targets {
			if tok.ID == id {
				return sanitize.Text(t.kind.describe(tok))
			}
		}
		return sanitize.Text(id)
	}
	counts := deleteCounts(rep)
	verb := "deleting"
	if msg.purge {
		verb = "purging"
	}
	if rep.Failed() == 0 && !rep.NoDelete {
		text := "✓ " + counts
		if len(rep.Results) == 1 {
			text = "✓ " + name(rep.Results[0].ID) + ": " + rep.Results[0].Outcome.String()
		}
		m.toastOn(msg.tab, toastOK, text)
		return tea.Batch(m.refresh(msg.tab), m.settled(msg.req))
	}
	var lines []string
	if rep.NoDelete {
		lines = append(lines, noDelete)
	}
	for _, r := range rep.Results {
		if !r.OK() {
			lines = append(lines, name(r.ID)+": "+r.Outcome.String()+": "+r.Reason)
		}
	}
	op := fmt.Sprintf("%s %s (%s)", verb, backend.Plural(len(rep.Results), t.title()+" token", t.title()+" tokens"), counts)
	if len(rep.Results) == 1 {
		op = verb + " " + name(rep.Results[0].ID)
		lines[len(lines)-1] = rep.Results[0].Outcome.String() + ": " + rep.Results[0].Reason
	}
	m.failOn(msg.tab, op, errors.New(strings.Join(lines, "\n")))
	if m.overlay == nil && msg.tab == m.active { // elsewhere its toast waits on its tab
		m.overlay = &deleteReport{tab: msg.tab, purge: msg.purge, report: rep, name: name}
	}
	return tea.Batch(m.refresh(msg.tab), m.settled(msg.req))
}

// noDelete is what an older Kibana's answer to a delete means.
const noDelete = "This Kibana cannot delete enrollment tokens (Kibana 9.5 added it): the tokens it revoked keep their records."

// deleteCounts says a report in counts: "2 deleted, 1 already gone".
func deleteCounts(rep backend.DeleteReport) string {
	n := map[backend.DeleteOutcome]int{}
	for _, r := range rep.Results {
		n[r.Outcome]++
	}
	var parts []string
	for _, o := range []backend.DeleteOutcome{backend.DeleteDeleted, backend.DeleteAlreadyGone, backend.DeleteRemovedUnverified,
		backend.DeleteRevokedOnly, backend.DeleteSkippedHidden, backend.DeleteFailed, backend.DeleteNotFound, backend.DeleteUnknown} {
		if n[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[o], o))
		}
	}
	return joinOr(parts, ", ", "nothing to delete")
}

// deleteReport is the panel of a delete or purge that did not delete
// every token: each token's outcome, and why. j/k scroll it when it is
// long; any other key closes it.
type deleteReport struct {
	tab    int
	purge  bool
	report backend.DeleteReport
	name   func(id string) string
	top    int
}

func (r *deleteReport) rows(body int) int { return body - 2 }

func (r *deleteReport) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if scrollKey(m.keys, msg, &r.top, r.rows(m.bodyHeight())) {
		return nil
	}
	return closeOnKey(m, msg)
}

// view lists every token's outcome; the names and reasons were sanitized
// as they came in (onDeleted).
func (r *deleteReport) view(s screen) string {
	th := s.theme
	width := min(90, s.width-6)
	title := "Delete"
	if r.purge {
		title = "Purge"
	}
	title += ": " + deleteCounts(r.report)
	var lines []string
	if hint := "  any other key closes"; ansi.StringWidth(title+hint) <= width {
		lines = append(lines, th.DialogTitle.Render(title)+th.Desc.Render(hint))
	} else {
		lines = append(lines, strings.Split(th.DialogTitle.Render(wrapAtSpaces(title, width)), "\n")...)
	}
	lines = append(lines, "")
	add := func(style lipgloss.Style, text string) {
		for i, l := range strings.Split(wrapAtSpaces(text, width-2), "\n") {
			if i > 0 {
				l = "  " + l
			}
			lines = append(lines, style.Render(l))
		}
	}
	if r.report.NoDelete {
		add(th.Warning, noDelete)
		lines = append(lines, "")
	}
	// The tokens that were not deleted first: in a long purge they
	// would be lost among the others.
	results := slices.Clone(r.report.Results)
	slices.SortStableFunc(results, func(a, b backend.DeleteResult) int {
		return cmp.Compare(boolInt(a.OK()), boolInt(b.OK()))
	})
	for _, res := range results {
		mark, style := "✗", th.Failure
		switch res.Outcome {
		case backend.DeleteDeleted, backend.DeleteAlreadyGone:
			mark, style = "✓", th.Success
		case backend.DeleteRevokedOnly, backend.DeleteRemovedUnverified:
			mark, style = "!", th.Warning
		case backend.DeleteSkippedHidden:
			mark, style = "–", th.Desc
		case backend.DeleteUnknown:
			mark = "?"
		}
		text := mark + " " + r.name(res.ID) + ": " + res.Outcome.String()
		if res.Reason != "" {
			text += ": " + res.Reason
		}
		add(style, text)
	}
	if len(lines) <= r.rows(s.bodyHeight()) {
		return th.Dialog.Render(lipgloss.NewStyle().Width(width).Render(strings.Join(lines, "\n")))
	}
	return th.Dialog.Render(s.scrolled(lines, &r.top, r.rows(s.bodyHeight()), width, 0))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// keyInspector is the service of a tab that reads Elasticsearch API keys
// (the Elasticsearch tab, when configured): a Fleet delete checks each
// removed token's key with it.
func (m *Model) keyInspector() backend.APIKeyInspector {
	for _, t := range m.tabs {
		if t.joined() {
			return nil // one profile's keys would judge another's tokens: the outcome stays unverified
		}
		if k, ok := t.svc.(backend.APIKeyInspector); ok {
			return k
		}
	}
	return nil
}
