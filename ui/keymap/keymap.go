// Package keymap holds tokentui's key bindings: the keys and their help
// text. The ui package's action table (ui/actions.go) gives each its
// handler, help section and disabled reason; the footer, the ? help and
// the command palette are generated from that table, so they cannot drift
// from the keys.
package keymap

import "charm.land/bubbles/v2/key"

// KeyMap is every binding of the main screen.
type KeyMap struct {
	NextTab, PrevTab                        key.Binding
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Filter, ShowAll, Refresh                key.Binding
	New, Secret, Copy, Revoke, Mark         key.Binding
	Presenter, Error, Help, Quit            key.Binding
	Profile, Mouse                          key.Binding

	// MarkAll marks every token shown (or unmarks them).
	MarkAll key.Binding

	// CopyEnroll copies the enroll command (the secret in it).
	CopyEnroll key.Binding
	// Detail shows the selected token full screen; Back leaves it.
	Detail, Back key.Binding
	// Platform switches the platform of the enroll command shown;
	// PrevPlatform goes back.
	Platform, PrevPlatform key.Binding
	// Hidden shows the tokens Fleet hides (managed and agentless
	// policies', the OpAMP collectors' Default), which a does not.
	Hidden key.Binding
	// Palette lists every action of the current view, to run by name.
	Palette key.Binding
	// Enroll uses the token as its consumer would (demo mode only);
	// Verify proves an Elasticsearch token authenticates (outside demo).
	Enroll, Verify key.Binding
	// Delete deletes the marked or selected tokens (revoke, then remove
	// the record); Purge deletes the revoked and expired tokens of the
	// filter. Only a system that can delete (Fleet) offers them.
	Delete, Purge key.Binding
	// Audit opens the Audit view (ui/audit.go).
	Audit key.Binding
	// SortNext and SortPrev sort the table by the next or previous
	// column (then by fields no column shows); SortReverse flips the
	// order. Export writes the view to a file; Requests shows this
	// session's requests.
	SortNext, SortPrev, SortReverse, Export, Requests key.Binding
	// Rotate replaces the selected token (create, show, then revoke).
	Rotate key.Binding
	// Tabs go to a tab by its number, one binding per tab (SetTabs).
	Tabs []key.Binding
}

// Default is the standard keymap: vim keys and arrows.
func Default() KeyMap {
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	// one is a binding of one key, which its help shows.
	one := func(k, desc string) key.Binding { return b([]string{k}, k, desc) }
	return KeyMap{
		NextTab:   one("tab", "next tab"),
		PrevTab:   one("shift+tab", "previous tab"),
		Up:        b([]string{"up", "k"}, "↑/k", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "down"),
		Top:       b([]string{"g", "home"}, "g", "first"),
		Bottom:    b([]string{"G", "end"}, "G", "last"),
		PageUp:    b([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown", "ctrl+f"}, "pgdn", "page down"),
		Filter:    one("/", "filter"),
		ShowAll:   one("a", "all statuses"),
		Refresh:   one("r", "refresh"),
		New:       one("n", "new"),
		Secret:    one("s", "show"),
		Copy:      one("c", "copy"),
		Revoke:    one("x", "revoke"),
		Mark:      one("space", "mark"),
		Presenter: one("P", "presenter mode"),
		Error:     one("e", "last error"),
		Help:      one("?", "help"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
		Profile:   one("p", "profile (switch to another)"),
		Mouse:     one("m", "mouse on/off (off: select text by hand)"),

		CopyEnroll:   one("y", "copy command"),
		Detail:       one("enter", "detail"),
		Back:         one("esc", "back; clears marks, filter"),
		MarkAll:      b([]string{"*", "ctrl+a"}, "*", "mark all shown"),
		Platform:     one("o", "next platform"),
		PrevPlatform: one("O", "previous platform"),
		Hidden:       one("H", "hidden tokens (managed policies, collectors)"),
		Palette:      b([]string{"ctrl+k", ":"}, "ctrl+k/:", "command palette"),
		Enroll:       one("E", "enroll (demo)"),
		Verify:       one("v", "verify token"),
		// D as in lazygit, ctrl+d as in k9s; X is x's bigger sibling:
		// it clears away what is revoked or expired already.
		Delete: b([]string{"D", "ctrl+d"}, "D", "delete (Fleet)"),
		Purge:  one("X", "purge inactive"),
		Audit:  one("A", "audit (risky tokens)"),
		// htop's sort keys; k9s's ctrl+s; lazygit shows its command log
		// in a pane, tokentui on @.
		SortNext:    one(">", "sort: next column"),
		SortPrev:    one("<", "sort: previous column"),
		SortReverse: one("I", "sort: reverse (invert)"),
		Export:      one("ctrl+s", "export view (CSV)"),
		Requests:    one("@", "request log"),
		Rotate:      one("R", "rotate"),
	}
}

// SetTabs makes the number keys of the tabs, titled as given (up to 9).
func (k *KeyMap) SetTabs(titles []string) {
	k.Tabs = nil
	for i, title := range titles[:min(len(titles), 9)] {
		n := string(rune('1' + i))
		k.Tabs = append(k.Tabs, key.NewBinding(key.WithKeys(n), key.WithHelp(n, title)))
	}
}

// SetDemo offers E (enroll, against the demo only) in demo mode and v
// (verify, without side effects) outside it.
func (k *KeyMap) SetDemo(demo bool) {
	k.Enroll.SetEnabled(demo)
	k.Verify.SetEnabled(!demo)
}
