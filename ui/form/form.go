// Package form is a small keyboard form: choices, toggles, multi-selects,
// text inputs and a filterable picker, with inline validation. The create
// forms of the three tabs are built from it.
package form

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/ui/theme"
)

// Kind of field.
type Kind int

const (
	Choice Kind = iota // one of Options, ←/→ or space
	Toggle             // on/off, space
	Multi              // any of Options, ←/→ to move, space to tick
	Text               // free text
	Picker             // one of Options, filtered by typing, ↑/↓ to select
)

// Option is one choice.
type Option struct{ Label, Value string }

// Field is one line of the form.
type Field struct {
	Key, Label, Help string
	Kind             Kind
	Options          []Option
	// Visible, when set, hides the field unless it returns true.
	Visible func(*Form) bool

	sel     int          // Choice: option; Multi: option cursor; Picker: index into matches
	checked map[int]bool // Multi; Toggle uses key 0
	input   textinput.Model
	err     string
	optErr  string // Picker: why there are no options (they failed to load)
	optWait string // Picker: what is loading its options, until they arrive
}

// Form is a list of fields.
type Form struct {
	Title  string
	Note   string // a line under the title
	Fields []*Field
	// Validate returns an error message per field key; empty when valid.
	Validate func(*Form) map[string]string
	// Verb is what enter does, for the key hint ("create" by default).
	Verb string

	focus     int
	done      bool
	submitted bool
	tried     bool // show errors of untouched fields after a first submit

	status       string // above the key hint: "creating…", or why it failed
	statusFailed bool
}

// NewInput is the text input every component uses: a steady cursor (a
// blinking one redraws twice a second, costly over slow SSH links).
func NewInput(prompt, placeholder string, width, limit int) textinput.Model {
	in := textinput.New()
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	in.Prompt, in.Placeholder, in.CharLimit = prompt, placeholder, limit
	in.SetWidth(width)
	return in
}

// NewText makes a text field.
func NewText(key, label, help, placeholder, value string) *Field {
	in := NewInput("", placeholder, 40, 256)
	in.SetValue(value)
	return &Field{Key: key, Label: label, Help: help, Kind: Text, input: in}
}

// NewPicker makes a filterable picker.
func NewPicker(key, label, help string, options []Option) *Field {
	in := NewInput("filter: ", "type to filter", 32, 128)
	return &Field{Key: key, Label: label, Help: help, Kind: Picker, Options: options, input: in}
}

// New makes a form and focuses its first field.
func New(title, note string, fields []*Field, validate func(*Form) map[string]string) *Form {
	f := &Form{Title: title, Note: note, Fields: fields, Validate: validate}
	for _, fl := range fields {
		if fl.checked == nil {
			fl.checked = map[int]bool{}
		}
	}
	f.focusField(0)
	f.validate()
	return f
}

// Done reports whether the form was closed; Submitted whether with valid
// values.
func (f *Form) Done() bool      { return f.done }
func (f *Form) Submitted() bool { return f.submitted }

// Typing reports whether the focused field takes text (so q is a letter).
func (f *Form) Typing() bool {
	k := f.Fields[f.focus].Kind
	return k == Text || k == Picker
}

func (f *Form) field(key string) *Field {
	for _, fl := range f.Fields {
		if fl.Key == key {
			return fl
		}
	}
	panic("form: no field " + key)
}

// SetText sets a Text field's text (a default known after the form was
// made).
func (f *Form) SetText(key, text string) { f.field(key).input.SetValue(text) }

// Value is a Choice's or Picker's value, or a Text's trimmed text.
func (f *Form) Value(key string) string {
	fl := f.field(key)
	switch fl.Kind {
	case Choice:
		return fl.Options[fl.sel].Value
	case Picker:
		m := fl.matches()
		if fl.sel < len(m) {
			return fl.Options[m[fl.sel]].Value
		}
		return ""
	}
	return strings.TrimSpace(fl.input.Value())
}

// Values is a Multi's ticked values, in option order.
func (f *Form) Values(key string) []string {
	fl := f.field(key)
	var out []string
	for i, o := range fl.Options {
		if fl.checked[i] {
			out = append(out, o.Value)
		}
	}
	return out
}

// Bool is a Toggle's state.
func (f *Form) Bool(key string) bool { return f.field(key).checked[0] }

// Reopen lets a submitted form be edited and submitted again (its
// request failed), with every value as typed.
func (f *Form) Reopen() { f.done, f.submitted = false, false }

// SetStatus sets the line above the key hint: what the submit is doing,
// or (failed) why it did not work.
func (f *Form) SetStatus(text string, failed bool) { f.status, f.statusFailed = text, failed }

// SetOptionsError says why a Picker has no options: they failed to load.
func (f *Form) SetOptionsError(key, reason string) {
	fl := f.field(key)
	fl.optErr, fl.optWait = reason, ""
}

