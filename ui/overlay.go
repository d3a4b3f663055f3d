package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/dialog"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/keymap"
)

// overlay is what covers the body and takes the keys: help, a form, a
// confirmation, the result of a create, or the last error. The model
// holds one, or nil.
type overlay interface {
	key(m *Model, msg tea.KeyPressMsg) tea.Cmd
	view(m *Model) string
}

// helpOverlay lists every key; errorOverlay shows the last error. Any key
// closes them.
type (
	helpOverlay  struct{}
	errorOverlay struct{}
)

func closeOnKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Quit) && msg.String() == "ctrl+c" {
		return m.quit()
	}
	m.overlay = nil
	return nil
}

func (helpOverlay) key(m *Model, msg tea.KeyPressMsg) tea.Cmd  { return closeOnKey(m, msg) }
func (errorOverlay) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return closeOnKey(m, msg) }

func (helpOverlay) view(m *Model) string {
	return m.theme.Dialog.Render(m.theme.DialogTitle.Render("Keys") + m.theme.Desc.Render("  · mouse: click a tab or a row, wheel scrolls · any key closes") +
		"\n\n" + m.fullHelp(m.keys.FullHelp(), m.width-8))
}

// errorView lays out the last error; the error's text is a server's, so
// it is sanitized here.
func (errorOverlay) view(m *Model) string {
	th := m.theme
	t := m.current()
	lines := []string{"While " + t.lastErrOp + ":"}
	var de backend.DetailedError
	if errors.As(t.lastErr, &de) {
		if any(de) != any(t.lastErr) {
			// Wrapped: the wrapper says what the failure means (the token
			// may have been created, the revoke's outcome is unknown).
			lines = append(lines, t.lastErr.Error(), "")
		}
		for _, d := range de.Details() {
			lines = append(lines, fmt.Sprintf("%-8s %s", d.Label, sanitize.Text(d.Value)))
		}
		// A transport hint may say "try again": wrong advice when a
		// change may have been made already (the wrapper says what to do).
		var mc *backend.MaybeCreatedError
		var ou *backend.OutcomeUnknownError
		if h := de.Hint(); h != "" && !errors.As(t.lastErr, &mc) && !errors.As(t.lastErr, &ou) {
			lines = append(lines, "", "Hint: "+h)
		}
	} else {
		lines = append(lines, t.lastErr.Error())
	}
	body := sanitize.Lines(strings.Join(lines, "\n"))
	return th.Dialog.Render(lipgloss.NewStyle().Width(min(90, m.width-8)).Render(
		th.DialogTitle.Render("Last error") + "\n\n" + body + "\n\n" + th.Desc.Render("Any key closes.")))
}

// formOverlay is an open form; submit is what its owner asked a submit to
// do. tab is the tab it creates in, -1 for other forms. A create form
// (stay) stays open while its request runs (busy), so that an error
// shows in it with the values typed.
type formOverlay struct {
	form   *form.Form
	tab    int
	submit func(*form.Form) tea.Cmd
	stay   bool
	busy   bool
}

func (o *formOverlay) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return m.quit()
	}
	if o.busy {
		// One request at a time; esc closes the form, and the answer
		// still shows.
		switch {
		case msg.String() == "esc":
			m.overlay = nil
		case key.Matches(msg, m.keys.Quit):
			return m.quit()
		}
		return nil
	}
	cmd := o.form.Update(msg)
	if !o.form.Done() {
		return cmd
	}
	if !o.form.Submitted() || !o.stay {
		m.overlay = nil
	}
	if !o.form.Submitted() {
		return nil
	}
	return o.submit(o.form)
}

// failed reopens a create form after its request failed, with the
// error above its buttons and the values typed.
func (o *formOverlay) failed(err error) {
	o.busy = false
	o.form.Reopen()
	// Wrapped in the form, not cut; e gives the rest once it is closed.
	o.form.SetStatus("✗ "+sanitize.Text(firstLine(err.Error())), true)
}

func (o *formOverlay) view(m *Model) string { return o.form.View(m.theme, m.width) }

// confirmOverlay is a question; answer runs once it is answered, after
// the dialog has closed (answer may open another overlay).
type confirmOverlay struct {
	dlg    dialog.Confirm
	answer func(accepted bool) tea.Cmd
}

