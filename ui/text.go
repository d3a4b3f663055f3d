package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend/sanitize"
)

// Text helpers: pure functions of strings and times, used by every
// screen and by the kinds. Nothing here knows the model.

// shownError is an error whose text is sanitized where it enters the
// model; errors.As still finds what it wraps.
type shownError struct {
	err  error
	text string
}

func (e shownError) Error() string { return e.text }
func (e shownError) Unwrap() error { return e.err }

// sanitizeErr is err with its text sanitized (nil stays nil).
func sanitizeErr(err error) error {
	if err == nil {
		return nil
	}
	return shownError{err: err, text: sanitize.Text(err.Error())}
}

// sanitizeAll is texts sanitized (nil stays nil).
func sanitizeAll(texts []string) []string {
	if texts == nil {
		return nil
	}
	out := make([]string, len(texts))
	for i, s := range texts {
		out[i] = sanitize.Text(s)
	}
	return out
}

// coarse is an age to the largest unit: 45s, 5m, 3h, 12d.
func coarse(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// until says when t is, relative to now: "in 29m12s" or "12m ago".
func until(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := t.Sub(now)
	if d > 0 {
		return "in " + short(d)
	}
	return short(-d) + " ago"
}

// short is a compact duration: 29m12s, 3h05m, 12d.
func short(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd%02dh", int(d.Hours()/24), int(d.Hours())%24)
}

// wrapAtSpaces wraps a token or a command at spaces only (never inside
// "--enrollment-token="), breaking a word only when it is longer than the
// line, so text copied off the screen by hand stays usable.
func wrapAtSpaces(s string, width int) string {
	if width < 1 {
		return s
	}
	var lines []string
	line := ""
	for _, word := range strings.Split(s, " ") {
		for ansi.StringWidth(word) > width { // longer than a line: break it
			if line != "" {
				lines = append(lines, line)
				line = ""
			}
			lines = append(lines, ansi.Cut(word, 0, width))
			word = ansi.Cut(word, width, ansi.StringWidth(word))
		}
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// short1 is a key's description up to its first ";" or "(": the footer's
// form of it.
func short1(desc string) string {
	if i := strings.IndexAny(desc, ";("); i > 0 {
		return strings.TrimSpace(desc[:i])
	}
	return desc
}

// squeeze fits a box into h lines without pushing the footer off the
// screen or losing the box's last lines (its buttons, its keys, its
// border): blank lines go first, then the lines after the title.
func squeeze(box string, h int) string {
	lines := strings.Split(box, "\n")
	for i := 1; len(lines) > h && i < len(lines)-1; {
		if strings.TrimSpace(strings.Trim(ansi.Strip(lines[i]), "│")) == "" {
			lines = append(lines[:i], lines[i+1:]...)
			continue
		}
		i++
	}
	if len(lines) > h && h >= 3 {
		lines = append(lines[:2], lines[len(lines)-(h-2):]...)
	}
	return strings.Join(lines[:min(len(lines), h)], "\n")
}

// labelled is a label and its value; a value too long for the line
// goes under its label when it then fits (an id is never broken), and
// is wrapped at spaces otherwise.
func labelled(label string, style func(...string) string, value string, width int) []string {
	lab := ansi.StringWidth(label)
	pad := strings.Repeat(" ", max(0, labelWidth-lab))
	vw := ansi.StringWidth(value)
	switch {
	case vw <= width-labelWidth:
		return []string{label + pad + style(value)}
	case !strings.Contains(value, " ") && vw <= width:
		return []string{label, style(value)}
	}
	wrapped := strings.Split(wrapAtSpaces(value, max(10, width-labelWidth)), "\n")
	out := make([]string, len(wrapped))
	for i, w := range wrapped {
		if i == 0 {
			out[i] = label + pad + style(w)
		} else {
			out[i] = strings.Repeat(" ", labelWidth) + style(w)
		}
	}
	return out
}

// wrapShell wraps a command with its shell's line continuation (cont:
// "\\" for sh, "`" for PowerShell), so the lines selected by hand and
// pasted into that shell are one command: " "+cont at a space, so an
// argument such as --enrollment-token=… never leaves its command without
// one. sh also takes a bare "\\" inside a word too long for a line (it
// removes a backslash-newline, joining the halves); PowerShell does not
// (a continuation there is a space), so such a word stays whole on a line
// of its own, longer than the screen.
func wrapShell(s string, width int, cont string) string {
	width = max(10, width)
	if ansi.StringWidth(s) <= width {
		return s
	}
	var lines []string
	line := ""
	words := strings.Split(s, " ")
	for i, word := range words {
		room := width - 2 // for " \\"
		if i == len(words)-1 {
			room = width // the last line needs no continuation
		}
		switch {
		case line == "":
			line = word
		case ansi.StringWidth(line)+1+ansi.StringWidth(word)+2 <= width:
			line += " " + word
		default:
			lines = append(lines, line+" "+cont)
			line = word
		}
		for cont == "\\" && ansi.StringWidth(line) > room {
			lines = append(lines, ansi.Cut(line, 0, width-1)+"\\")
			line = ansi.Cut(line, width-1, ansi.StringWidth(line))
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// wrapAt wraps s to width at its separators only (each piece whole on a
// line, unless longer than the line).
func wrapAt(s, sep string, width int) string {
	var lines []string
	line := ""
	for _, part := range strings.Split(s, sep) {
		switch {
		case line == "":
			line = part
		case ansi.StringWidth(line+sep+part) <= width:
			line += sep + part
		default:
			lines = append(lines, line+strings.TrimRight(sep, " "))
			line = part
		}
	}
	return strings.Join(append(lines, line), "\n")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// fitKeep fits text and then suffix into width, cutting the text rather
// than the suffix: "e: details" stays where a message is cut.
func fitKeep(text, suffix string, width int) string {
	if ansi.StringWidth(text)+ansi.StringWidth(suffix) <= width {
		return text + suffix
	}
	return ansi.Truncate(text, max(0, width-ansi.StringWidth(suffix)), "…") + suffix
}

// listNames names up to three tokens, then how many more.
func listNames(names []string) string {
	if len(names) > 3 {
		return strings.Join(names[:3], ", ") + fmt.Sprintf(" and %d more", len(names)-3)
	}
	return strings.Join(names, ", ")
}