// SetOptionsLoading says a Picker's options are on their way ("loading
// agent policies…"), so that no option is not read as none matching.
func (f *Form) SetOptionsLoading(key, text string) { f.field(key).optWait = text }

// Select puts a Choice's or an unfiltered Picker's selection on the
// option whose value is v (the profile picker starts on the current
// profile); an unknown value leaves it.
func (f *Form) Select(key, v string) {
	fl := f.field(key)
	for i, o := range fl.Options {
		if o.Value == v {
			fl.sel = i
		}
	}
}

// SetOptions replaces a Picker's or Choice's options (policies arrived).
func (f *Form) SetOptions(key string, opts []Option) {
	fl := f.field(key)
	fl.Options, fl.sel, fl.optWait = opts, 0, ""
	f.validate()
}

func (f *Form) visible(i int) bool {
	v := f.Fields[i].Visible
	return v == nil || v(f)
}

func (f *Form) focusField(i int) {
	for _, fl := range f.Fields {
		fl.input.Blur()
	}
	f.focus = i
	if fl := f.Fields[i]; fl.Kind == Text || fl.Kind == Picker {
		fl.input.Focus()
	}
}

func (f *Form) move(d int) {
	for i := f.focus + d; i >= 0 && i < len(f.Fields); i += d {
		if f.visible(i) {
			f.focusField(i)
			return
		}
	}
}

func (f *Form) validate() bool {
	for _, fl := range f.Fields {
		fl.err = ""
	}
	if f.Validate == nil {
		return true
	}
	ok := true
	for key, msg := range f.Validate(f) {
		if msg != "" {
			f.field(key).err = msg
			ok = false
		}
	}
	return ok
}

// Update handles a key or a paste.
func (f *Form) Update(msg tea.Msg) tea.Cmd {
	fl := f.Fields[f.focus]
	km, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		if fl.Kind == Text || fl.Kind == Picker {
			var cmd tea.Cmd
			fl.input, cmd = fl.input.Update(msg)
			f.validate()
			return cmd
		}
		return nil
	}
	switch km.String() {
	case "esc":
		f.done = true
		return nil
	case "enter":
		f.tried = true
		if f.validate() {
			f.done, f.submitted = true, true
		}
		return nil
	case "tab":
		f.move(1)
		return nil
	case "shift+tab":
		f.move(-1)
		return nil
	}
	switch fl.Kind {
	case Choice:
		switch km.String() {
		case "left", "h":
			fl.sel = (fl.sel + len(fl.Options) - 1) % len(fl.Options)
		case "right", "l", "space":
			fl.sel = (fl.sel + 1) % len(fl.Options)
		case "up", "k":
			f.move(-1)
		case "down", "j":
			f.move(1)
		}
	case Toggle:
		switch km.String() {
		case "space", "x":
			fl.checked[0] = !fl.checked[0]
		case "up", "k":
			f.move(-1)
		case "down", "j":
			f.move(1)
		}
	case Multi:
		switch km.String() {
		case "left", "h":
			fl.sel = max(0, fl.sel-1)
		case "right", "l":
			fl.sel = min(len(fl.Options)-1, fl.sel+1)
		case "space", "x":
			fl.checked[fl.sel] = !fl.checked[fl.sel]
		case "up", "k":
			f.move(-1)
		case "down", "j":
			f.move(1)
		}
	case Picker:
		switch km.String() {
		case "up":
			fl.sel = max(0, fl.sel-1)
		case "down":
			fl.sel = min(max(0, len(fl.matches())-1), fl.sel+1)
		default:
			var cmd tea.Cmd
			fl.input, cmd = fl.input.Update(km)
			fl.sel = 0
			f.validate()
			return cmd
		}
	case Text:
		switch km.String() {
		case "up":
			f.move(-1)
		case "down":
			f.move(1)
		default:
			var cmd tea.Cmd
			fl.input, cmd = fl.input.Update(km)
			f.validate()
			return cmd
		}
	}
	f.validate()
	return nil
}

func (fl *Field) matches() []int {
	q := strings.ToLower(strings.TrimSpace(fl.input.Value()))
	var out []int
	for i, o := range fl.Options {
		if q == "" || strings.Contains(strings.ToLower(o.Label), q) {
			out = append(out, i)
		}
	}
	return out
}

// View draws the form in a box at most width wide and height tall. The
// box keeps one width whatever its hints say (so it does not jump as the
// focus moves); where the height is short, the note and the blank lines
// go and a picker shows fewer options, but the key hint stays.
func (f *Form) View(th theme.Theme, width, height int) string {
	w := max(30, min(76, width-6)) // inside the border and padding
	picks := 6
	body := f.body(th, w, picks, true)
	for lines(body)+2 > height && picks > 1 {
		picks--
		body = f.body(th, w, picks, false)
	}
	return th.Dialog.Render(lipgloss.NewStyle().Width(w).Render(body))
}

func lines(s string) int { return strings.Count(s, "\n") + 1 }

// indent is where a field's value starts: the focus mark and the label.
const indent = 15

