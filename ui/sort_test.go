package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
)

func rowIDs(t *tab) []string {
	var ids []string
	for _, i := range t.view {
		ids = append(ids, t.all[i].ID)
	}
	return ids
}

// > steps through the columns and the fields no column shows (EXPIRES
// for Fleet); I reverses (htop's invert; R is rotate); the header and the status line say the order;
// it is stable and survives a refresh.
func TestSortByEveryKeyStableAndKeptAcrossRefresh(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens = []backend.Token{
		{System: backend.Fleet, ID: "f1", Name: "b", PolicyName: "Z", Status: backend.Active, Created: now.Add(-1 * time.Hour), Expires: now.Add(3 * time.Hour)},
		{System: backend.Fleet, ID: "f2", Name: "a", PolicyName: "Z", Status: backend.Active, Created: now.Add(-3 * time.Hour)},
		{System: backend.Fleet, ID: "f3", Name: "C", PolicyName: "A", Status: backend.Active, Created: now.Add(-2 * time.Hour), Expires: now.Add(1 * time.Hour)},
	}
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	tab := h.m.tabs[2]
	if got := rowIDs(tab); !slices.Equal(got, []string{"f1", "f2", "f3"}) {
		t.Fatalf("server order %v", got)
	}
	h.keys(">") // NAME
	if got := rowIDs(tab); !slices.Equal(got, []string{"f2", "f1", "f3"}) || !strings.Contains(h.screen(), "NAME▲") || !strings.Contains(h.screen(), "sorted by NAME ▲") {
		t.Fatalf("by name %v\n%s", got, h.screen())
	}
	h.keys(">") // POLICY: f1 and f2 tie and keep the server's order
	if got := rowIDs(tab); !slices.Equal(got, []string{"f3", "f1", "f2"}) {
		t.Fatalf("by policy (stable) %v", got)
	}
	h.keys("I")
	if got := rowIDs(tab); !slices.Equal(got, []string{"f1", "f2", "f3"}) || !strings.Contains(h.screen(), "POLICY▼") {
		t.Fatalf("by policy reversed (stable) %v", got)
	}
	h.keys("I", ">", ">", ">") // CREATED, STATUS, EXPIRES (no column)
	if got := rowIDs(tab); !slices.Equal(got, []string{"f3", "f1", "f2"}) || !strings.Contains(h.screen(), "sorted by EXPIRES ▲") {
		t.Fatalf("by expiry (never last) %v\n%s", got, h.screen())
	}
	fl.tokens = append(fl.tokens, backend.Token{System: backend.Fleet, ID: "f4", Name: "d", Status: backend.Active, Expires: now.Add(2 * time.Hour)})
	h.keys("r")
	if got := rowIDs(tab); !slices.Equal(got, []string{"f3", "f4", "f1", "f2"}) {
		t.Fatalf("after a refresh %v", got)
	}
	h.keys(">") // back to the server's order
	if got := rowIDs(tab); !slices.Equal(got, []string{"f1", "f2", "f3", "f4"}) || strings.Contains(h.screen(), "sorted by") {
		t.Fatalf("server order again %v", got)
	}
	h.keys("<")
	if !strings.Contains(h.screen(), "sorted by EXPIRES") {
		t.Fatal("< steps back to the last key")
	}
}

// A filter keeps the order; the cursor stays on its token through a sort.
func TestSortWithFilterKeepsCursor(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3", "a", "down") // f2 selected
	h.keys(">")
	if tok, _ := h.m.tabs[2].selected(); tok.ID != "f2" {
		t.Fatalf("cursor on %s", tok.ID)
	}
	h.keys("/")
	h.typeText("linux")
	h.keys("enter")
	if got := rowIDs(h.m.tabs[2]); !slices.Equal(got, []string{"f1", "f3"}) {
		t.Fatalf("filtered and sorted %v", got)
	}
	h.keys("I")
	if got := rowIDs(h.m.tabs[2]); !slices.Equal(got, []string{"f3", "f1"}) {
		t.Fatalf("filtered and reversed %v", got)
	}
}

