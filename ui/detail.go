package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// labelWidth is the detail's label column, with its space.
const labelWidth = 10

// enrollRefused says why the token's enroll command is not offered: as
// for a copy of its secret (Kibana 9.5's add-agent flyout offers no
// expired token either).
func (t *tab) enrollRefused(tok backend.Token, now time.Time) string { return t.useRefused(tok, now) }

// detailLines are every field of the selected token, its secret (masked
// unless shown) and its enroll command, width wide. full is the
// full-screen detail: there the secret and the command stand on lines
// of their own, unboxed and unwrapped where they fit, so they can be
// selected by hand. Every value is sanitized here.
func (m *Model) detailLines(t *tab, width int, full bool) []string {
	th := m.theme
	tok, ok := t.selected()
	if !ok {
		return []string{th.Dim.Render("No token selected.")}
	}
	now, shown := m.opts.Now(), m.shownNow() // shown: the relative times
	// A token without a name (ECE's) is headed by what it is, not by
	// its id again: the ID row below holds it, whole, and a cursor move
	// does not rewrite it twice.
	title := t.title() + " token"
	if tok.Name != "" {
		title = tok.Name
	}
	lines := []string{th.PaneTitle.Render(ansi.Truncate(sanitize.Text(title), width, "…"))}
	// Every row holds a token's or a server's text: sanitized here, once.
	put := func(r detailRow, style func(...string) string) {
		value := sanitize.Text(r.value)
		if r.warning {
			lines = append(lines, strings.Split(th.Warning.Render(wrapAtSpaces(value, width)), "\n")...)
			return
		}
		lines = append(lines, labelled(th.Label.Render(r.label), style, value, width)...)
	}
	add := func(label, value string) { put(detailRow{label: label, value: value}, th.Value.Render) }
	add("ID", tok.ID)
	add("Status", string(tok.Status))
	for _, r := range t.kind.detail(tok) {
		put(r, th.Value.Render)
	}
	if r, ok := m.censusRow(t, tok); ok {
		add(r.label, r.value)
	}
	if r, ok := m.usageRow(t, tok); ok {
		add(r.label, r.value)
	}
	if r, ok := t.collectorsRow(tok); ok {
		add(r.label, r.value)
	}
	stamp := func(at time.Time) string { return at.In(now.Location()).Format("2006-01-02 15:04:05") }
	if !tok.Created.IsZero() {
		add("Created", stamp(tok.Created)+" ("+ago(tok, shown)+")")
	}
	if !tok.Expires.IsZero() {
		add("Expires", stamp(tok.Expires)+" ("+until(tok.Expires, shown)+")")
	} else if never := t.kind.base().zeroExpires; never != "" {
		add("Expires", never)
	}
	if !tok.Revoked.IsZero() {
		add("Revoked", stamp(tok.Revoked))
	}
	if !m.opts.ReadOnly {
		// A revoked token says so in its status; others say why here.
		if why, already := t.revokeRefused([]backend.Token{tok}, now); why != "" && !already {
			put(detailRow{label: "Revoke", value: "not from here: " + why}, th.Dim.Render)
		}
	}
	lines = append(lines, "", th.Label.Render("Secret"))
	lines = append(lines, m.secretLines(t, tok, width, full)...)
	lines = append(lines, m.enrollLines(t, tok, width, full)...)
	return lines
}

// detailLag is the detail pane drawn last; hold keeps it on screen until
// detailCatchUpMsg (Options.DetailLag).
type detailLag struct {
	tab           *tab
	width, height int
	pane          string
	hold          bool
}

type detailCatchUpMsg struct{}

// detailPane is the detail lines in a box, width × height; after a cursor
// move, with Options.DetailLag, the previous one until it catches up.
func (m *Model) detailPane(t *tab, width, height int) string {
	// A held pane may show a secret since hidden (auto-hide, presenter
	// mode turned on, a revoke): never hold one while any is revealed.
	if l := m.lag; l.hold && l.tab == t && l.width == width && l.height == height && len(t.revealed) == 0 {
		return l.pane
	}
	pane := m.renderDetailPane(t, width, height)
	m.lag = detailLag{tab: t, width: width, height: height, pane: pane, hold: m.lag.hold}
	return pane
}

func (m *Model) renderDetailPane(t *tab, width, height int) string {
	inner := max(10, width-4)
	lines := m.detailLines(t, inner, false)
	if len(lines) > height-2 {
		lines = append(lines[:max(0, height-3)], m.theme.Dim.Render("… enter shows it all"))
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, inner, "…")
	}
	return m.theme.Pane.Width(width).Height(height).Render(strings.Join(lines, "\n"))
}

// fullDetail is the selected token full screen, scrolled to m.fullTop:
// unboxed, so a shown secret can be selected by hand (after m).
func (m *Model) fullDetail(t *tab, height int) string {
	width := m.width
	lines := m.detailLines(t, width, true)
	// No margin: a line selected from its first column is the text.
	return m.screen().scrolled(lines, &m.fullTop, height, width, 0)
}
