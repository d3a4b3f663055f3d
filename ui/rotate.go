package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/ui/dialog"
)

// Rotate (R): create a replacement of the selected token (the same policy
// and a name that says what it replaced for Fleet, the same roles for
// ECE), show it on the result panel like a create (s shows, c copies),
// and once that panel closes ask before revoking the old token. The
// create and the revoke are the ordinary ones, so every outcome is said
// as they say it; a create that fails leaves the old token alone.

// askRotate opens the rotate confirmation for the selected token.
func (m *Model) askRotate() tea.Cmd {
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: rotating is off")
		return nil
	}
	i, t := m.active, m.current()
	old, ok := t.selected()
	if !ok || t.svc == nil {
		return nil
	}
	if why := backend.CanRotate(old); why != "" {
		m.toast(toastInfo, why)
		return nil
	}
	expiration := ""
	svc := t.svcFor(old) // in all profiles: the old token's own profile
	if d, ok := svc.(backend.ExpirationDefaulter); ok {
		expiration = d.DefaultExpiration()
	}
	spec, err := backend.ReplacementSpec(old, expiration)
	if err != nil {
		m.toast(toastErr, err.Error())
		return nil
	}
	body := []string{"old: " + t.kind.describe(old)}
	if r := t.kind.replacement(spec, expiration); r != "" {
		body = append(body, r)
	}
	m.ask(dialog.New("Rotate this "+t.title()+" token?", body,
		"A new token is created and shown (copy it, then close the panel); then you are asked before the old one is revoked.",
		strings.TrimSpace(backend.ProbablyECK(old)+"\n"+t.collectorsWarning([]backend.Token{old})), "Rotate", ""),
		func(accepted bool) tea.Cmd {
			if !accepted {
				m.toast(toastInfo, "nothing rotated")
				return nil
			}
			cmd := m.createIn(i, svc, old.Profile, spec, nil)
			if m.rotations == nil {
				m.rotations = map[int]backend.Token{}
			}
			m.rotations[m.reqSeq] = old // the create's request
			return cmd
		})
	return nil
}

// rotated is what follows a rotate's create (nil, "" when the request
// was not a rotate): after a good one, the revoke question that follows
// the result panel; after a failed one, the name of the failed step,
// which says the old token is untouched.
func (m *Model) rotated(msg createdMsg) (after func() tea.Cmd, op string) {
	old, ok := m.rotations[msg.req]
	if !ok {
		return nil, ""
	}
	delete(m.rotations, msg.req)
	if msg.err != nil {
		return nil, "rotate stopped, the old token " + old.ID + " is still active: creating its replacement"
	}
	return func() tea.Cmd { m.askRotateRevoke(msg.tab, old, msg.created.Token); return nil }, ""
}

// askRotateRevoke asks before revoking the token a rotate replaced.
func (m *Model) askRotateRevoke(i int, old, fresh backend.Token) {
	t := m.tabs[i]
	m.ask(dialog.New("Revoke the old "+t.title()+" token now?",
		[]string{"old: " + t.kind.describe(old), "new: " + t.kind.describe(fresh)},
		t.kind.base().revokeEffect+" Whatever still uses the old token stops working: give it the new one first.",
		strings.TrimSpace(backend.ProbablyECK(old)+"\n"+t.collectorsWarning([]backend.Token{old})), "Revoke", ""),
		func(accepted bool) tea.Cmd {
			if !accepted {
				m.toastOn(i, toastInfo, "the old token "+old.ID+" is still active (x revokes it later)")
				return nil
			}
			return m.revoke(i, []string{old.ID})
		})
}

// collectors is the OpenTelemetry Collector count of a Fleet token's
// policy, when the token's enroll target has been read (the detail pane
// reads it): ok is false when unknown.
func (t *tab) collectors(tok backend.Token) (n int, ok bool) {
	if !t.kind.base().agentPolicy {
		return 0, false
	}
	e := t.enroll[t.kind.enrollKey(tok)]
	if e == nil || e.err != nil || !e.target.Hint.CollectorsKnown {
		return 0, false
	}
	return e.target.Hint.Collectors, true
}

// collectorsWarning warns, before a revoke, delete or rotate, about the
// collectors known on the active targets' policies ("" when none are).
func (t *tab) collectorsWarning(targets []backend.Token) string {
	var out []string
	seen := map[string]bool{}
	for _, tok := range targets {
		n, ok := t.collectors(tok)
		if !ok || tok.Status != backend.Active || seen[tok.PolicyID] {
			continue
		}
		seen[tok.PolicyID] = true
		if w := backend.CollectorsWarning(n, policyOf(tok)); w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, "\n")
}

// collectorsRow is the detail pane's line about the policy's collectors.
func (t *tab) collectorsRow(tok backend.Token) (detailRow, bool) {
	n, ok := t.collectors(tok)
	if !ok {
		return detailRow{}, false
	}
	return detailRow{label: "OpAMP", value: backend.Plural(n, "OpenTelemetry Collector", "OpenTelemetry Collectors") + " on the policy"}, true
}
