package ui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/dialog"
)

// The result panel of a create (or a rotate's): the new token, its secret
// (masked until s) and its enroll command; leaving it, or quitting, with
// a secret shown only once and never seen asks first.

// result is the panel shown after a create.
type result struct {
	tab     int
	in      *tab // the tab tab is, for the view
	created backend.Created
	enroll  *enrollEntry   // the enroll command, on the platform shown
	shown   bool           // the secret is on screen now
	until   time.Time      // when a shown secret hides again (as in the detail pane)
	seen    bool           // shown or copied at least once
	after   func() tea.Cmd // what follows the panel's closing (a rotate's revoke), or nil
}

// closed closes the panel and runs what follows it.
func (r *result) closed(m *Model) tea.Cmd {
	m.overlay = nil
	cmd := m.selectionChanged()
	if r.after != nil {
		cmd = tea.Batch(cmd, r.after())
	}
	return cmd
}

// unseen reports whether a fresh Elasticsearch or ECE secret would be
// lost: it was neither shown nor copied.
func (r *result) unseen() bool { return r.created.OnlyOnce && !r.seen }

func (r *result) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case msg.String() == "ctrl+c" || key.Matches(msg, m.keys.Quit):
		return m.quit()
	case msg.String() == "esc" || msg.String() == "enter":
		if r.unseen() {
			m.askLeave(r, false)
			return nil
		}
		return r.closed(m)
	case key.Matches(msg, m.keys.Secret):
		if m.presenter {
			m.toast(toastInfo, "presenter mode: secrets stay hidden (c still copies)")
			return nil
		}
		r.shown = !r.shown
		r.seen = r.seen || r.shown
		r.until = m.opts.Now().Add(m.opts.SecretTTL)
	case key.Matches(msg, m.keys.Copy), key.Matches(msg, m.keys.CopyEnroll), key.Matches(msg, m.keys.Enroll):
		if why := r.expired(m.opts.Now()); why != "" {
			m.toast(toastInfo, why)
			return nil
		}
	}
	switch {
	case key.Matches(msg, m.keys.Copy):
		return m.copyResult(r, r.created.Secret, "token")
	case key.Matches(msg, m.keys.CopyEnroll):
		cmd, err := r.enroll.command(r.created.Secret)
		if err != nil {
			m.fail("enroll command", err)
			return nil
		}
		return m.copyResult(r, cmd, r.enroll.what())
	case key.Matches(msg, m.keys.Platform), key.Matches(msg, m.keys.PrevPlatform):
		dir := 1
		if key.Matches(msg, m.keys.PrevPlatform) {
			dir = -1
		}
		if !r.enroll.switchPlatform(dir) {
			m.toast(toastInfo, "this command has one platform only")
		}
	case key.Matches(msg, m.keys.Enroll):
		return m.startEnroll(r.tab, r.created.Token, r.created.Secret, r)
	}
	return nil
}

// expired says why the new token's secret is of no use any more (its
// expiry passed while the panel was open), or "".
func (r *result) expired(now time.Time) string {
	tok := r.created.Token
	if !tok.Expires.IsZero() && !now.Before(tok.Expires) {
		tok.Status = backend.Expired
		return r.in.useRefused(tok, now)
	}
	return ""
}

// askLeave asks before a fresh secret nobody saw is lost, by quitting or
// by closing its panel; No goes back to the panel.
func (m *Model) askLeave(r *result, quit bool) {
	what := "Leave"
	if quit {
		what = "Quit"
	}
	title := m.tabs[r.tab].title()
	m.ask(dialog.New(what+" without the new token?",
		[]string{"The token was neither shown nor copied. " + title + " will never give it again."},
		"", "If you go on, this token is lost (it stays valid until it expires or is revoked).", what, ""),
		func(accepted bool) tea.Cmd {
			switch {
			case !accepted:
				m.overlay = r
				return nil
			case quit:
				return m.quitWhenIdle()
			}
			// Leaving loses the new secret: a rotate must not go on to
			// offer the old token's revoke, or no working token is left.
			m.overlay = nil
			if r.after != nil {
				m.toastOn(r.tab, toastInfo, "the old token is still active: its replacement was never shown or copied")
			}
			return m.selectionChanged()
		})
}