// body is the form's text, w wide: picks options of a picker; roomy
// adds the note and the blank lines.
func (f *Form) body(th theme.Theme, w, picks int, roomy bool) string {
	vw := max(10, w-indent)
	pad := strings.Repeat(" ", indent)
	// under wraps text into the value column, on lines of its own.
	under := func(style lipgloss.Style, text string) string {
		var out []string
		for _, l := range strings.Split(wordWrap(text, vw), "\n") {
			out = append(out, pad+style.Render(l))
		}
		return "\n" + strings.Join(out, "\n")
	}
	// items joins items into lines that fit the value column.
	items := func(parts []string) string {
		var out []string
		line := ""
		for _, p := range parts {
			if line != "" && lipgloss.Width(line)+1+lipgloss.Width(p) > vw {
				out = append(out, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += p
		}
		return strings.Join(append(out, line), "\n"+pad)
	}
	var b strings.Builder
	b.WriteString(th.DialogTitle.Render(f.Title))
	if f.Note != "" && roomy {
		b.WriteString("\n" + th.Desc.Render(wordWrap(f.Note, w)))
	}
	if roomy {
		b.WriteString("\n")
	}
	for i, fl := range f.Fields {
		if !f.visible(i) {
			continue
		}
		focused := i == f.focus
		label := fmt.Sprintf("%-11s", fl.Label)
		if focused {
			b.WriteString("\n" + th.Cursor.Render("› "+label) + "  ")
		} else {
			b.WriteString("\n  " + th.Label.Render(label) + "  ")
		}
		switch fl.Kind {
		case Choice:
			var parts []string
			for j, o := range fl.Options {
				mark := "( )"
				if j == fl.sel {
					mark = "(•)"
				}
				parts = append(parts, mark+" "+o.Label+" ")
			}
			b.WriteString(items(parts))
		case Toggle:
			if fl.checked[0] {
				b.WriteString("[x]")
			} else {
				b.WriteString("[ ]")
			}
		case Multi:
			var parts []string
			for j, o := range fl.Options {
				mark := "[ ]"
				if fl.checked[j] {
					mark = "[x]"
				}
				text := mark + " " + o.Label
				if focused && j == fl.sel {
					text = th.ButtonActive.Render(text)
				}
				parts = append(parts, text)
			}
			b.WriteString(items(parts))
		case Text:
			fl.input.SetWidth(min(40, vw-2))
			b.WriteString(fl.input.View())
		case Picker:
			fl.input.SetWidth(min(32, vw-10))
			b.WriteString(fl.input.View())
			m := fl.matches()
			switch {
			case len(m) == 0 && len(fl.Options) == 0 && fl.optErr != "":
				b.WriteString(under(th.Failure, "✗ "+fl.optErr))
			case len(m) == 0 && len(fl.Options) == 0 && fl.optWait != "":
				b.WriteString(under(th.Dim, fl.optWait))
			case len(m) == 0:
				b.WriteString(under(th.Dim, "(nothing matches)"))
			}
			// The window of options follows the selection.
			first := max(0, min(fl.sel-picks+1, len(m)-picks))
			for j := first; j < len(m) && j < first+picks; j++ {
				line := "  " + fl.Options[m[j]].Label
				if j == fl.sel {
					line = th.Cursor.Render("▸ " + fl.Options[m[j]].Label)
				}
				b.WriteString("\n" + pad[:indent-2] + ansi.Truncate(line, vw+2, "…"))
			}
			if rest := len(m) - picks; rest > 0 {
				b.WriteString(under(th.Dim, fmt.Sprintf("%d of %d shown: type to narrow", picks, len(m))))
			}
		}
		if fl.err != "" && (f.tried || focused || fl.Kind == Text) {
			b.WriteString(under(th.Failure, "✗ "+fl.err))
		} else if focused && fl.Help != "" {
			b.WriteString(under(th.Desc, fl.Help))
		}
	}
	verb := f.Verb
	if verb == "" {
		verb = "create"
	}
	hint := "tab/↑↓ move · space/←→ choose · enter " + verb + " · esc cancel"
	if !roomy {
		hint = "tab/↑↓ move · enter " + verb + " · esc cancel"
	}
	if len(f.Fields) == 1 {
		hint = "enter " + verb + " · esc cancel"
	}
	gap := "\n"
	if roomy {
		gap = "\n\n"
	}
	if f.status != "" {
		style := th.Desc
		if f.statusFailed {
			style = th.Failure
		}
		// Wrapped, not cut: it may be a server's reason.
		b.WriteString(gap + style.Render(wordWrap(f.status, w)))
	}
	if f.status == "" || f.statusFailed { // a request running: its status says what keys do
		b.WriteString(gap + th.Desc.Render(wordWrap(hint, w)))
	}
	return b.String()
}

// wordWrap wraps text at spaces to width.
func wordWrap(text string, width int) string {
	return lipgloss.NewStyle().Width(width).Render(text)
}
