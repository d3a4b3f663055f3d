package dialog

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
	"github.com/tokentui/tokentui/ui/theme"
)

// sgr matches only the colour sequences the theme writes, so a hostile
// sequence left in the view is still seen.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// A dialog's texts name tokens, which are servers' text: whichever field
// holds a hostile string, the view shows it escaped and no raw control.
func TestHostileTextInEveryField(t *testing.T) {
	th := theme.New(true)
	for name, bad := range sanitizetest.Hostile {
		want := sanitize.Text(bad)
		cases := map[string]struct {
			c     Confirm
			typed string // typed, then enter
			shown string
		}{
			"title":                  {c: New("Revoke "+bad+"?", nil, "", "", "Revoke", ""), shown: "Revoke " + want},
			"body":                   {c: New("t", []string{"• " + bad}, "", "", "Revoke", ""), shown: "• " + want},
			"effect":                 {c: New("t", nil, "e"+bad, "", "Revoke", ""), shown: "e" + sanitize.Lines(bad)},
			"warning":                {c: New("t", nil, "", "w"+bad, "Revoke", ""), shown: "w" + sanitize.Lines(bad)},
			"require":                {c: New("t", nil, "", "", "Revoke", "id"+bad), shown: "Type id" + want},
			"require, nothing typed": {c: New("t", nil, "", "", "Revoke", "id"+bad), typed: "", shown: "type id" + want + " to confirm"},
			"require, wrong typed":   {c: New("t", nil, "", "", "Revoke", "id"+bad), typed: "other", shown: "is not id" + want},
			// What the input lets through of a paste (bidi controls,
			// invalid bytes) is said escaped in the refusal.
			"require, hostile typed": {c: New("t", nil, "", "", "Revoke", "id"), typed: "id" + bad, shown: " is not id"},
		}
		for field, tc := range cases {
			t.Run(name+"/"+field, func(t *testing.T) {
				c := tc.c
				if strings.HasPrefix(field, "require, ") {
					for _, r := range tc.typed {
						c, _ = c.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
					}
					c, _ = c.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
				}
				out := sgr.ReplaceAllString(c.View(th, 200), "")
				if field == "require, hostile typed" {
					out = c.wrong // the input itself shows what was typed
				}
				if raw := sanitizetest.Raw(out); raw != "" {
					t.Fatalf("%q reached the terminal raw:\n%s", raw, out)
				}
				flat := strings.NewReplacer("\n", "", " ", "", "│", "")
				if !strings.Contains(flat.Replace(out), flat.Replace(tc.shown)) {
					t.Fatalf("%q is not shown:\n%s", tc.shown, out)
				}
			})
		}
	}
}