func (m *Model) ask(dlg dialog.Confirm, answer func(accepted bool) tea.Cmd) {
	m.overlay = &confirmOverlay{dlg: dlg, answer: answer}
}

func (o *confirmOverlay) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	o.dlg, cmd = o.dlg.Update(msg)
	if !o.dlg.Done() {
		return cmd
	}
	m.overlay = nil
	return o.answer(o.dlg.Accepted())
}

func (o *confirmOverlay) view(m *Model) string { return o.dlg.View(m.theme, m.width) }

// result is the panel shown after a create.
type result struct {
	tab     int
	created backend.Created
	enroll  *enrollEntry // the enroll command, on the platform shown
	shown   bool         // the secret is on screen now
	seen    bool         // shown or copied at least once
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
		m.overlay = nil
		return m.selectionChanged()
	case key.Matches(msg, m.keys.Secret):
		if m.presenter {
			m.toast(toastInfo, "presenter mode: secrets stay hidden (c still copies)")
			return nil
		}
		r.shown = !r.shown
		r.seen = r.seen || r.shown
	case key.Matches(msg, m.keys.Copy):
		return m.copyResult(r, r.created.Secret, "token")
	case key.Matches(msg, m.keys.CopyEnroll):
		cmd, err := r.enroll.command(r.created.Secret)
		if err != nil {
			m.fail("enroll command", err)
			return nil
		}
		return m.copyResult(r, cmd, r.enroll.what())
	case key.Matches(msg, m.keys.Platform):
		if !r.enroll.switchPlatform() {
			m.toast(toastInfo, "this command has one platform only")
		}
	case key.Matches(msg, m.keys.Enroll):
		return m.startEnroll(r.tab, r.created.Token, r.created.Secret, r)
	}
	return nil
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
			case quit:
				return m.quitWhenIdle()
			}
			return nil
		})
}

// view draws the result panel; the token's fields, the secret and the
// command are sanitized here.
func (r *result) view(m *Model) string {
	th := m.theme
	t := m.tabs[r.tab]
	tok := r.created.Token
	var b strings.Builder
	b.WriteString(th.DialogTitle.Render("✓ New " + t.title() + " token"))
	b.WriteString("\n\n" + sanitize.Text(t.kind.describe(tok)))
	if !tok.Expires.IsZero() {
		b.WriteString("\nExpires " + until(tok.Expires, m.opts.Now()))
	}
	width := min(100, m.width-8)
	wrap := lipgloss.NewStyle().Width(width)
	secret := backend.Mask(r.created.Secret, false) + "  (s shows it)"
	label, enroll := "Enroll command", ""
	if cmd, err := r.enroll.command(r.created.Secret); err != nil {
		enroll = sanitize.Text("(no enroll command: " + err.Error() + ")")
	} else {
		platform, hint := r.enroll.label()
		label = platform + "  " + th.Desc.Render("("+hint+")")
		text := backend.MaskIn(cmd.Reveal(), r.created.Secret)
		if r.shown && !m.presenter {
			text = cmd.Reveal()
		}
		enroll = wrapCommand(text, width)
	}
	if r.shown && !m.presenter {
		secret = r.created.Secret.Reveal()
	}
	b.WriteString("\n\n" + th.Label.Render("Token") + "\n" + th.Secret.Render(wrapAtSpaces(sanitize.Text(secret), width)))
	b.WriteString("\n\n" + th.Label.Render(label) + "\n" + enroll)
	if r.created.OnlyOnce {
		note := "This is the only time " + t.title() + " gives this secret: copy it now."
		if r.seen {
			note = "Keep it safe: " + t.title() + " will not give it again."
		}
		b.WriteString("\n\n" + th.Warning.Render(wrap.Render(note)))
	}
	if r.created.Warning != "" {
		b.WriteString("\n" + th.Warning.Render(wrap.Render("Note: "+sanitize.Text(r.created.Warning))))
	}
	return th.Dialog.Render(b.String())
}

func resultKeys(k keymap.KeyMap) []key.Binding {
	done := key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter", "done"))
	return []key.Binding{k.Secret, k.Copy, k.CopyEnroll, k.Platform, k.Enroll, done}
}
