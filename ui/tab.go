package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/table"
)

// tab is one system's tab: the state every system shares. What differs
// between systems comes from its kind.
type tab struct {
	kind     Kind
	svc      backend.Service // nil when the system is not configured
	hint     string
	endpoint string

	all  []backend.Token
	hay  []string // lower-case text each token is filtered on; nil until a filter needs it
	view []int    // indices of all that pass the filter
	tbl  table.Model

	filter  string
	showAll bool
	// showHidden shows the tokens the system hides (Fleet's managed and
	// agentless policies'): their own toggle, not a's.
	showHidden bool
	marked     map[string]bool
	// keep holds tokens revoked in this session: they stay visible, with
	// their new state, even when only active tokens are shown.
	keep map[string]bool

	prefetch func(context.Context) ([]backend.Token, error) // the first list, already started

	loading bool
	loaded  bool
	listReq int
	err     error
	errLine string // err's first line, sanitized

	updated   time.Time // when the last list answered
	announce  bool      // say when the list answers (r was pressed)
	plainHTTP bool      // credentials go over http://

	failing []string // in all profiles: the profiles whose last list failed

	lastErr string // the tab's most recent error, sanitized: e shows it
	// probe holds the ids listed before a create whose answer was lost,
	// so that the next list can point at a token that appeared.
	probe map[string]bool

	revealed map[string]reveal
	enroll   map[string]*enrollEntry // enroll targets by the kind's enroll key; nil while loading
	active   int                     // active, non-hidden tokens (the tab's count)
	listed   int                     // non-hidden tokens (Kibana's page counts no others)
	hidden   int                     // tokens the system hides (H shows them)
	byStatus map[backend.Status]int  // non-hidden tokens by status

	sort tabSort // the order of the rows (sort.go)

	flexW, idW int             // widest flexible cell and id (measure)
	made       map[string]bool // tokens created in this run: their secret is at hand
}

type reveal struct {
	secret backend.Secret
	until  time.Time
}

func newTab(s TabSpec) *tab {
	if _, ok := s.Service.(profileRouter); ok {
		s.Kind = withProfiles(s.Kind)
	}
	// The hint and the endpoint are the configuration's text.
	return &tab{kind: s.Kind, svc: s.Service, hint: sanitize.Lines(s.Hint), endpoint: sanitize.Text(s.Endpoint), plainHTTP: s.PlainHTTP, prefetch: s.Prefetch,
		byStatus: map[backend.Status]int{}, marked: map[string]bool{}, keep: map[string]bool{}, made: map[string]bool{}, revealed: map[string]reveal{}, enroll: map[string]*enrollEntry{}}
}

// title is the tab's system as a person reads it.
func (t *tab) title() string { return t.kind.System().Title() }

// selected is the token under the cursor.
func (t *tab) selected() (backend.Token, bool) {
	i := t.tbl.Cursor()
	if i < 0 || i >= len(t.view) {
		return backend.Token{}, false
	}
	return t.all[t.view[i]], true
}

// setTokens replaces the tab's tokens, keeping the cursor on the same
// token where it still exists.
func (t *tab) setTokens(tokens []backend.Token) {
	keep, _ := t.selected()
	t.setTokensAt(tokens, keep.ID)
}

// setTokensAt replaces the tokens and puts the cursor on token id.
func (t *tab) setTokensAt(tokens []backend.Token, id string) {
	t.all = tokens
	t.hay = nil            // built by the first filter that needs it: most lists are never filtered
	if len(t.marked) > 0 { // a set of every id only when there are marks to prune
		live := make(map[string]bool, len(tokens))
		for _, tok := range tokens {
			live[tok.ID] = true
		}
		for id := range t.marked {
			if !live[id] {
				delete(t.marked, id)
			}
		}
	}
	t.measure()
	t.resort()
	t.applyFilter()
	if id != "" {
		for vi, ai := range t.view {
			if t.all[ai].ID == id {
				t.tbl.SetCursor(vi)
				break
			}
		}
	}
}

