// Package dialog is the confirmation dialog: it names what will happen,
// its default is No, y confirms, and a dangerous action can require the
// user to type a word (an id) first.
package dialog

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/theme"
)

// Confirm is one question.
type Confirm struct {
	Title   string
	Body    []string // what is concerned, one line each
	Effect  string   // what happens, in words
	Warning string   // shown in the danger style when set
	Yes     string   // label of the confirming button ("Revoke")
	// Require, when set, must be typed before the action can run.
	Require string

	input    textinput.Model
	wrong    string // why enter did nothing (a wrong id typed), until the next key
	yesFocus bool
	done     bool
	accepted bool
}

// New makes a dialog; require may be "".
func New(title string, body []string, effect, warning, yes, require string) Confirm {
	c := Confirm{Title: title, Body: body, Effect: effect, Warning: warning, Yes: yes, Require: require}
	if require != "" {
		c.input = form.NewInput("› ", "", len(require)+16, len(require)+16)
		c.input.Focus()
	}
	return c
}

// Done reports whether the user answered; Accepted whether with yes.
func (c Confirm) Done() bool     { return c.done }
func (c Confirm) Accepted() bool { return c.accepted }

// Update handles a key.
func (c Confirm) Update(msg tea.KeyPressMsg) (Confirm, tea.Cmd) {
	switch msg.String() {
	case "esc", "ctrl+c":
		c.done = true
		return c, nil
	}
	if c.Require != "" {
		if msg.String() == "enter" {
			typed := strings.TrimSpace(c.input.Value())
			switch typed {
			case c.Require:
				c.done, c.accepted = true, true
			case "":
				c.wrong = "type " + sanitize.Text(c.Require) + " to confirm: nothing was done"
			default:
				c.wrong = sanitize.Text(typed) + " is not " + sanitize.Text(c.Require) + ": nothing was done; type it exactly, or esc cancels"
			}
			return c, nil
		}
		c.wrong = ""
		var cmd tea.Cmd
		c.input, cmd = c.input.Update(msg)
		return c, cmd
	}
	switch msg.String() {
	case "y", "Y":
		c.done, c.accepted = true, true
	case "n", "N":
		c.done = true
	case "left", "right", "tab", "shift+tab", "h", "l":
		c.yesFocus = !c.yesFocus
	case "enter":
		c.done, c.accepted = true, c.yesFocus
	}
	return c, nil
}

// View draws the dialog at most width wide. Its texts name tokens, which
// are a server's text, so every one is sanitized here.
func (c Confirm) View(th theme.Theme, width int) string {
	inner := max(20, min(width-6, 72))
	wrap := lipgloss.NewStyle().Width(inner)
	var b strings.Builder
	b.WriteString(th.DialogTitle.Render(sanitize.Text(c.Title)))
	b.WriteString("\n\n")
	for _, l := range c.Body {
		b.WriteString(wrap.Render(sanitize.Text(l)))
		b.WriteByte('\n')
	}
	if c.Effect != "" {
		b.WriteByte('\n')
		b.WriteString(wrap.Render(sanitize.Lines(c.Effect)))
		b.WriteByte('\n')
	}
	if c.Warning != "" {
		b.WriteByte('\n')
		b.WriteString(th.Danger.Render(wrap.Render("⚠ " + sanitize.Lines(c.Warning))))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	if c.Require != "" {
		b.WriteString(wrap.Render("Type " + sanitize.Text(c.Require) + " and press enter to confirm; esc cancels."))
		b.WriteString("\n")
		b.WriteString(c.input.View())
		if c.wrong != "" {
			b.WriteString("\n" + th.Failure.Render(wrap.Render("✗ "+c.wrong)))
		}
	} else {
		no, yes := th.ButtonActive, th.Button
		if c.yesFocus {
			no, yes = th.Button, th.ButtonActive
		}
		b.WriteString(no.Render("No (n)") + "  " + yes.Render(c.Yes+" (y)"))
		b.WriteString("\n" + th.Desc.Render("enter answers the highlighted button; esc cancels"))
	}
	return th.Dialog.Render(b.String())
}
