package ui

import (
	"fmt"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

// A list's filter text is built when a filter first needs it, not for
// every list: 100,000 tokens would otherwise cost as many strings at each
// refresh, filtered or not.
func TestFilterTextIsBuiltOnlyWhenAFilterNeedsIt(t *testing.T) {
	tb := newTab(TabSpec{Kind: Fleet})
	var tokens []backend.Token
	for i := range 50 {
		tokens = append(tokens, backend.Token{System: backend.Fleet, ID: fmt.Sprintf("id-%02d", i), Name: fmt.Sprintf("Runner-%02d", i),
			PolicyID: "p1", PolicyName: "Linux", Status: backend.Active})
	}
	tb.setTokens(tokens)
	if tb.hay != nil || len(tb.view) != 50 {
		t.Fatalf("unfiltered list: hay built = %v, %d rows shown", tb.hay != nil, len(tb.view))
	}
	tb.filter = "runner-4"
	tb.applyFilter()
	if tb.hay == nil || len(tb.view) != 10 {
		t.Fatalf("filter runner-4: %d rows, want 10", len(tb.view))
	}
	tb.setTokens(tokens[:5]) // a refresh drops the old list's text
	if len(tb.view) != 0 || len(tb.hay) != 5 {
		t.Fatalf("after a refresh under the filter: %d rows, %d texts", len(tb.view), len(tb.hay))
	}
	tb.filter = ""
	tb.applyFilter()
	if len(tb.view) != 5 {
		t.Fatalf("filter cleared: %d rows, want 5", len(tb.view))
	}
}
