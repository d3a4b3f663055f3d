package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/table"
	"github.com/tokentui/tokentui/ui/theme"
)

// View draws the screen.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	if m.mouseOff {
		v.MouseMode = tea.MouseModeNone
	}
	v.WindowTitle = "tokentui"
	if m.quitting {
		return v
	}
	v.SetContent(m.render())
	return v
}

func (m *Model) render() string {
	if m.width < minWidth || m.height < minHeight {
		return m.tooSmall()
	}
	l := m.layoutNow()
	for _, t := range m.tabs { // the split follows the content
		t.tbl.SetSize(l.tableW, l.tableH)
	}
	var b strings.Builder
	b.WriteString(m.header())
	b.WriteByte('\n')
	b.WriteString(m.tabBar())
	b.WriteByte('\n')
	b.WriteString(m.statusLine())
	b.WriteByte('\n')
	body := m.body(l)
	if m.overlay != nil {
		body = m.placeOverlay(body, l)
	}
	b.WriteString(body)
	b.WriteByte('\n')
	b.WriteString(m.footer())
	return b.String()
}

// tooSmall says the terminal is too small, wrapped to its width.
func (m *Model) tooSmall() string {
	text := fmt.Sprintf("The terminal is %d×%d; tokentui needs at least %d×%d. Resize it, or press q to quit.", m.width, m.height, minWidth, minHeight)
	lines := strings.Split(wrapAtSpaces(text, max(10, m.width)), "\n")
	return strings.Join(lines[:min(len(lines), max(1, m.height))], "\n")
}

func (m *Model) header() string {
	th := m.theme
	left := th.Title.Render("tokentui")
	// The profile and the endpoint are the configuration's text.
	if m.opts.Profile == AllProfiles {
		left += th.Endpoint.Render("  " + AllProfiles)
	} else if m.opts.Profile != "" {
		left += th.Endpoint.Render("  profile " + sanitize.Text(m.opts.Profile))
	}
	if ep := m.current().endpoint; ep != "" {
		left += th.Endpoint.Render("  " + ep)
	}
	left += th.Endpoint.Render(m.censusText())
	var badges []string
	for _, b := range []struct {
		on   bool
		text string
	}{{m.current().plainHTTP, "PLAIN HTTP"}, {m.opts.Demo, "DEMO"}, {m.opts.Insecure, "INSECURE"}, {m.opts.ReadOnly, "READ-ONLY"}, {m.presenter, "PRESENTER"}} {
		if b.on {
			badges = append(badges, th.Badge.Render(" "+b.text+" "))
		}
	}
	right := strings.Join(badges, " ")
	// The list's age stays whole; the endpoint gives way first.
	if t := m.current(); !t.updated.IsZero() {
		right = th.Endpoint.Render("updated "+coarse(m.shownNow().Sub(t.updated))+" ago  ") + right
	}
	gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		left = ansi.Truncate(left, max(0, m.width-ansi.StringWidth(right)-1), "…")
		gap = 1
	}
	return left + strings.Repeat(" ", gap) + right
}

// tabLabels are the tab texts; tabSpans their columns (for the mouse).
func (m *Model) tabLabels() []string {
	labels := make([]string, len(m.tabs))
	for i, t := range m.tabs {
		count := ""
		switch {
		case t.svc == nil:
			count = "–"
		case !t.loaded && t.loading:
			count = "…"
		case !t.loaded && t.err != nil:
			count = "✗" // not "0": nothing is known
		default:
			active, _ := t.counts()
			count = fmt.Sprint(active)
			if t.err != nil || t.failing != nil {
				count += " ✗" // the last refresh failed (in a profile at least): the count is old or partial
			}
		}
		labels[i] = fmt.Sprintf(" %d %s %s ", i+1, t.title(), count)
	}
	return labels
}

func (m *Model) tabSpans() [][2]int {
	var spans [][2]int
	x := 0
	for _, l := range m.tabLabels() {
		w := ansi.StringWidth(l)
		spans = append(spans, [2]int{x, x + w})
		x += w + 1
	}
	return spans
}

func (m *Model) tabBar() string {
	var parts []string
	for i, l := range m.tabLabels() {
		if i == m.active {
			parts = append(parts, m.theme.TabActive.Render(l))
		} else {
			parts = append(parts, m.theme.TabInactive.Render(l))
		}
	}
	return strings.Join(parts, "│")
}

