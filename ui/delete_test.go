package ui

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

// tabIDs lists the ids of the tab's tokens, in order.
func tabIDs(t *tab) []string { return idsOf(t.all) }

// dialogText is the open confirmation's text, unwrapped: its title, body
// lines and effect, one per line.
func dialogText(t *testing.T, h *harness) string {
	t.Helper()
	o, ok := h.m.overlay.(*confirmOverlay)
	if !ok {
		t.Fatalf("no confirmation:\n%s", h.screen())
	}
	return strings.Join(append(append([]string{o.dlg.Title}, o.dlg.Body...), o.dlg.Effect, o.dlg.Yes), "\n")
}

func TestDeleteAsksWithItsOwnWordingAndDefaultsToNo(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "D")
	if scr := h.screen(); !strings.Contains(scr, "No (n)") || !strings.Contains(scr, "Delete (y)") {
		t.Fatalf("the buttons:\n%s", scr)
	}
	scr := dialogText(t, h)
	for _, want := range []string{"Delete 1 Fleet token?", "• ci-runners (policy Linux servers)", "revoked first",
		"Elastic Agents already enrolled keep working", "OTel Collectors using it are cut off", "record is removed", "name can be used again", "cannot be undone"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the delete dialog lacks %q:\n%s", want, scr)
		}
	}
	if strings.Contains(scr, "Revoke") {
		t.Fatalf("a delete is not a revoke:\n%s", scr)
	}
	h.keys("enter")
	h.keys("D", "n")
	h.keys("D", "esc")
	if len(fl.deletes) != 0 || h.m.overlay != nil {
		t.Fatalf("enter, n and esc delete nothing: %v", fl.deletes)
	}
	// The server answers, but the list after it fails: the row has left
	// the table already, from the report.
	fl.listErr = errors.New("list down")
	h.send(tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl}) // k9s's key
	h.keys("y")
	if !reflect.DeepEqual(fl.deletes, [][]string{{"f1"}}) {
		t.Fatalf("deleted %v", fl.deletes)
	}
	if slices.Contains(tabIDs(h.m.tabs[2]), "f1") {
		t.Fatalf("the deleted row stays: %v", tabIDs(h.m.tabs[2]))
	}
	if !slices.ContainsFunc(h.m.toasts, func(tt toast) bool { return tt.text == "✓ ci-runners (policy Linux servers): deleted" }) {
		t.Fatalf("toasts: %+v", h.m.toasts)
	}
	fl.listErr = nil
	h.keys("r")
	if slices.Contains(tabIDs(h.m.tabs[2]), "f1") || fl.lists < 3 {
		t.Fatalf("listed again: %v (%d lists)", tabIDs(h.m.tabs[2]), fl.lists)
	}
}

func TestDeleteSaysDeletedOnlyOfDeletedTokens(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3")
	fl.deleteFail = map[string]string{"f1": "Kibana said: no"}
	h.keys("D", "y")
	tt, _ := h.m.lastToast()
	if tt.kind != toastErr || strings.Contains(tt.text, "deleted") || strings.Contains(tt.text, "✓") || !strings.Contains(tt.text, "Kibana said: no") {
		t.Fatalf("a failed delete's toast: %+v", tt)
	}
	tok, _ := h.m.tabs[2].selected()
	if tok.ID != "f1" || tok.Status != backend.Active {
		t.Fatalf("the token stays, active: %+v", tok)
	}
	if !isOverlay[*deleteReport](h.m) || !strings.Contains(h.screen(), "✗ ci-runners (policy Linux servers): failed: Kibana said: no") {
		t.Fatalf("the report:\n%s", h.screen())
	}
	h.keys("esc", "e")
	if !strings.Contains(h.screen(), "While deleting ci-runners (policy Linux servers):") || !strings.Contains(h.screen(), "failed: Kibana said: no") {
		t.Fatalf("e gives the failure:\n%s", h.screen())
	}
}

