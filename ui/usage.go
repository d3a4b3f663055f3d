package ui

import (
	"cmp"
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
)

// What a Fleet token enrolled, in its detail pane: "enrolled N agents,
// last at T" from Fleet Server's logs in the profile's Elasticsearch, or
// why that is unknown. Read once per token and profile, in a command.

// usageMsg is one token's usage line.
type usageMsg struct{ key, line string }

func usageKey(profile, id string) string { return profile + "\x00" + id }

// usageReader is the profile's Elasticsearch when it reads Fleet
// Server's logs.
func (m *Model) usageReader(tok backend.Token) backend.UsageReader {
	for _, t := range m.tabs {
		if u, ok := t.svcFor(backend.Token{Profile: tok.Profile}).(backend.UsageReader); ok {
			return u
		}
	}
	return nil
}

// loadUsage asks for a Fleet token's usage unless it is known or asked.
func (m *Model) loadUsage(t *tab, tok backend.Token) tea.Cmd {
	if !t.kind.base().agentPolicy || tok.APIKeyID == "" {
		return nil
	}
	k := usageKey(cmp.Or(tok.Profile, m.opts.Profile), tok.ID)
	if _, asked := m.usage[k]; asked {
		return nil
	}
	r := m.usageReader(tok)
	if r == nil {
		m.usage[k] = "usage unknown: no Elasticsearch is configured to read Fleet Server's logs"
		return nil
	}
	m.usage[k] = "reading Fleet Server's logs…"
	keyID := tok.APIKeyID
	return m.run(func(ctx context.Context) tea.Msg {
		rep, err := r.EnrollUsage(ctx, []string{keyID})
		if err != nil {
			return usageMsg{k, "usage unknown: " + err.Error()}
		}
		return usageMsg{k, rep.Of(keyID).Describe(rep)}
	})
}

// onUsage keeps a token's usage line.
func (m *Model) onUsage(msg usageMsg) {
	m.done()
	m.usage[msg.key] = msg.line
}

// usageRow is the detail pane's Usage row of a Fleet token.
func (m *Model) usageRow(t *tab, tok backend.Token) (detailRow, bool) {
	line, ok := m.usage[usageKey(cmp.Or(tok.Profile, m.opts.Profile), tok.ID)]
	return detailRow{label: "Usage", value: line}, ok && t.kind.base().agentPolicy
}