// view draws the result panel, one width whatever it shows, and never
// taller than the body: where it would be, the enroll command folds to
// its key (y) and the blank lines go. Its key hints are its last line.
// The token's fields, the secret and the command are sanitized here.
func (r *result) view(s screen) string {
	th := s.theme
	t := r.in
	tok := r.created.Token
	width := min(100, s.width-6)
	wrap := func(s string) string { return wrapAtSpaces(s, width) }
	shown := r.shown && !s.presenter
	secret := backend.Mask(r.created.Secret, false) + "  (s shows it)"
	tokenHead := th.Label.Render("Token")
	switch {
	case shown:
		secret = r.created.Secret.Reveal()
		tokenHead += th.Dim.Render("  hides " + until(r.until, s.shown) + " · s hides")
	case s.presenter:
		secret = backend.Mask(r.created.Secret, false) + "  (presenter mode: hidden; c copies it)"
	}
	heading, enrollText := "Enroll command", ""
	if r.expired(s.now) != "" { // Kibana's add-agent flyout offers no expired token either
		enrollText = th.Dim.Render("none: the token expired")
	} else if cmd, err := r.enroll.command(r.created.Secret); err != nil {
		enrollText = wrap("(no enroll command: " + err.Error() + ")")
	} else {
		heading, _ = r.enroll.label(true) // the keys line says what y and o do
		text := backend.MaskIn(cmd.Reveal(), r.created.Secret)
		if shown {
			text = cmd.Reveal()
		}
		enrollText = r.enroll.wrap(text, width)
	}
	about := sanitize.Text(t.kind.describe(tok))
	if !tok.Expires.IsZero() {
		if r.expired(s.now) != "" {
			about += "\nExpired " + until(tok.Expires, s.shown) + ": it enrolls nothing any more"
		} else {
			about += "\nExpires " + until(tok.Expires, s.shown)
		}
	}
	var note string
	if r.created.OnlyOnce {
		note = "This is the only time " + t.title() + " gives this secret: copy it now."
		if r.seen {
			note = "Keep it safe: " + t.title() + " will not give it again."
		}
		note = th.Warning.Render(wrap(note))
	}
	if r.created.Warning != "" {
		note = strings.TrimPrefix(note+"\n"+th.Warning.Render(wrap("Note: "+r.created.Warning)), "\n")
	}
	keys := r.hint(s, width)
	// Each step fits a shorter screen: the blank lines and the command
	// fold away, then the token's description, then the command's
	// heading (the keys line still offers y).
	var body string
	for step := 0; step < 4; step++ {
		gap := "\n"
		if step == 0 {
			gap = "\n\n"
		} else {
			enrollText = th.Dim.Render("y copies it")
		}
		parts := []string{th.DialogTitle.Render("✓ New " + t.title() + " token")}
		if step < 2 {
			parts = append(parts, wrap(about))
		}
		parts = append(parts, tokenHead+"\n"+th.Secret.Render(wrap(sanitize.Text(secret))))
		if step < 3 {
			parts = append(parts, th.Label.Render(heading)+"\n"+enrollText)
		}
		if note != "" {
			parts = append(parts, note)
		}
		body = lipgloss.NewStyle().Width(width).Render(strings.Join(append(parts, keys), gap))
		if lipgloss.Height(body)+2 <= s.bodyHeight() {
			break
		}
	}
	if shown { // no border inside the lines a person selects by hand
		return th.Dialog.BorderLeft(false).BorderRight(false).Render(body)
	}
	return th.Dialog.Render(body)
}

// hint is the result panel's key line, width wide: only what its
// keys can do now; o and E give way first where the line is short.
func (r *result) hint(s screen, width int) string {
	var must, may []string
	if !s.presenter {
		verb := "s show"
		if r.shown {
			verb = "s hide"
		}
		must = append(must, verb)
	}
	if r.expired(s.now) != "" {
		return s.theme.Key.Render(wrapAtSpaces(strings.Join(append(must, "enter done"), " · "), width))
	}
	must = append(must, "c copy")
	if _, err := r.enroll.command(r.created.Secret); err == nil {
		must = append(must, "y copy command")
		if r.enroll.switchable() {
			may = append(may, "o/O platform")
		}
		if s.keys.Enroll.Enabled() {
			may = append(may, "E enroll")
		}
	}
	line := func() string { return strings.Join(slices.Concat(must, may, []string{"enter done"}), " · ") }
	for len(may) > 0 && ansi.StringWidth(line()) > width {
		may = may[:len(may)-1]
	}
	return s.theme.Key.Render(wrapAtSpaces(line(), width))
}
