package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// Secrets: s shows the selected token's secret (fetched where the system
// gives it again, else known from a create of this run) until it hides
// again; c copies it, y its enroll command; a copy says how it went, and
// a native clipboard is cleared later if unchanged. The table never shows
// a secret, and presenter mode never draws one.

type (
	// secretMsg is a secret fetched for s.
	secretMsg struct {
		tab    int
		id     string
		secret backend.Secret
		err    error
	}
	// copiedMsg is a copy's outcome.
	copiedMsg struct {
		tab    int // where the copy was asked: its outcome is said there
		what   string
		value  string  // kept to clear the clipboard later, if unchanged
		result *result // the result panel copied from, if any
		res    clipboard.Result
		err    error
	}
	// clipClearedMsg says whether the clipboard was cleared.
	clipClearedMsg struct {
		cleared bool
		err     error
	}
)

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

func (m *Model) fetchSecret(i int, id string) tea.Cmd {
	svc := m.tabs[i].svc
	return m.run(func(ctx context.Context) tea.Msg {
		s, err := svc.Secret(ctx, id)
		return secretMsg{tab: i, id: id, secret: s, err: err}
	})
}

// copySecret copies a token's secret, fetching it where needed; with
// enroll, its enroll command on the platform shown instead (an entry not
// loaded yet is read here, on its default platform).
func (m *Model) copySecret(i int, tok backend.Token, known backend.Secret, enroll *enrollEntry) tea.Cmd {
	svc, clip := m.tabs[i].svcFor(tok), m.opts.Clipboard
	var entry enrollEntry // a copy: the command must not read the model
	if enroll != nil {
		entry = *enroll
	}
	return m.run(func(ctx context.Context) tea.Msg {
		secret := known
		if secret.IsZero() {
			var err error
			if secret, err = svc.Secret(ctx, tok.ID); err != nil {
				return copiedMsg{tab: i, err: err}
			}
		}
		what, value := "token", secret
		if enroll != nil {
			if entry.platform == "" && entry.err == nil {
				entry = *newEnrollEntry(resolveTarget(ctx, svc, tok, secret))
			}
			cmd, err := entry.command(secret)
			if err != nil {
				return copiedMsg{tab: i, err: err}
			}
			what, value = entry.what(), cmd
		}
		res, err := clip.Copy(ctx, value.Reveal())
		return copiedMsg{tab: i, what: what, value: value.Reveal(), res: res, err: err}
	})
}

// copyResult copies from the result panel r, which then counts as seen.
func (m *Model) copyResult(r *result, s backend.Secret, what string) tea.Cmd {
	clip := m.opts.Clipboard
	return m.run(func(ctx context.Context) tea.Msg {
		res, err := clip.Copy(ctx, s.Reveal())
		return copiedMsg{tab: r.tab, what: what, value: s.Reveal(), result: r, res: res, err: err}
	})
}

func (m *Model) clearClipboardLater(res clipboard.Result, value string) tea.Cmd {
	clip := m.opts.Clipboard
	return m.opts.After(m.opts.ClipboardTTL, func(time.Time) tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		cleared, err := clip.ClearIfUnchanged(ctx, res, value)
		return clipClearedMsg{cleared: cleared, err: err}
	})
}

