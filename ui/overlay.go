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
// Its view draws from the screen and its own state (screen.go).
type overlay interface {
	key(m *Model, msg tea.KeyPressMsg) tea.Cmd
	view(s screen) string
}

// helpOverlay lists the keys offered (scrolled to top); errorOverlay
// shows a tab's last error. Any other key closes them.
type (
	helpOverlay struct {
		actions []action
		top     int
	}
	errorOverlay struct{ tab *tab }
)

func closeOnKey(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Quit) && msg.String() == "ctrl+c" {
		return m.quit()
	}
	m.overlay = nil
	return nil
}

func (*errorOverlay) key(m *Model, msg tea.KeyPressMsg) tea.Cmd { return closeOnKey(m, msg) }

// scrollKey moves *top, the first of rows lines shown, for a scroll key
// (↑/↓ a line, pgup/pgdn a page); false for any other key. The view
// clamps it.
func scrollKey(k keymap.KeyMap, msg tea.KeyPressMsg, top *int, rows int) bool {
	switch {
	case key.Matches(msg, k.Up):
		*top = max(0, *top-1)
	case key.Matches(msg, k.Down):
		*top++
	case key.Matches(msg, k.PageUp):
		*top = max(0, *top-rows+1)
	case key.Matches(msg, k.PageDown):
		*top += rows - 1
	default:
		return false
	}
	return true
}

// key scrolls the help when it does not fit; any other key closes it.
func (o *helpOverlay) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	if s := m.screen(); len(o.lines(s)) > s.helpRows() && scrollKey(m.keys, msg, &o.top, s.helpRows()) {
		return nil
	}
	return closeOnKey(m, msg)
}

// lines are the help's text: the keys in as many columns as fit.
func (o *helpOverlay) lines(s screen) []string {
	th := s.theme
	head := th.DialogTitle.Render("Keys") + th.Desc.Render("  ctrl+k runs one by name · any other key closes")
	foot := th.Desc.Render(wrapAtSpaces("Mouse: click a tab or a row; the wheel scrolls. m turns it off to select text by hand.", s.helpWidth()))
	text := head + "\n\n" + fullHelp(th, o.actions, s.helpWidth()) + "\n\n" + foot
	return strings.Split(text, "\n")
}

func (o *helpOverlay) view(s screen) string {
	return s.theme.Dialog.Render(s.scrolled(o.lines(s), &o.top, s.helpRows(), s.helpWidth(), 0))
}

// errorText is the error panel's text of err, which failed op: a
// server's text, sanitized here, where it enters the model (lastError).
func (m *Model) errorText(op string, err error) string {
	lines := []string{"While " + op + ":"}
	var de backend.DetailedError
	if errors.As(err, &de) {
		if any(de) != any(err) {
			// Wrapped: the wrapper says what the failure means (the token
			// may have been created, the revoke's outcome is unknown).
			lines = append(lines, err.Error(), "")
		}
		for _, d := range de.Details() {
			// A value's own line breaks are escaped: one line a label.
			lines = append(lines, fmt.Sprintf("%-8s %s", d.Label, sanitize.Text(d.Value)))
		}
		// A transport hint may say "try again": wrong advice when a
		// change may have been made already (the wrapper says what to do).
		var mc *backend.MaybeCreatedError
		var ou *backend.OutcomeUnknownError
		if h := de.Hint(); h != "" && !errors.As(err, &mc) && !errors.As(err, &ou) {
			lines = append(lines, "", "Hint: "+h)
		}
	} else {
		lines = append(lines, err.Error())
	}
	return sanitize.Lines(m.here(strings.Join(lines, "\n")))
}

// lastError records err, which failed op, as tab t's last error (e
// shows it).
func (m *Model) lastError(t *tab, op string, err error) { t.lastErr = m.errorText(op, err) }

func (o *errorOverlay) view(s screen) string {
	th := s.theme
	return th.Dialog.Render(lipgloss.NewStyle().Width(min(90, s.width-8)).Render(
		th.DialogTitle.Render("Last error") + "\n\n" + o.tab.lastErr + "\n\n" + th.Desc.Render("Any key closes.")))
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

func (o *formOverlay) view(s screen) string { return o.form.View(s.theme, s.width, s.bodyHeight()) }

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

func (o *confirmOverlay) view(s screen) string { return o.dlg.View(s.theme, s.width) }