func TestDeleteReportsEachToken(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "a", "space", "space", "space") // f1, f2, f3 marked
	// laptops goes from the server before the delete: already gone.
	fl.tokens = slices.DeleteFunc(fl.tokens, func(t backend.Token) bool { return t.ID == "f2" })
	fl.deleteFail = map[string]string{"f1": "version conflict"}
	h.keys("D")
	scr := h.screen()
	for _, want := range []string{"Delete 3 Fleet tokens?", "• ci-runners (policy Linux servers)", "• laptops (policy Windows desktops)", "• old (policy Linux servers) · revoked"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the dialog lists %q:\n%s", want, scr)
		}
	}
	h.keys("y")
	if !reflect.DeepEqual(fl.deletes, [][]string{{"f1", "f2", "f3"}}) {
		t.Fatalf("deleted %v", fl.deletes)
	}
	scr = h.screen()
	for _, want := range []string{"Delete: 1 deleted, 1 already gone, 1 failed",
		"✗ ci-runners (policy Linux servers): failed: version conflict",
		"✓ laptops (policy Windows desktops): already gone",
		"✓ old (policy Linux servers): deleted"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the report lacks %q:\n%s", want, scr)
		}
	}
	if got := tabIDs(h.m.tabs[2]); !slices.Equal(got, []string{"f1"}) {
		t.Fatalf("only the failed token stays: %v", got)
	}
	if tt, _ := h.m.lastToast(); tt.kind != toastErr || !strings.Contains(tt.text, "deleting 3 Fleet tokens (1 deleted, 1 already gone, 1 failed)") {
		t.Fatalf("toast %+v", tt)
	}
}

func TestDeleteOnAnOlderKibanaSaysRevokedNotDeleted(t *testing.T) {
	_, _, fl := fakeServices()
	fl.noDelete = true
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "D", "y")
	scr := h.screen()
	if !strings.Contains(scr, "cannot delete enrollment tokens") || !strings.Contains(scr, "revoked, not deleted") {
		t.Fatalf("the report:\n%s", scr)
	}
	if tt, _ := h.m.lastToast(); tt.kind != toastErr || strings.Contains(tt.text, "✓") {
		t.Fatalf("toast %+v", tt)
	}
	h.keys("esc")
	tok, _ := h.m.tabs[2].selected()
	if tok.ID != "f1" || tok.Status != backend.Revoked || !strings.Contains(h.screen(), "✕ revoked") {
		t.Fatalf("the token shows revoked: %+v\n%s", tok, h.screen())
	}
}

func TestDeleteListsMarksHiddenByTheFilter(t *testing.T) {
	h, fl := fleetHarness(t)
	h.keys("3", "space", "space", "/")
	h.typeText("laptops")
	h.keys("enter", "D")
	scr := h.screen()
	if !strings.Contains(scr, "Delete 2 Fleet tokens?") || !strings.Contains(scr, "ci-runners (policy Linux servers)  (hidden by the filter)") {
		t.Fatalf("the hidden mark is listed:\n%s", scr)
	}
	h.keys("y")
	if len(fl.deletes) != 1 || len(fl.deletes[0]) != 2 || len(h.m.tabs[2].marked) != 0 {
		t.Fatalf("deleted %v, marks %v", fl.deletes, h.m.tabs[2].marked)
	}
	if tt, _ := h.m.lastToast(); tt.kind != toastOK || tt.text != "✓ 2 deleted" {
		t.Fatalf("toast %+v", tt)
	}
}

func TestDeleteOnlyWhereTheServiceCanDelete(t *testing.T) {
	es, _, fl := fakeServices()
	h := newHarness(t, Options{}, es, nil, fl)
	if strings.Contains(h.screen(), "D delete") {
		t.Fatalf("Elasticsearch offers no delete:\n%s", h.screen())
	}
	for _, k := range []string{"D", "X"} {
		h.keys(k)
		if h.m.overlay != nil || !strings.Contains(h.screen(), "Elasticsearch tokens are revoked (x), not deleted") {
			t.Fatalf("%s on Elasticsearch:\n%s", k, h.screen())
		}
	}
	h.keys("3")
	if !strings.Contains(h.screen(), "D delete") {
		t.Fatalf("Fleet offers it:\n%s", h.screen())
	}
	h.keys("?")
	if help := strings.Join(strings.Fields(h.screen()), " "); !strings.Contains(help, "D delete (Fleet)") || !strings.Contains(help, "X purge inactive") {
		t.Fatalf("help lists both:\n%s", h.screen())
	}
}