// onCopied says what a copy did, verdict first: ✓ only where delivery is
// known (a native tool that exited 0, tmux's paste buffer); "sent" where
// it cannot be known (an OSC 52 passed on to the terminal); ✗ with the
// one-line fix where it is known not to arrive (tmux's defaults drop it).
func (m *Model) onCopied(msg copiedMsg) tea.Cmd {
	m.done()
	what := msg.what
	if what == "" {
		what = "token"
	}
	if msg.err != nil {
		var blocked *clipboard.BlockedError
		if errors.As(msg.err, &blocked) {
			// Short enough for 80 columns with its fix; e says the rest.
			m.lastError(m.tabs[msg.tab], "copying the "+what, fmt.Errorf("%w; or copy it by hand: s shows it, enter full screen", msg.err))
			m.toastOn(msg.tab, toastErr, "✗ "+what+" NOT copied: tmux drops OSC 52 (fix: "+blocked.Fix+")")
			return nil
		}
		m.failOn(msg.tab, "✗ "+what+" NOT copied", msg.err)
		return nil
	}
	if msg.result != nil {
		msg.result.seen = true // copied: the panel may close without asking
	}
	text := msg.res.Message(what)
	switch {
	case msg.res.Method == clipboard.MethodNative:
		m.toastOn(msg.tab, toastOK, "✓ "+text+"; cleared in "+m.opts.ClipboardTTL.String()+" if unchanged")
		return m.clearClipboardLater(msg.res, msg.value)
	case msg.res.Delivered():
		m.toastOn(msg.tab, toastOK, "✓ "+text)
	default:
		m.toastOn(msg.tab, toastInfo, text)
	}
	return tea.Raw(msg.res.Sequence)
}

// secretRefused says why the token's secret cannot be shown or copied
// (nor its enroll command, which holds it), or "".
func (t *tab) secretRefused(tok backend.Token) string {
	if t.kind.base().secretAgain || t.made[tok.ID] || tok.SessionOnly {
		return ""
	}
	if _, shown := t.revealed[tok.ID]; shown {
		return ""
	}
	return (&backend.SecretUnavailableError{System: t.kind.System(), ID: tok.ID}).Error()
}

// secretLines are the secret, or its mask and what the keys can do.
func (m *Model) secretLines(t *tab, tok backend.Token, width int, full bool) []string {
	th := m.theme
	r, shown := t.revealed[tok.ID]
	switch {
	case shown && !m.presenter:
		secret := sanitize.Text(r.secret.Reveal())
		note := th.Dim.Render("hides " + until(r.until, m.shownNow()) + " · s hides · c copies")
		if !full {
			if ansi.StringWidth(secret) > width {
				note += th.Dim.Render(" · enter: on one line")
			}
			return append(strings.Split(th.Secret.Render(wrapAtSpaces(secret, width)), "\n"), note)
		}
		if ansi.StringWidth(secret) > width {
			// Longer than the screen: the pieces are on lines of their
			// own, nothing else on them.
			note += th.Dim.Render(" · longer than the screen: join the lines, or copy it with c")
		}
		return append([]string{note}, strings.Split(th.Secret.Render(wrapAtSpaces(secret, width)), "\n")...)
	case t.secretRefused(tok) != "":
		why := "not available: " + t.title() + " gives it only once, when the token is created (n makes a new one)"
		return strings.Split(th.Dim.Render(wrapAtSpaces(why, width)), "\n")
	case m.presenter:
		return []string{"•••••••• " + th.Dim.Render("presenter mode: hidden (c copies)")}
	}
	if tok.Status != backend.Active {
		return []string{"•••••••• " + th.Dim.Render("s shows · "+string(tok.Status)+": nothing to copy")}
	}
	return []string{"•••••••• " + th.Dim.Render("s shows · c copies")}
}

// secretCell is the table's secret column: never the secret itself.
func (m *Model) secretCell(t *tab, tok backend.Token) string {
	if _, shown := t.revealed[tok.ID]; shown && !m.presenter {
		return "shown"
	}
	// A word, as "shown" is: a screen reader says it, and a cursor move
	// that rewrites two rows sends 6 bytes for it, not 24.
	return "hidden"
}

func (m *Model) secretDisabled() string {
	if m.presenter {
		return "presenter mode: secrets stay hidden"
	}
	return m.selectedRefused((*tab).secretRefused)
}

func (m *Model) copyDisabled() string {
	return m.selectedRefused(func(t *tab, tok backend.Token) string { return t.useRefused(tok, m.opts.Now()) })
}