// BenchmarkSort100k re-sorts 100,000 Fleet tokens and draws (a sort key
// press), and reports its time over a filter keystroke's on the same tab
// (ratio-to-filter): the goal is the same frame budget.
func BenchmarkSort100k(b *testing.B) {
	m := bigModel(b, 100000, 120, 40)
	filter := func() {
		m.Update(keyMsg("/"))
		m.Update(keyMsg("1"))
		_ = m.View()
		m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
		m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
		_ = m.View()
	}
	start := time.Now()
	const filters = 10
	for range filters {
		filter()
	}
	perFilter := time.Since(start) / (2 * filters)
	keys := []string{">", ">", ">", ">", ">", ">"} // every key, then the server's order
	i := 0
	var sorting time.Duration
	for b.Loop() {
		t0 := time.Now()
		m.Update(keyMsg(keys[i%len(keys)]))
		_ = m.View()
		sorting += time.Since(t0)
		i++
	}
	b.ReportMetric(float64(perFilter.Microseconds())/1000, "ms/filter-key")
	b.ReportMetric(float64(sorting)/float64(i)/float64(perFilter), "ratio-to-filter")
}

// A sort key pressed while the tab's first list is on its way sets the
// order the list then shows in, though the footer offers it only once
// the tab has listed (the palette says why not).
func TestSortWhileLoadingOrdersTheList(t *testing.T) {
	_, _, fl := fakeServices()
	m := New(Options{Tabs: testTabs([]backend.Service{nil, nil, fl}), Now: func() time.Time { return now }})
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 40})
	m.Update(keyMsg("3"))
	if f := stripANSI(m.footer()); strings.Contains(f, "> sort") {
		t.Fatalf("sort offered before the list:\n%s", f)
	}
	m.Update(keyMsg(">"))
	if toast, _ := m.lastToast(); toast.text != "sorted by NAME ▲" {
		t.Fatalf("toast %q", toast.text)
	}
	tokens, _ := fl.List(t.Context())
	m.Update(listMsg{tab: 2, req: m.tabs[2].listReq, tokens: tokens})
	if got := rowIDs(m.tabs[2]); !slices.IsSortedFunc(got, func(a, b string) int {
		return strings.Compare(strings.ToLower(nameOfID(tokens, a)), strings.ToLower(nameOfID(tokens, b)))
	}) {
		t.Fatalf("not by name: %v", got)
	}
	if f := stripANSI(m.footer()); !strings.Contains(f, "> sort") {
		t.Fatalf("sort not offered once listed:\n%s", f)
	}
}

func nameOfID(tokens []backend.Token, id string) string {
	for _, tok := range tokens {
		if tok.ID == id {
			return nameOrID(tok)
		}
	}
	return ""
}

// A token that expires while the tab is sorted by STATUS moves among the
// expired rows at once, as the next list would put it.
func TestExpiryKeepsAStatusOrder(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens[0].Expires = now.Add(30 * time.Second)
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "a")
	for i := 0; i < 12 && !strings.Contains(h.screen(), "sorted by STATUS ▲"); i++ {
		h.keys(">")
	}
	tab := h.m.tabs[2]
	if ids := rowIDs(tab); len(ids) < 3 || ids[0] != "f1" {
		t.Fatalf("sorted by status before the expiry: %v\n%s", ids, h.screen())
	}
	h.clock = now.Add(31 * time.Second)
	h.send(tickMsg(h.clock))
	ids := rowIDs(tab)
	rank := func(id string) int64 {
		for _, tok := range tab.all {
			if tok.ID == id {
				return statusRank[tok.Status]
			}
		}
		return -1
	}
	for i := 1; i < len(ids); i++ {
		if rank(ids[i-1]) > rank(ids[i]) {
			t.Fatalf("after the expiry, %v is not in status order\n%s", ids, h.screen())
		}
	}
}

// The generic kind's ID column sorts like every other id column.
func TestEveryColumnOfTheGenericKindSorts(t *testing.T) {
	for _, c := range Generic(backend.System("serverless")).base().columns {
		if _, ok := sortFields[c.Title]; !ok && c.Title != "SECRET" {
			t.Errorf("column %s has no sort key", c.Title)
		}
	}
}