func TestDeleteRefusesHiddenTokens(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens[0].Hidden = true
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "H", "g", "D")
	if h.m.overlay != nil || !strings.Contains(h.screen(), "managed or agentless policy") || strings.Contains(h.screen(), "D delete") {
		t.Fatalf("a hidden token:\n%s", h.screen())
	}
	if len(fl.deletes) != 0 {
		t.Fatal("nothing sent")
	}
}

func TestPurgeListsOnlyTheInactiveTokensOfTheFilter(t *testing.T) {
	_, _, fl := fakeServices()
	fl.tokens = append(fl.tokens,
		backend.Token{System: backend.Fleet, ID: "f4", Name: "lapsed", PolicyID: "p1", PolicyName: "Linux servers", Status: backend.Expired, Created: now.Add(-100 * time.Hour), Expires: now.Add(-time.Hour)},
		backend.Token{System: backend.Fleet, ID: "f5", Name: "win-old", PolicyID: "p2", PolicyName: "Windows desktops", Status: backend.Revoked, Created: now.Add(-100 * time.Hour)},
		backend.Token{System: backend.Fleet, ID: "f6", Name: "managed", PolicyID: "p1", PolicyName: "Linux servers", Status: backend.Revoked, Hidden: true, Created: now.Add(-100 * time.Hour)},
	)
	h := newHarness(t, Options{}, nil, nil, fl)
	h.keys("3", "/")
	h.typeText("linux")
	h.keys("enter", "X")
	scr := dialogText(t, h)
	for _, want := range []string{"Purge: delete 2 inactive Fleet tokens?", `Those matching the filter "linux" would go:`,
		"• old (policy Linux servers) · revoked", "• lapsed (policy Linux servers) · expired",
		"1 token of managed or agentless policies stay", "Active tokens are not touched"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("the purge dialog lacks %q:\n%s", want, scr)
		}
	}
	for _, never := range []string{"ci-runners", "win-old", "managed (", "laptops"} {
		if strings.Contains(scr, never) {
			t.Fatalf("the purge dialog lists %q:\n%s", never, scr)
		}
	}
	h.keys("enter")
	if len(fl.purges) != 0 {
		t.Fatal("enter answers No")
	}
	h.keys("X", "y")
	if !reflect.DeepEqual(fl.purges, [][]string{{"f3", "f4"}}) || len(fl.deletes) != 0 {
		t.Fatalf("purged %v (deletes %v)", fl.purges, fl.deletes)
	}
	if tt, _ := h.m.lastToast(); tt.kind != toastOK || tt.text != "✓ 2 deleted" {
		t.Fatalf("toast %+v", tt)
	}
	if got := tabIDs(h.m.tabs[2]); !slices.Equal(got, []string{"f1", "f2", "f5", "f6"}) {
		t.Fatalf("left %v", got)
	}
	// Nothing left to purge in the filter: it says so, and asks nothing.
	h.keys("X")
	if h.m.overlay != nil || !strings.Contains(h.screen(), `nothing to purge: no revoked or expired Fleet tokens matching the filter "linux"`) {
		t.Fatalf("nothing to purge:\n%s", h.screen())
	}
}

func TestFleetFilterMatchesPolicyNames(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3", "/")
	h.typeText("Windows desk") // in no token's name or id
	h.keys("enter")
	tab := h.m.tabs[2]
	if tok, _ := tab.selected(); len(tab.view) != 1 || tok.ID != "f2" {
		t.Fatalf("filter by policy name: %d rows", len(tab.view))
	}
	if !strings.Contains(h.screen(), "laptops") || strings.Contains(h.screen(), "ci-runners") {
		t.Fatalf("screen:\n%s", h.screen())
	}
}

