package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
)

// A lists the findings; enter lands on the finding's token in its tab,
// where x asks to revoke that token.
func TestAuditViewGoesToTheToken(t *testing.T) {
	es, ece, fl := fakeServices()
	h := newHarness(t, Options{Profile: "prod"}, es, ece, fl)
	h.keys("A")
	o, ok := h.m.overlay.(*auditOverlay)
	if !ok || o.loading || len(o.findings) == 0 {
		t.Fatalf("audit view: %+v\n%s", h.m.overlay, h.screen())
	}
	if s := h.screen(); !strings.Contains(s, "never-expires") || !strings.Contains(s, "profile prod") {
		t.Fatalf("findings not listed:\n%s", s)
	}
	at := -1
	for i, f := range o.findings {
		if f.TokenID == "f2" && f.Rule == "never-expires" {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("no finding for f2: %+v", o.findings)
	}
	for range at {
		h.keys("down")
	}
	h.keys("enter")
	if h.m.overlay != nil || h.m.active != 2 {
		t.Fatalf("enter: overlay %T, tab %d", h.m.overlay, h.m.active)
	}
	if tok, _ := h.m.current().selected(); tok.ID != "f2" {
		t.Fatalf("cursor on %q, want f2", tok.ID)
	}
	if h.m.inflight != 0 {
		t.Fatalf("%d calls left in flight (the spinner would spin forever)", h.m.inflight)
	}
	h.keys("x")
	if !isOverlay[*confirmOverlay](h.m) || !strings.Contains(h.screen(), "laptops") {
		t.Fatalf("x on the landed token:\n%s", h.screen())
	}
}

// A finding about a revoked token shows the revoked tokens to land on it.
func TestAuditViewShowsARevokedToken(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("A")
	o := h.m.overlay.(*auditOverlay)
	f := o.findings[0]
	f.TokenID, f.System = "f3", fl.sys
	h.m.goToFinding(f)
	if tok, _ := h.m.tabs[2].selected(); tok.ID != "f3" || !h.m.tabs[2].showAll {
		t.Fatalf("cursor on %q (show all %v), want the revoked f3", tok.ID, h.m.tabs[2].showAll)
	}
}

// usageFake is a Fleet Server log reader whose answer the test sets.
type usageFake struct {
	*fakeService
	rep   backend.UsageReport
	asked [][]string
}

func (u *usageFake) EnrollUsage(_ context.Context, ids []string) (backend.UsageReport, error) {
	u.asked = append(u.asked, ids)
	return u.rep, nil
}

// The detail pane of a Fleet token says what it enrolled, or why that
// is unknown; a refresh reads it again.
func TestDetailShowsUsage(t *testing.T) {
	es, _, fl := fakeServices()
	for i := range fl.tokens {
		fl.tokens[i].APIKeyID = "key-" + fl.tokens[i].ID
	}
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	if s := h.screen(); !strings.Contains(s, "usage unknown: no Elasticsearch") {
		t.Fatalf("no Elasticsearch, yet no unknown usage:\n%s", s)
	}
	u := &usageFake{fakeService: es, rep: backend.UsageReport{Collected: true, Since: now.Add(-48 * time.Hour),
		ByKey: map[string]backend.EnrollUsage{"key-f1": {Enrollments: 2, Agents: 2, Last: now.Add(-time.Hour)}}}}
	h = newHarness(t, Options{}, u, nil, fl)
	h.keys("3")
	if s := h.screen(); !strings.Contains(s, "enrolled 2 agents") {
		t.Fatalf("usage not shown:\n%s", s)
	}
	u.rep.ByKey["key-f1"] = backend.EnrollUsage{Enrollments: 3, Agents: 3, Last: now}
	h.keys("r")
	if s := h.screen(); !strings.Contains(s, "enrolled 3 agents") || len(u.asked) != 2 {
		t.Fatalf("a refresh does not read the usage again (%d reads):\n%s", len(u.asked), s)
	}
}

// In --demo a finding's fix names the key on the token's row, not a
// command line that cannot reach this run's simulators.
func TestAuditFixInTheDemoIsAKey(t *testing.T) {
	es, ece, fl := fakeServices()
	h := newHarness(t, Options{Profile: "demo", Demo: true}, es, ece, fl)
	h.keys("A")
	o, ok := h.m.overlay.(*auditOverlay)
	if !ok || len(o.findings) == 0 {
		t.Fatalf("audit view: %+v", h.m.overlay)
	}
	for i, f := range o.findings {
		if f.Fix == "" {
			continue
		}
		o.cursor = i
		s := h.screen()
		if strings.Contains(s, "fix: tokentui") || !strings.Contains(s, "enter goes to the token") {
			t.Fatalf("a demo's fix sends the user to the CLI:\n%s", s)
		}
		return
	}
	t.Fatal("no finding with a fix")
}

// At 80×24 the selected finding's fix is shown whole: a command cut short
// would be wrong to run; the message gives way instead.
func TestAuditFixIsShownWholeAt80x24(t *testing.T) {
	es, ece, fl := fakeServices()
	h := newHarness(t, Options{Profile: "production-eu-west-1-fleet-and-elasticsearch-for-agents"}, es, ece, fl)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("A")
	o, ok := h.m.overlay.(*auditOverlay)
	if !ok || len(o.findings) == 0 {
		t.Fatalf("audit view: %+v", h.m.overlay)
	}
	fixes := 0
	for i, f := range o.findings {
		if f.Fix == "" {
			continue
		}
		o.cursor = i
		flat := strings.Join(strings.Fields(strings.ReplaceAll(h.screen(), "│", " ")), " ")
		if want := strings.Join(strings.Fields(f.Fix), " "); !strings.Contains(flat, want) {
			t.Fatalf("fix %q not shown whole:\n%s", f.Fix, h.screen())
		}
		fixes++
	}
	if fixes == 0 {
		t.Fatal("no finding with a fix")
	}
}