func (m *Model) statusLine() string {
	t := m.current()
	th := m.theme
	if m.filtering {
		return table.Fit(m.filterIn.View(), m.width)
	}
	if m.waitQuit {
		return th.Warning.Render(table.Fit(m.waitText(), m.width))
	}
	if m.waitDone != "" {
		return th.Warning.Render(table.Fit(m.waitDone, m.width))
	}
	// Each part has its hint; when the line is too long the hints go
	// first, so the state itself stays readable at 80 columns.
	var parts, hints []string
	add := func(part, hint string) { parts, hints = append(parts, part), append(hints, hint) }
	switch {
	case t.svc == nil:
	case !t.loaded && t.err != nil:
		return th.Failure.Render(fitKeep("could not list "+t.title()+" tokens: "+t.errLine, " · e: details · r retries", m.width))
	case !t.loaded:
		return th.Dim.Render(table.Fit("loading "+t.title()+" tokens…", m.width))
	default:
		active, all := t.counts()
		shown := fmt.Sprintf("%d shown", len(t.view))
		if t.showAll {
			add(shown+fmt.Sprintf(" of %d: ", all)+t.statusCounts(), " (a: active only)")
		} else {
			add(shown+fmt.Sprintf(" · %d active of %d", active, all), " (a: show revoked/expired)")
		}
		if t.failing != nil {
			add("✗ failing: "+strings.Join(t.failing, ", "), " (e: details, r retries)")
		}
		if n := t.hiddenCount(); n > 0 && !t.showHidden {
			add(fmt.Sprintf("%d hidden", n), " (H shows them)")
		}
		if n := len(t.marked); n > 0 {
			text := backend.Plural(n, "marked", "marked")
			if h := t.hiddenMarks(); h > 0 {
				text += fmt.Sprintf(", %d hidden by the filter", h)
			}
			hint := " (x revoke, esc unmark)"
			if _, ok := t.deleter(); ok && !m.opts.ReadOnly {
				hint = " (x revoke, D delete, esc unmark)"
			}
			add(th.Marked.Render(text), hint)
		}
		if t.filter != "" {
			add("filter "+fmt.Sprintf("%q", t.filter), " (/ edit, esc clear)")
		}
		if s := t.sortLabel(); s != "" {
			add(s, " (< > column, I reverse)")
		}
		switch {
		case t.loading:
			add("refreshing…", "")
		case t.err != nil:
			add(th.Failure.Render("the last refresh failed · e: details"), "")
		}
	}
	full := make([]string, len(parts))
	for i := range parts {
		full[i] = parts[i] + hints[i]
	}
	line := strings.Join(full, " · ")
	if ansi.StringWidth(line) > m.width {
		line = strings.Join(parts, " · ")
	}
	return th.Dim.Render(table.Fit(line, m.width))
}

func (m *Model) body(l layout) string {
	t := m.current()
	if t.svc == nil {
		msg := m.theme.PaneTitle.Render(t.title()+" is not configured.") + "\n\n" + lipgloss.NewStyle().Width(m.width-4).Render(t.hint)
		return lipgloss.NewStyle().Width(m.width).Height(l.tableH+l.paneH).Padding(1, 2).Render(msg)
	}
	if m.full && t.loaded {
		return m.fullDetail(t, l.tableH)
	}
	tbl := m.tableView(t)
	if t.loaded && len(t.view) == 0 {
		tbl = m.emptyTable(t, l)
	}
	if !t.loaded {
		text := "Loading " + t.title() + " tokens…"
		if t.err != nil {
			text = "Could not list tokens: " + t.errLine + "\n\nr retries · e shows the error"
		}
		tbl = lipgloss.NewStyle().Width(l.tableW).Height(l.tableH).Padding(1, 2).Render(text)
	}
	if l.paneH == 0 {
		return tbl
	}
	pane := m.detailPane(t, l.paneW, l.paneH)
	if l.beside {
		return lipgloss.JoinHorizontal(lipgloss.Top, tbl, " ", pane)
	}
	return tbl + "\n" + pane
}

func (m *Model) emptyTable(t *tab, l layout) string {
	text := "No " + t.title() + " tokens"
	switch {
	case t.filter != "":
		text += " match the filter. esc clears it."
	case !t.showAll && len(t.all) > 0:
		text += " are active. a shows the revoked and expired ones."
	default:
		text += " yet. n creates one."
	}
	return lipgloss.NewStyle().Width(l.tableW).Height(l.tableH).Padding(1, 2).Render(text)
}

