package dialog

import (
	"regexp"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
	"github.com/tokentui/tokentui/ui/theme"
)

// sgr matches only the colour sequences the theme writes.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// Each text of the dialog (title, body, effect, warning, the id to type)
// can name a token, a server's text: each is shown escaped.
func TestEveryTextIsShownEscaped(t *testing.T) {
	bad := sanitizetest.Hostile["osc52"] + sanitizetest.Hostile["bidi"]
	th := theme.New(true)
	for name, c := range map[string]Confirm{
		"title":   New("Revoke "+bad, nil, "", "", "Revoke", ""),
		"body":    New("Revoke", []string{"token " + bad}, "", "", "Revoke", ""),
		"effect":  New("Revoke", nil, "it stops "+bad, "", "Revoke", ""),
		"warning": New("Revoke", nil, "", "agents of "+bad, "Revoke", ""),
		"require": New("Revoke", nil, "", "", "Revoke", "id"+bad),
	} {
		if raw := sanitizetest.Raw(sgr.ReplaceAllString(c.View(th, 80), "")); raw != "" {
			t.Errorf("%s: %q reached the view", name, raw)
		}
		if c.Require == "" {
			continue
		}
		// enter with nothing typed, then with a wrong id typed: the
		// message names the id to type (and what was typed) escaped.
		for _, typed := range []string{"", "other" + bad} {
			d := c
			for _, r := range typed {
				d, _ = d.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			d, _ = d.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
			if d.wrong == "" || sanitizetest.Raw(d.wrong) != "" {
				t.Errorf("%s, typed %q: the message %q", name, typed, d.wrong)
			}
		}
	}
}