func TestDeleteAndPurgeAreOffInReadOnly(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{ReadOnly: true}, nil, nil, fl)
	h.keys("3", "a")
	for _, k := range []string{"D", "X"} {
		h.m.toasts = nil
		h.keys(k)
		if h.m.overlay != nil || !strings.Contains(h.screen(), "read-only") {
			t.Fatalf("%s in read-only:\n%s", k, h.screen())
		}
	}
	if strings.Contains(h.screen(), "D delete") || strings.Contains(h.screen(), "X purge") {
		t.Fatalf("hidden from the footer:\n%s", h.screen())
	}
	h.keys("?")
	if strings.Contains(h.screen(), "D delete") || strings.Contains(h.screen(), "X purge") {
		t.Fatalf("hidden from help:\n%s", h.screen())
	}
	if len(fl.deletes)+len(fl.purges) != 0 {
		t.Fatal("nothing sent")
	}
}

// The dialogs and the report fit every size, their buttons and keys in
// sight.
func TestDeleteScreensFitEverySize(t *testing.T) {
	for _, size := range sizes {
		_, _, fl := fakeServices()
		for i := range 12 {
			fl.tokens = append(fl.tokens, backend.Token{System: backend.Fleet, ID: "old-" + strconv.Itoa(i+1), Name: "retired-runner-" + strconv.Itoa(i+1),
				PolicyID: "p1", PolicyName: "Linux servers", Status: backend.Revoked, Created: now.Add(-time.Hour)})
		}
		h := newHarness(t, Options{}, nil, nil, fl)
		h.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		h.keys("3", "D")
		fits(t, h.screen(), size.w, size.h, "delete dialog")
		if !strings.Contains(h.screen(), "Delete (y)") {
			t.Fatalf("the buttons at %d×%d:\n%s", size.w, size.h, h.screen())
		}
		h.keys("esc", "X")
		fits(t, h.screen(), size.w, size.h, "purge dialog")
		if !strings.Contains(h.screen(), "Delete (y)") || !strings.Contains(h.screen(), "more") {
			t.Fatalf("the purge dialog at %d×%d:\n%s", size.w, size.h, h.screen())
		}
		fl.deleteFail = map[string]string{}
		for i := range 12 {
			fl.deleteFail["old-"+strconv.Itoa(i+1)] = "the server refused the delete of this token with a long reason that wraps"
		}
		h.keys("y")
		fits(t, h.screen(), size.w, size.h, "delete report")
		if !isOverlay[*deleteReport](h.m) || !strings.Contains(h.screen(), "Purge: 1 deleted, 12 failed") {
			t.Fatalf("the report at %d×%d:\n%s", size.w, size.h, h.screen())
		}
	}
}

func TestDeleteReportShowsHostileTextEscaped(t *testing.T) {
	for name, bad := range sanitizetest.Hostile {
		t.Run(name, func(t *testing.T) {
			_, _, fl := fakeServices()
			fl.tokens[0].Name = "n" + bad
			fl.deleteFail = map[string]string{"f1": "reason" + bad}
			h := newHarness(t, Options{}, nil, nil, fl)
			h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
			check := func(step string, shown ...string) {
				t.Helper()
				out := sgrRE.ReplaceAllString(h.m.View().Content, "")
				if raw := sanitizetest.Raw(out); raw != "" {
					t.Fatalf("%s: %q reached the terminal raw", step, raw)
				}
				for _, want := range shown {
					if !strings.Contains(out, want) {
						t.Fatalf("%s: %q is not shown:\n%s", step, want, out)
					}
				}
			}
			h.keys("3", "D")
			check("dialog", "n"+sanitize.Text(bad))
			h.keys("y")
			check("report", "n"+sanitize.Text(bad), "reason"+sanitize.Text(bad))
		})
	}
}
