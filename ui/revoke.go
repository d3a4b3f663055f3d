package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/parallel"
	"github.com/tokentui/tokentui/ui/dialog"
)

// Revoke (x): the marked tokens or the selected one, those that cannot be
// revoked skipped and named; a confirmation that names each and says
// what a revoke does (typed where the kind asks it); four requests at a
// time, each with its own outcome, said verdict first; the rows change at
// once, as the kind says, and the tab is listed again.

// revokedMsg is a revoke's answer, an outcome per id.
type revokedMsg struct {
	tab, req int
	ids      []string
	errs     []error
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

// revoke revokes ids, four at a time; each gets its own outcome. It
// counts as pending until it answers, so that quitting waits for it.
func (m *Model) revoke(i int, ids []string) tea.Cmd {
	t := m.tabs[i]
	svc := t.svc
	m.reqSeq++
	req := m.reqSeq
	m.pending[req] = "the revoke of " + backend.Plural(len(ids), t.title()+" token", t.title()+" tokens") +
		" (each may be revoked or not: run `" + t.kind.System().ListCommand() + "` to check)"
	aud, sys, names := m.opts.Audit, t.kind.System(), t.names(ids)
	return m.run(func(ctx context.Context) tea.Msg {
		errs := make([]error, len(ids))
		statuses := make([]int, len(ids))
		parallel.Each(len(ids), 4, func(k int) {
			rctx, slot := backend.WithStatusSlot(ctx)
			errs[k] = svc.Revoke(rctx, ids[k])
			statuses[k] = slot.Status()
		})
		return audited(aud, revokedMsg{tab: i, req: req, ids: ids, errs: errs}, func(a backend.Auditor) error {
			var first error
			for k, id := range ids {
				if err := a.Record(sys, "revoke", id, names[k], errs[k], statuses[k]); err != nil && first == nil {
					first = err
				}
			}
			return first
		})
	})
}

// revocable splits the targets into those a revoke can act on and the
// others, each named with why it is skipped ("old — revoked already"):
// one mark that cannot be revoked does not block the rest.
func (t *tab) revocable(targets []backend.Token, now time.Time) (ok []backend.Token, skipped []string) {
	for _, tok := range targets {
		why := ""
		switch {
		case tok.Status == backend.Revoked:
			why = "revoked already"
		case t.kind.revokeDisabled(tok, now) != "":
			why = t.kind.revokeSkip(tok, now)
		}
		if why == "" {
			ok = append(ok, tok)
			continue
		}
		skipped = append(skipped, t.name(tok)+" — "+why)
	}
	return ok, skipped
}

// revokeRefused says why none of the targets can be revoked, or "" when
// one at least can: the same text refuses the action and dims its key.
// already is true when it is only because they are revoked already.
func (t *tab) revokeRefused(targets []backend.Token, now time.Time) (why string, already bool) {
	ok, skipped := t.revocable(targets, now)
	if len(ok) > 0 || len(targets) == 0 {
		return "", false
	}
	already = true
	for _, tok := range targets {
		already = already && tok.Status == backend.Revoked
	}
	if len(targets) == 1 {
		tok := targets[0]
		if tok.Status == backend.Revoked {
			return t.kind.describe(tok) + " is revoked already", true
		}
		return t.kind.revokeDisabled(tok, now), false
	}
	return fmt.Sprintf("none of the %d marked tokens can be revoked: %s", len(targets), strings.Join(skipped, "; ")), already
}

// revoked applies a revoke's successes to the rows at once, before the
// refresh answers, as the kind says.
func (t *tab) revoked(ids []string, now time.Time) {
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
		t.keep[id] = true
		delete(t.marked, id)
		delete(t.revealed, id)
	}
	var next []backend.Token
	for _, tok := range t.all {
		if gone[tok.ID] {
			var keep bool
			if tok, keep = t.kind.afterRevoke(tok, now); !keep {
				continue
			}
		}
		next = append(next, tok)
	}
	t.setTokens(next)
}

func (m *Model) revokeDisabled() string {
	t := m.current()
	why, _ := t.revokeRefused(t.targets(), m.opts.Now())
	return why
}
