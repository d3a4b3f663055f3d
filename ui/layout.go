package ui

import (
	"slices"

	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/ui/table"
)

// Minimum usable size; below it the UI says so instead of drawing.
const minWidth, minHeight = 60, 16

// The detail pane sits beside the table from besideWidth columns, when
// both fit; it is never narrower than paneMin. Below that it sits under
// the table when the terminal is tall enough to keep tableMinRows rows
// of the table, and otherwise collapses: enter shows it full screen.
const (
	besideWidth  = 100
	paneMin      = 40
	tableMinRows = 6
	// paneText is the width the pane wants for its text: an enroll
	// command then wraps into two or three lines.
	paneText = 76
)

type layout struct {
	tabsRow          int
	tableTop, tableW int
	tableH           int
	paneW, paneH     int
	beside           bool
}

// bodyHeight is the rows between the status line and the footer.
func (m *Model) bodyHeight() int { return bodyRows(m.height) }

// layoutNow computes where things go for the current size, splitting
// the width between the table and the pane in proportion to what their
// content needs.
func (m *Model) layoutNow() layout {
	l := layout{tabsRow: 1, tableTop: 3}
	body := m.bodyHeight()
	l.tableW, l.tableH = m.width, body
	t := m.current()
	if t.svc == nil || m.full {
		return l
	}
	tableMin, tableNeed, tableWhole := t.tableWidths()
	paneNeed := max(paneText, t.paneTextWidth()) + 4 // border and padding
	avail := m.width - 1                             // a space between them
	if m.width >= besideWidth && avail-tableMin >= paneMin {
		pane := paneNeed * avail / (tableNeed + paneNeed)
		if tableNeed+paneNeed <= avail {
			pane = paneNeed + (avail-tableNeed-paneNeed)*paneNeed/(tableNeed+paneNeed)
		}
		l.beside = true
		l.paneW = max(paneMin, min(pane, avail-tableMin))
		if avail-l.paneW < tableWhole && avail-tableWhole >= paneMin {
			// The id would be cut: the pane gives room, down to paneMin.
			l.paneW = max(paneMin, min(l.paneW, avail-min(tableNeed, avail-paneMin)))
		}
		l.tableW, l.paneH = avail-l.paneW, body
		return l
	}
	rows := len(m.detailLines(t, m.width-4, false)) + 2
	if body-rows-1 >= tableMinRows {
		l.paneW, l.paneH = m.width, rows
		l.tableH = body - rows - 1 // a line between them
	}
	return l
}

// paneShown reports whether the detail pane is on screen.
func (l layout) paneShown() bool { return l.paneH > 0 }

func (m *Model) layout() {
	l := m.layoutNow()
	for _, t := range m.tabs {
		t.tbl.SetSize(l.tableW, l.tableH)
	}
}

// measure records how wide the tab's flexible column and its ids are,
// over every token, so the split between table and pane does not move
// while the cursor does.
func (t *tab) measure() {
	t.flexW, t.idW = 0, 0
	flex := t.kind.base().flex
	for _, tok := range t.all {
		t.idW = max(t.idW, ansi.StringWidth(tok.ID))
		if flex != nil {
			t.flexW = max(t.flexW, ansi.StringWidth(flex(tok)))
		}
	}
}

// tableWidths is the narrowest the table can be without cutting a fixed
// column, the width that shows every column whole, and the narrowest
// that still shows its flexible column (an id) whole, the others cut to
// table.MinCol.
func (t *tab) tableWidths() (least, need, whole int) {
	least = 2 // cursor and mark
	flexCols := 0
	for i, c := range t.kind.base().columns {
		if i > 0 {
			least += 2
		}
		least += c.Width
		if c.Flex {
			flexCols++
		}
	}
	need = least
	whole = least
	for _, c := range t.kind.base().columns {
		if !c.Flex {
			whole -= c.Width - min(c.Width, table.MinCol)
		}
	}
	for _, c := range t.kind.base().columns {
		if c.Flex && t.flexW > c.Width {
			need += min(t.flexW, flexMost) - c.Width
		}
	}
	whole += need - least
	return least, need, whole
}

// columns are the kind's columns, the flexible one wanting its content's
// width (measure), so the table shows it whole where it can.
func (t *tab) columns() []table.Column {
	cols := slices.Clone(t.headerColumns()) // with the sort's arrow (sort.go)
	for i := range cols {
		if cols[i].Flex {
			cols[i].Want = min(t.flexW, flexMost)
		}
	}
	return cols
}

// flexMost is the most a flexible column asks for.
const flexMost = 48

// paneTextWidth is the widest labelled value of the pane: a label and an
// id, which should not wrap.
func (t *tab) paneTextWidth() int { return labelWidth + t.idW }
