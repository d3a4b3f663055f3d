package ui

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/ui/table"
)

// sortKey is one order of a tab's rows: a column's, or a field no column
// of the kind shows (a Fleet token's expiry). A key is a string or a
// number per token, computed once per sort: comparing those is what
// makes 100,000 tokens sort within a frame.
type sortKey struct {
	title string
	str   func(*backend.Token) string // nil for a number key
	num   func(*backend.Token) int64
}

// sortFields are the keys of what each column title shows. The SECRET
// column has none: it shows the same mask on every row.
var sortFields = map[string]sortKey{
	"NAME":     {str: func(t *backend.Token) string { return strings.ToLower(nameOrID(*t)) }},
	"ID":       {str: func(t *backend.Token) string { return t.ID }},
	"KEY ID":   {str: func(t *backend.Token) string { return t.ID }},
	"TOKEN ID": {str: func(t *backend.Token) string { return t.ID }},
	"POLICY":   {str: func(t *backend.Token) string { return strings.ToLower(policyOf(*t)) }},
	"SCOPE":    {str: func(t *backend.Token) string { return t.Scope }},
	"ROLES":    {str: func(t *backend.Token) string { return strings.Join(t.Roles, ",") }},
	"KIND": {num: func(t *backend.Token) int64 {
		if t.Persistent {
			return 1
		}
		return 0
	}},
	"CREATED": {num: func(t *backend.Token) int64 { return timeKey(t.Created) }},
	"EXPIRES": {num: func(t *backend.Token) int64 { return timeKey(t.Expires) }},
	"STATUS":  {num: func(t *backend.Token) int64 { return statusRank[t.Status] }},
}

// extraSortFields are offered after the columns when no column shows them.
var extraSortFields = []string{"CREATED", "EXPIRES"}

var statusRank = map[backend.Status]int64{backend.Active: 0, backend.Expired: 1, backend.Revoked: 2}

// timeKey puts an unknown time (or "never", for an expiry) last.
func timeKey(t time.Time) int64 {
	if t.IsZero() {
		return math.MaxInt64
	}
	return t.UnixNano()
}

// sortKeys are the orders a kind's table offers, in the order < and >
// step through them: its columns from the left, then the fields no
// column shows.
func sortKeys(k Kind) []sortKey {
	var keys []sortKey
	seen := map[string]bool{}
	for _, c := range k.base().columns {
		if f, ok := sortFields[c.Title]; ok {
			f.title = c.Title
			keys = append(keys, f)
			seen[c.Title] = true
		}
	}
	for _, title := range extraSortFields {
		if !seen[title] {
			f := sortFields[title]
			f.title = title
			keys = append(keys, f)
		}
	}
	return keys
}

// tabSort is a tab's order: by keys[by-1] (0: the server's order),
// descending when desc. order is the permutation of the tab's tokens in
// that order, nil for the server's: the filter walks it, so a filter
// keystroke costs no sort.
type tabSort struct {
	by    int
	desc  bool
	order []int
}

// step moves the sort to the next (d = 1) or previous (d = -1) key,
// through "the server's order" at the ends.
func (t *tab) stepSort(d int) {
	n := len(sortKeys(t.kind)) + 1
	t.sort.by = (t.sort.by + d + n) % n
	t.resort()
	t.refilter()
}

// reverseSort flips the order (a table in the server's order is sorted
// by its first column first).
func (t *tab) reverseSort() {
	if t.sort.by == 0 {
		t.sort.by = 1
	} else {
		t.sort.desc = !t.sort.desc
	}
	t.resort()
	t.refilter()
}

// resort computes the order of the tab's tokens: stable (equal rows keep
// the server's order), whichever way it goes.
func (t *tab) resort() {
	keys := sortKeys(t.kind)
	if t.sort.by == 0 || t.sort.by > len(keys) {
		t.sort.by, t.sort.order = 0, nil
		return
	}
	k := keys[t.sort.by-1]
	if k.str != nil {
		t.sort.order = sortedBy(t.all, k.str, strings.Compare, t.sort.desc, t.sort.order)
	} else {
		t.sort.order = sortedBy(t.all, k.num, cmp.Compare[int64], t.sort.desc, t.sort.order)
	}
}

// sortedBy is the permutation of all that orders it by key, ties by
// position (a stable order, without a stable sort's cost); into is
// reused.
func sortedBy[K any](all []backend.Token, key func(*backend.Token) K, compare func(a, b K) int, desc bool, into []int) []int {
	type entry struct {
		k K
		i int
	}
	es := make([]entry, len(all))
	for i := range all {
		es[i] = entry{key(&all[i]), i}
	}
	slices.SortFunc(es, func(a, b entry) int {
		c := compare(a.k, b.k)
		if desc {
			c = -c
		}
		if c == 0 {
			return a.i - b.i
		}
		return c
	})
	into = into[:0]
	for _, e := range es {
		into = append(into, e.i)
	}
	return into
}

// at is the index in t.all of the n-th token in the tab's order.
func (t *tab) at(n int) int {
	if t.sort.order == nil {
		return n
	}
	return t.sort.order[n]
}

// sortLabel says the order for the status line, "" for the server's.
func (t *tab) sortLabel() string {
	if t.sort.by == 0 {
		return ""
	}
	return "sorted by " + sortKeys(t.kind)[t.sort.by-1].title + " " + t.sortArrow()
}

func (t *tab) sortArrow() string {
	if t.sort.desc {
		return "▼"
	}
	return "▲"
}

// headerColumns are the kind's columns with the sorted one marked.
func (t *tab) headerColumns() []table.Column {
	cols := t.kind.base().columns
	if t.sort.by == 0 {
		return cols
	}
	title := sortKeys(t.kind)[t.sort.by-1].title
	out := slices.Clone(cols)
	for i := range out {
		if out[i].Title == title {
			out[i].Title += t.sortArrow()
		}
	}
	return out
}
