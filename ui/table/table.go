// Package table is a virtualized table: it keeps a cursor and a scroll
// offset over n rows and renders only the rows on screen, asking for
// their cells, so a tab of 10,000 tokens costs no more to draw than ten.
package table

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Column is a heading and a width; Flex columns share what is left.
type Column struct {
	Title string
	Width int
	Flex  bool
	// Want is how wide a flexible column's content is (an id): the
	// other columns give up room first, so it is not cut where the
	// table could show it whole.
	Want int
}

// Cell is one cell's text and, optionally, its style.
type Cell struct {
	Text  string
	Style *lipgloss.Style
}

// Styles used to draw.
type Styles struct {
	Header, Marked lipgloss.Style
	// Selected draws the cursor's row across the table's width (a
	// one-cell mark is invisible on a projector); its cells are drawn
	// plain inside it.
	Selected lipgloss.Style
}

// Model is the cursor and scroll state.
type Model struct {
	n, cursor, offset int
	width, height     int // height counts the header line
}

// SetSize sets the drawing area; height includes the header line.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, max(height, 2)
	m.clamp()
}

// SetRows sets the row count, keeping the cursor in range.
func (m *Model) SetRows(n int) {
	m.n = n
	m.clamp()
}

// Rows is the row count.
func (m Model) Rows() int { return m.n }

// Cursor is the selected row, or -1 when there are no rows.
func (m Model) Cursor() int {
	if m.n == 0 {
		return -1
	}
	return m.cursor
}

// Width is the drawing width.
func (m Model) Width() int { return m.width }

func (m Model) visible() int { return m.height - 1 }

// SetCursor moves the cursor to row i.
func (m *Model) SetCursor(i int) {
	m.cursor = i
	m.clamp()
}

// MoveBy moves the cursor by d rows.
func (m *Model) MoveBy(d int) { m.SetCursor(m.cursor + d) }

// Top, Bottom, PageUp and PageDown move the cursor.
func (m *Model) Top()      { m.SetCursor(0) }
func (m *Model) Bottom()   { m.SetCursor(m.n - 1) }
func (m *Model) PageUp()   { m.MoveBy(-m.visible()) }
func (m *Model) PageDown() { m.MoveBy(m.visible()) }

// Scroll moves the view by d rows, taking the cursor along when it would
// leave the screen (the mouse wheel).
func (m *Model) Scroll(d int) {
	m.offset = max(0, min(m.offset+d, m.n-m.visible()))
	m.cursor = max(m.offset, min(m.cursor, m.offset+m.visible()-1))
	m.clamp()
}

func (m *Model) clamp() {
	if m.n == 0 {
		m.cursor, m.offset = 0, 0
		return
	}
	m.cursor = max(0, min(m.cursor, m.n-1))
	vis := m.visible()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+vis {
		m.offset = m.cursor - vis + 1
	}
	m.offset = max(0, min(m.offset, max(0, m.n-vis)))
}

// RowAt maps a line of the table (0 is the header) to a row.
func (m Model) RowAt(line int) (int, bool) {
	if line < 1 || line > m.visible() {
		return 0, false
	}
	row := m.offset + line - 1
	return row, row < m.n
}

// widths resolves flex columns against the width. Two characters go to
// the cursor and mark gutter, two between columns. Where the width is
// short, the widest columns give up room first (down to MinCol), so no
// column vanishes and the narrow ones (the status) stay whole.
func (m Model) widths(cols []Column) []int {
	w := make([]int, len(cols))
	used, flex := 2, 0
	for i, c := range cols {
		w[i] = c.Width
		if c.Flex {
			w[i] = max(c.Width, c.Want)
			flex++
		}
		used += w[i]
		if i > 0 {
			used += 2
		}
	}
	if rest := m.width - used; flex > 0 && rest > 0 {
		for i, c := range cols {
			if c.Flex {
				w[i] += rest / flex
			}
		}
	}
	// Too wide: a flexible column gives up what its content does not
	// need, then the widest fixed column a cell at a time, down to
	// MinCol; then the widest of all.
	for over := used - m.width; over > 0; over-- {
		widest := -1
		for i, c := range cols {
			if c.Flex && w[i] > max(c.Want, MinCol) {
				widest = i
			}
		}
		if widest < 0 {
			for i, c := range cols {
				if !c.Flex && w[i] > MinCol && (widest < 0 || w[i] > w[widest]) {
					widest = i
				}
			}
		}
		if widest < 0 {
			widest = 0
			for i := range w {
				if w[i] > w[widest] {
					widest = i
				}
			}
		}
		if w[widest] <= MinCol {
			break
		}
		w[widest]--
	}
	return w
}

// MinCol is the narrowest a column gets when the width is short.
const MinCol = 8

// View draws the header and the visible rows; cells(i) gives row i's
// cells, marked(i) whether it is marked for a bulk action.
func (m Model) View(cols []Column, st Styles, cells func(int) []Cell, marked func(int) bool) string {
	w := m.widths(cols)
	var b strings.Builder
	var head strings.Builder
	head.WriteString("  ")
	for i, c := range cols {
		if i > 0 {
			head.WriteString("  ")
		}
		head.WriteString(fit(c.Title, w[i]))
	}
	b.WriteString(st.Header.Render(fit(head.String(), m.width)))
	for line := 0; line < m.visible(); line++ {
		b.WriteByte('\n')
		row := m.offset + line
		if row >= m.n {
			continue
		}
		dot := " "
		if marked(row) {
			dot = "●"
		}
		if row == m.cursor {
			b.WriteString(st.Selected.Render(m.rowText(w, "▌"+dot, cells(row), false)))
			continue
		}
		if dot != " " {
			dot = st.Marked.Render(dot)
		}
		b.WriteString(m.rowText(w, " "+dot, cells(row), true))
	}
	return b.String()
}

// rowText is one row: its two mark cells (cursor, marked) and its cells,
// each styled when styled is set; unstyled, padded to m.width (the
// selection's background spans it).
func (m Model) rowText(w []int, marks string, cells []Cell, styled bool) string {
	var b strings.Builder
	b.WriteString(marks)
	used := 2
	for i, c := range cells {
		if i >= len(w) {
			break
		}
		if i > 0 {
			b.WriteString("  ")
			used += 2
		}
		width := min(w[i], max(0, m.width-used))
		text := fit(c.Text, width)
		if styled && c.Style != nil {
			text = c.Style.Render(text)
		}
		b.WriteString(text)
		used += width
	}
	if !styled && used < m.width {
		b.WriteString(strings.Repeat(" ", m.width-used))
	}
	return b.String()
}

// fit truncates (with …) or pads s to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

// Fit is fit for other components.
func Fit(s string, w int) string { return fit(s, w) }
