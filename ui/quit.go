package ui

import (
	"maps"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
)

// Quitting: a fresh secret nobody saw is asked about first; a create,
// revoke or delete in flight is waited for (its answer may hold a secret
// shown once, or a failure to know of), and a second ctrl+c abandons it,
// naming what it may have left behind.

// QuitSignal asks the UI to quit as q does: the program sends it on
// SIGTERM and SIGINT (instead of letting Bubble Tea quit at once), so a
// create or revoke in flight is waited for, and a second one abandons it.
type QuitSignal struct{}

// quit quits, unless a fresh secret nobody saw would be lost (then it
// asks first) or a create or revoke is in flight (then it waits).
func (m *Model) quit() tea.Cmd {
	if r, ok := m.overlay.(*result); ok && r.unseen() {
		m.askLeave(r, true)
		return nil
	}
	return m.quitWhenIdle()
}

// quitWhenIdle quits once no create or revoke is in flight: their
// answer may carry a secret shown only once, or a failure to know of.
func (m *Model) quitWhenIdle() tea.Cmd {
	if len(m.pending) > 0 {
		if m.waitQuit {
			return m.abandon()
		}
		m.waitQuit, m.waitFail = true, false
		return nil
	}
	m.quitting = true
	return tea.Quit
}

// waitKey handles a key while a quit waits: ctrl+c (or another signal)
// abandons the requests, esc stays, anything else repeats what is going
// on (the status line says it).
func (m *Model) waitKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "ctrl+c":
		return m.abandon()
	case "esc":
		m.waitQuit = false
		m.toast(toastInfo, "not quitting")
	}
	return nil
}

// abandon quits without the answers in flight; Abandoned says what they
// may have left behind.
func (m *Model) abandon() tea.Cmd {
	ids := slices.Sorted(maps.Keys(m.pending))
	for _, id := range ids {
		m.abandoned = append(m.abandoned, m.pending[id])
	}
	m.quitting = true
	return tea.Quit
}

// Abandoned lists the creates and revokes the user quit without waiting
// for, each with how to check what it did; the program prints them.
func (m *Model) Abandoned() []string { return m.abandoned }

// settled is called when a create or revoke answered. A quit that waited
// for it stops there: what the request did (a result panel, a revoke's
// outcome, an error) is shown first, and the status line says that q
// quits now; only a quit with nothing in flight quits at once.
func (m *Model) settled(req int) tea.Cmd {
	delete(m.pending, req)
	if !m.waitQuit || len(m.pending) > 0 {
		return nil
	}
	m.waitQuit = false
	switch r, ok := m.overlay.(*result); {
	case ok && r.unseen():
		m.waitDone = "not quitting: here is the new token, which will not be shown again · q quits now"
	case m.waitFail:
		m.waitDone = "not quitting: a request failed (e: details) · q quits now"
	default:
		m.waitDone = "not quitting: the request finished (its result is shown) · q quits now"
	}
	return nil
}

// waitText is what a quit waiting for requests says, and how to leave.
func (m *Model) waitText() string {
	return "waiting for " + backend.Plural(len(m.pending), "request", "requests") + "… then quitting · ctrl+c abandons · esc stays"
}
