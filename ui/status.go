package ui

import (
	"fmt"
	"time"

	"github.com/tokentui/tokentui/backend"
)

// Status changes with time: a token whose expiry passes is expired from
// that instant, without a request (Kibana 9.5 derives it the same way,
// from active and expire_at: contracts §8.2). The clock tick re-derives
// it, so the row, the counts, the detail and the keys flip together.

// expire marks the active tokens whose expiry has passed as expired; an
// expired row stays in view (as a revoked one does) until the next list,
// so the cursor does not jump away from it. It reports a change.
func (t *tab) expire(now time.Time) bool {
	changed := false
	for i := range t.all {
		tok := &t.all[i]
		if tok.Status == backend.Active && !tok.Expires.IsZero() && !now.Before(tok.Expires) {
			tok.Status = backend.Expired
			if t.hay != nil { // built: kept up to date (the status is in it)
				t.hay[i] = haystack(*tok)
			}
			t.keep[tok.ID] = true
			changed = true
		}
	}
	if changed {
		if t.sort.by != 0 { // a status or expiry order moves the expired rows
			t.resort()
		}
		t.refilter()
	}
	return changed
}

// useRefused says why the token's secret cannot be put to use now
// (copied, or enrolled with): a revoked or expired token enrolls nothing,
// and its secret on a clipboard only invites a failure (E would end in a
// bare 401). Otherwise it is secretRefused's answer.
func (t *tab) useRefused(tok backend.Token, now time.Time) string {
	switch tok.Status {
	case backend.Revoked:
		return t.kind.describe(tok) + " is revoked: it enrolls nothing any more (n makes a new one)"
	case backend.Expired:
		when := ""
		if !tok.Expires.IsZero() {
			when = " " + until(tok.Expires, now)
		}
		return t.kind.describe(tok) + " expired" + when + ": it enrolls nothing any more (n makes a new one)"
	}
	return t.secretRefused(tok)
}

// hiddenCount counts the tokens the system hides (tok.Hidden).
func (t *tab) hiddenCount() int { return t.hidden }

// The counts follow the rules of Kibana 9.5's enrollment token page
// (contracts: fleet §8.2, §8.3), whose filter buttons send these kuery
// strings: Active "(active:true and not (expire_at <= \"now\")) and (not
// hidden:true)", Expired "(active:true and expire_at <= \"now\") and (not
// hidden:true)", Inactive "(active:false) and (not hidden:true)". They are
// derived here from active and expire_at (backend.StatusAt) and the clock
// tick, not sent: a list's status must not wait for the next request, nor
// depend on the server's clock (the contract's advice for display).

// statusCounts says the non-hidden tokens by status, as Kibana's filter
// buttons count them: "6 active · 1 expired · 2 revoked".
func (t *tab) statusCounts() string {
	out := fmt.Sprintf("%d active", t.byStatus[backend.Active])
	for _, st := range []backend.Status{backend.Expired, backend.Revoked} {
		if n := t.byStatus[st]; n > 0 {
			out += fmt.Sprintf(" · %d %s", n, st)
		}
	}
	return out
}