func haystack(t backend.Token) string {
	return strings.ToLower(strings.Join([]string{t.Name, t.ID, t.PolicyName, t.PolicyID, t.Scope, strings.Join(t.Roles, " "), string(t.Status), t.Profile}, "\x00"))
}

// haystacks builds the filter text of every token, once per list.
func (t *tab) haystacks() {
	if t.hay != nil || len(t.all) == 0 {
		return
	}
	t.hay = make([]string, len(t.all))
	for i, tok := range t.all {
		t.hay[i] = haystack(tok)
	}
}

// applyFilter recomputes the visible rows: the filter text (every word
// must match), unless showAll only active tokens, and unless showHidden
// none the system hides (as Kibana's page, with "not hidden:true").
func (t *tab) applyFilter() {
	words := strings.Fields(strings.ToLower(t.filter))
	t.view = t.view[:0]
	t.active, t.listed, t.hidden = 0, 0, 0
	clear(t.byStatus)
	for n := range t.all {
		i := t.at(n) // in the tab's order
		tok := t.all[i]
		if tok.Hidden {
			t.hidden++
		} else {
			t.listed++
			t.byStatus[tok.Status]++
			if tok.Status == backend.Active {
				t.active++
			}
		}
		if tok.Hidden && !t.showHidden {
			continue
		}
		if !t.showAll && tok.Status != backend.Active && !t.keep[tok.ID] {
			continue
		}
		if t.matches(i, words) {
			t.view = append(t.view, i)
		}
	}
	t.tbl.SetRows(len(t.view))
}

// matches reports whether token i has every word of the filter.
func (t *tab) matches(i int, words []string) bool {
	if len(words) > 0 {
		t.haystacks()
	}
	for _, w := range words {
		if !strings.Contains(t.hay[i], w) {
			return false
		}
	}
	return true
}

// filtered are the tokens the filter text matches, whatever their status
// and whether a shows them: what a purge looks at.
func (t *tab) filtered() []backend.Token {
	words := strings.Fields(strings.ToLower(t.filter))
	var out []backend.Token
	for i, tok := range t.all {
		if t.matches(i, words) {
			out = append(out, tok)
		}
	}
	return out
}

// counts is what the tab label shows: active tokens, and all, leaving
// out those the system hides as Kibana's page does.
func (t *tab) counts() (active, all int) { return t.active, t.listed }

// targets are what an action on many tokens acts on: every marked token,
// shown or hidden by the filter, or else the selected one.
func (t *tab) targets() []backend.Token {
	var out []backend.Token
	for _, tok := range t.all {
		if t.marked[tok.ID] {
			out = append(out, tok)
		}
	}
	if len(out) == 0 {
		if tok, ok := t.selected(); ok {
			out = []backend.Token{tok}
		}
	}
	return out
}

// shown reports which tokens the table shows now, by id.
func (t *tab) shown() map[string]bool {
	in := make(map[string]bool, len(t.view))
	for _, i := range t.view {
		in[t.all[i].ID] = true
	}
	return in
}

// hiddenMarks counts the marked tokens the filter hides.
func (t *tab) hiddenMarks() int {
	in, n := t.shown(), 0
	for id := range t.marked {
		if !in[id] {
			n++
		}
	}
	return n
}

// markShown marks every token shown, or unmarks them when all are
// marked already; it says how many it changed.
func (t *tab) markShown() (marked bool, n int) {
	for _, i := range t.view {
		if !t.marked[t.all[i].ID] {
			marked = true
			break
		}
	}
	for _, i := range t.view {
		id := t.all[i].ID
		if t.marked[id] != marked {
			n++
		}
		if marked {
			t.marked[id] = true
		} else {
			delete(t.marked, id)
		}
	}
	return marked, n
}

// refilter applies a changed filter, keeping the cursor on the same
// token while it stays in the result.
func (t *tab) refilter() {
	keep, _ := t.selected()
	t.applyFilter()
	for vi, ai := range t.view {
		if t.all[ai].ID == keep.ID {
			t.tbl.SetCursor(vi)
			return
		}
	}
}

