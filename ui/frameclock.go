package ui

import "time"

// shownNow is the time the screen's relative times ("5m ago", "in
// 29m12s", "updated 3s ago") are drawn at: the last tick's, so a key's
// frame rewrites only what the key changed and the tick (each second)
// moves every age at once. The screen is then at most a tick behind, as
// it is between ticks anyway. A clock that has moved on a second or more
// since the tick (a test driving it, a late tick) is drawn as it is.
// Decisions (expiry, refusals) use Options.Now, never this.
func (m *Model) shownNow() time.Time {
	now := m.opts.Now()
	if m.tickAt.IsZero() || now.Before(m.tickAt) || now.Sub(m.tickAt) >= time.Second {
		return now
	}
	return m.tickAt
}
