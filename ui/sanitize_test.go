package ui

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
	"github.com/tokentui/tokentui/backend/transport"
)

// sgrRE matches only the colour sequences the theme writes, so a hostile
// sequence (a screen clear, an OSC) left in the output is still seen.
var sgrRE = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// TestHostileTextIsShownEscaped puts every hostile string in every field
// a server controls (token names, ids, scopes, owners, roles, policies,
// a create's warning, an error's reason) and in the configuration's
// texts, walks the screens that show them, and checks that no raw control
// reaches the view while the escaped text does.
func TestHostileTextIsShownEscaped(t *testing.T) {
	for name, bad := range sanitizetest.Hostile {
		t.Run(name, func(t *testing.T) {
			es, ece, fl := fakeServices()
			es.tokens = []backend.Token{{System: backend.Elasticsearch, ID: "es" + bad, Scope: bad, Owner: bad, Status: backend.Active, Created: now}}
			ece.tokens = []backend.Token{{System: backend.ECE, ID: "ece" + bad, Roles: []string{bad}, Persistent: true, Status: backend.Active}}
			fl.tokens = []backend.Token{{System: backend.Fleet, ID: "f" + bad, Name: bad, PolicyID: "p1", PolicyName: bad, Status: backend.Active, Created: now}}
			fl.secrets = map[string]string{"f" + bad: "SECRET" + bad}
			fl.policies = []backend.Policy{{ID: "p1", Name: bad, Agents: 1, HasAgentCount: true}}
			fl.warning = bad
			tabs := testTabs([]backend.Service{es, ece, fl}, "https://es"+bad, "https://ece"+bad, "https://kibana"+bad)
			h := newHarness(t, Options{Profile: "prof" + bad, Tabs: tabs})
			h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
			want := sanitize.Text(bad)
			// check looks at the screen of a step, which must show the
			// hostile text escaped as part of shown.
			check := func(step, shown string) {
				t.Helper()
				out := sgrRE.ReplaceAllString(h.m.View().Content, "")
				if raw := sanitizetest.Raw(out); raw != "" {
					t.Fatalf("%s: %q reached the terminal raw:\n%s", step, raw, out)
				}
				if !strings.Contains(out, shown) {
					t.Fatalf("%s: %q is not shown:\n%s", step, shown, out)
				}
			}
			check("header", "prof"+want)
			check("elasticsearch tab", "es"+want)
			check("elasticsearch detail", "Owner     "+want)
			h.keys("x")
			check("elasticsearch revoke dialog", "(scope "+want+")")
			h.keys("esc", "2")
			check("ece tab", "ece"+want)
			h.keys("x")
			check("ece revoke dialog", "Type ece"+want)
			h.keys("esc", "3")
			check("fleet tab", "Policy    "+want+" (p1)")
			h.keys("s")
			check("fleet shown secret", "SECRET"+want)
			h.keys("n")
			check("fleet form's policy picker", want+"  (1 agent)")
			h.keys("enter")
			check("fleet create result", "Note: "+want)
			h.keys("enter")
			fl.failNext = &transport.Error{Kind: transport.KindHTTP, Method: "DELETE", Path: "/api/fleet/enrollment_api_keys/x", Status: 400,
				Type: "Bad Request", Reason: "refused " + bad, Excerpt: bad}
			h.keys("x", "y")
			check("fleet revoke error toast", "refused x") // its first line
			h.keys("e")
			check("error panel", "Reason   refused "+want)
			check("error panel", "Body     "+want)
			es.failNext = errors.New("plain " + bad)
			h.keys("esc", "1", "x", "y", "e")
			check("error panel of a plain error", "plain x")
		})
	}
}

// TestHostileHintIsShownEscaped covers an unconfigured tab's hint.
func TestHostileHintIsShownEscaped(t *testing.T) {
	bad := sanitizetest.Hostile["osc52"]
	tabs := testTabs(nil)
	tabs[0].Hint = "set " + bad
	h := newHarness(t, Options{Tabs: tabs})
	out := sgrRE.ReplaceAllString(h.m.View().Content, "")
	if raw := sanitizetest.Raw(out); raw != "" || !strings.Contains(out, sanitize.Text(bad)) {
		t.Fatalf("hint: raw %q:\n%s", raw, out)
	}
}