func (m *Model) footer() string {
	th := m.theme
	var line string
	if m.inflight > 0 {
		line = m.spin.View() + " working… "
	}
	if t, ok := m.lastToast(); ok {
		style := th.Desc
		switch t.kind {
		case toastOK:
			style = th.Success
		case toastErr:
			style = th.Failure
		}
		if t.more {
			line += style.Render(fitKeep(t.text, " · e: details", m.width-ansi.StringWidth(line)))
		} else {
			line += style.Render(t.text)
		}
	}
	var keys string
	if m.waitQuit {
		// The key line is on screen whatever overlay is open.
		return table.Fit(line, m.width) + "\n" + th.Warning.Render(table.Fit(m.waitText(), m.width))
	}
	switch m.overlay.(type) {
	case *result:
		keys = m.overlay.(*result).hint(m.screen(), m.width)
	case nil:
		if m.filtering {
			keys = th.Desc.Render("type to filter · enter keep · esc clear")
		} else if m.full {
			keys = m.shortHelp(m.ranked(func(a action) int { return a.detail }))
		} else {
			keys = m.shortHelp(m.ranked(func(a action) int { return a.footer }))
		}
	default:
		keys = th.Desc.Render("esc closes")
	}
	return table.Fit(line, m.width) + "\n" + keys
}

// shortHelp is the footer's key line, cut to the width; the last two
// bindings (help and quit) always show. A key that cannot act now is
// left out (the detail, the palette and the key itself say why).
// (Bubbles' help lets items overflow once even its ellipsis no longer
// fits.)
func (m *Model) shortHelp(actions []action) string {
	var enabled []key.Binding
	for _, a := range actions {
		kb := a.binding
		if slices.Equal(kb.Keys(), m.keys.Secret.Keys()) && m.secretShown() {
			kb.SetHelp(kb.Help().Key, "hide") // the key follows the state
		}
		if m.whyNot(a) == "" {
			enabled = append(enabled, kb)
		}
	}
	text := func(kb key.Binding) string { return kb.Help().Key + " " + short1(kb.Help().Desc) }
	const sep = 3 // " · "
	tailN := min(2, len(enabled))
	tail := enabled[len(enabled)-tailN:]
	width := -sep
	for _, kb := range tail {
		width += ansi.StringWidth(text(kb)) + sep
	}
	shown := []key.Binding{}
	for _, kb := range enabled[:len(enabled)-tailN] {
		w := ansi.StringWidth(text(kb)) + sep
		if width+w > m.width {
			continue // a shorter one further on may still fit
		}
		shown = append(shown, kb)
		width += w
	}
	shown = append(shown, tail...)
	parts := make([]string, len(shown))
	for i, kb := range shown {
		parts[i] = m.theme.Key.Render(kb.Help().Key) + " " + m.theme.Desc.Render(short1(kb.Help().Desc))
	}
	return strings.Join(parts, m.theme.Dim.Render(" · "))
}

// secretShown reports whether the selected token's secret is on screen.
func (m *Model) secretShown() bool {
	t := m.current()
	tok, ok := t.selected()
	_, shown := t.revealed[tok.ID]
	return ok && shown && !m.presenter
}

// fullHelp lays the help's sections out in rows of columns that fit the
// width, each headed by its name, in section order: the keys that change
// things come first. (Bubbles' full help drops the columns that do not
// fit, and with them the keys that matter most.)
func fullHelp(th theme.Theme, actions []action, width int) string {
	bySection := map[section][]action{}
	for _, a := range actions {
		bySection[a.section] = append(bySection[a.section], a)
	}
	var blocks []string
	for sec := sectionChange; sec <= sectionApp; sec++ {
		g := bySection[sec]
		if len(g) == 0 {
			continue
		}
		keyW := 0
		for _, a := range g {
			keyW = max(keyW, ansi.StringWidth(a.binding.Help().Key))
		}
		lines := []string{th.Label.Render(sec.String())}
		for _, a := range g {
			lines = append(lines, th.Key.Render(table.Fit(a.binding.Help().Key, keyW))+" "+th.Desc.Render(a.binding.Help().Desc))
		}
		blocks = append(blocks, strings.Join(lines, "\n"))
	}
	var rows []string
	var row []string
	rowW := 0
	for _, b := range blocks {
		w := lipgloss.Width(b) + 3
		if len(row) > 0 && rowW+w > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowW = nil, 0
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(3).Render(b))
		rowW += w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}

// placeOverlay centres the overlay over the body.
func (m *Model) placeOverlay(body string, l layout) string {
	h := m.bodyHeight()
	box := squeeze(m.overlay.view(m.screen()), h)
	return lipgloss.Place(m.width, h, lipgloss.Center, lipgloss.Center, box,
		lipgloss.WithWhitespaceChars(" "))
}
