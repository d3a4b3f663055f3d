package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/ui/keymap"
	"github.com/tokentui/tokentui/ui/theme"
)

// screen is what an overlay is drawn with: the theme, the room, the
// clocks and the few settings a view reads. An overlay's view reads it
// and its own state, never the model (its key handler, which changes
// the model, gets the model).
type screen struct {
	theme         theme.Theme
	keys          keymap.KeyMap
	width, height int
	spin          string    // the spinner's frame
	now, shown    time.Time // decisions' clock, and the relative times' (shownNow)
	presenter     bool
}

func (m *Model) screen() screen {
	return screen{theme: m.theme, keys: m.keys, width: m.width, height: m.height, spin: m.spin.View(),
		now: m.opts.Now(), shown: m.shownNow(), presenter: m.presenter}
}

// bodyRows is the rows between the status line and the footer of a
// terminal height rows high.
func bodyRows(height int) int { return max(2, height-3-2) }

func (s screen) bodyHeight() int { return bodyRows(s.height) }

// helpWidth is the width inside a full box (the help, the request log);
// helpRows its rows.
func (s screen) helpWidth() int { return s.width - 6 }
func (s screen) helpRows() int  { return s.bodyHeight() - 2 }

// scrolled shows height rows of lines from *top (clamped), indented;
// when they do not all fit, the last row says where the view is and
// what scrolls it.
func (s screen) scrolled(lines []string, top *int, height, width, indent int) string {
	rows := height
	if len(lines) > height {
		rows = max(1, height-1)
	}
	*top = max(0, min(*top, len(lines)-rows))
	end := min(len(lines), *top+rows)
	pad := strings.Repeat(" ", indent)
	var b strings.Builder
	for i := *top; i < end; i++ {
		b.WriteString(pad + lines[i] + "\n")
	}
	for i := end - *top; i < rows; i++ {
		b.WriteString("\n")
	}
	if len(lines) > rows {
		where := fmt.Sprintf("lines %d–%d of %d · j/k pgup/pgdn scroll", *top+1, end, len(lines))
		b.WriteString(pad + s.theme.Desc.Render(ansi.Truncate(where, width, "…")))
	}
	return strings.TrimSuffix(b.String(), "\n")
}