// name is a token as the table names it: its first column (ES: the key
// id, not the API key's name), and for a Fleet token named as many are
// ("Default") its policy beside it.
func (t *tab) name(tok backend.Token) string {
	n := t.kind.base().flex(tok)
	if tok.PolicyName != "" && (tok.Name == "Default" || tok.Name == "") {
		n += " (policy " + tok.PolicyName + ")"
	}
	return n
}

// targetLines list tokens in a dialog, at most most and then how many
// more: each as the kind names it, with its status when not active and,
// when unseen is set, that note after a token the table does not show.
func (t *tab) targetLines(targets []backend.Token, unseen string, most int) []string {
	shown, hidden := t.shown(), 0
	var lines []string
	for _, tok := range targets {
		line := "• " + t.kind.describe(tok)
		if tok.Status != backend.Active {
			line += " · " + string(tok.Status)
		}
		if unseen != "" && !shown[tok.ID] {
			line += "  " + unseen
			hidden++
		}
		if len(lines) < most {
			lines = append(lines, line)
		}
	}
	if len(targets) > most {
		more := fmt.Sprintf("… and %d more", len(targets)-most)
		if hidden > 0 {
			more += fmt.Sprintf(" (%d of all %d %s)", hidden, len(targets), strings.Trim(unseen, "()"))
		}
		lines = append(lines, more)
	}
	return lines
}

// deleter is the tab's service where it can delete tokens.
func (t *tab) deleter() (backend.Deleter, bool) {
	d, ok := t.svc.(backend.Deleter)
	return d, ok
}

// deleteRefused says why the targets cannot be deleted, or "": the same
// text refuses the action and dims its key in the footer.
func (t *tab) deleteRefused(targets []backend.Token) string {
	if _, ok := t.deleter(); !ok {
		return t.title() + " tokens are revoked (x), not deleted"
	}
	for _, tok := range targets {
		if why := t.kind.deleteDisabled(tok); why != "" {
			return why
		}
	}
	return ""
}

// deleted applies a delete's outcome to the rows at once, before the
// refresh answers: tokens that are gone leave the table, tokens the
// server only revoked (an older Kibana) show revoked.
func (t *tab) deleted(rep backend.DeleteReport, now time.Time) {
	gone, revoked := map[string]bool{}, map[string]bool{}
	for _, r := range rep.Results {
		switch {
		case r.OK():
			gone[r.ID] = true
			delete(t.keep, r.ID)
		case r.Outcome == backend.DeleteRevokedOnly:
			revoked[r.ID] = true
			t.keep[r.ID] = true
		default:
			continue
		}
		delete(t.marked, r.ID)
		delete(t.revealed, r.ID)
	}
	var next []backend.Token
	for _, tok := range t.all {
		switch {
		case gone[tok.ID]:
			continue
		case revoked[tok.ID]:
			tok.Status, tok.Revoked = backend.Revoked, now
		}
		next = append(next, tok)
	}
	t.setTokens(next)
}

// statusCell is the status column, the same words for every kind.
func (m *Model) statusCell(t *tab, tok backend.Token) table.Cell {
	th := &m.theme // a pointer: copying the theme per row cost more than the row
	switch tok.Status {
	case backend.Active:
		return table.Cell{Text: "● active", Style: &th.Active}
	case backend.Expired:
		return table.Cell{Text: "◌ expired", Style: &th.Expired}
	}
	return table.Cell{Text: "✕ revoked", Style: &th.Revoked}
}

// tableView draws the tab's table; every cell the kind gives is
// sanitized here.
func (m *Model) tableView(t *tab) string {
	now := m.shownNow()
	cells := func(row int) []table.Cell {
		tok := t.all[t.view[row]]
		cs := t.kind.cells(tok, rowContext{now: now, status: m.statusCell(t, tok), secret: m.secretCell(t, tok)})
		for i := range cs {
			cs[i].Text = sanitize.Text(cs[i].Text)
		}
		return cs
	}
	st := table.Styles{Header: m.theme.TableHeader, Marked: m.theme.Marked, Selected: m.theme.Selected}
	return t.tbl.View(t.columns(), st, cells, func(row int) bool { return t.marked[t.all[t.view[row]].ID] })
}
