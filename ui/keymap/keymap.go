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
	return KeyMap{
		NextTab:   b([]string{"tab"}, "tab", "next tab"),
		PrevTab:   b([]string{"shift+tab"}, "shift+tab", "previous tab"),
		Up:        b([]string{"up", "k"}, "↑/k", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "down"),
		Top:       b([]string{"g", "home"}, "g", "first"),
		Bottom:    b([]string{"G", "end"}, "G", "last"),
		PageUp:    b([]string{"pgup", "ctrl+b"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown", "ctrl+f"}, "pgdn", "page down"),
		Filter:    b([]string{"/"}, "/", "filter"),
		ShowAll:   b([]string{"a"}, "a", "all statuses"),
		Refresh:   b([]string{"r"}, "r", "refresh"),
		New:       b([]string{"n"}, "n", "new"),
		Secret:    b([]string{"s"}, "s", "show"),
		Copy:      b([]string{"c"}, "c", "copy"),
		Revoke:    b([]string{"x"}, "x", "revoke"),
		Mark:      b([]string{"space"}, "space", "mark"),
		Presenter: b([]string{"P"}, "P", "presenter mode"),
		Error:     b([]string{"e"}, "e", "last error"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
		Profile:   b([]string{"p"}, "p", "profile (switch to another)"),
		Mouse:     b([]string{"m"}, "m", "mouse on/off (off: select text by hand)"),

		CopyEnroll:   b([]string{"y"}, "y", "copy command"),
		Detail:       b([]string{"enter"}, "enter", "detail"),
		Back:         b([]string{"esc"}, "esc", "back; clears marks, filter"),
		MarkAll:      b([]string{"*", "ctrl+a"}, "*", "mark all shown"),
		Platform:     b([]string{"o"}, "o", "next platform"),
		PrevPlatform: b([]string{"O"}, "O", "previous platform"),
		Hidden:       b([]string{"H"}, "H", "hidden tokens (managed policies, collectors)"),
		Palette:      b([]string{"ctrl+k", ":"}, "ctrl+k/:", "command palette"),
		Enroll:       b([]string{"E"}, "E", "enroll (demo)"),
		Verify:       b([]string{"v"}, "v", "verify token"),
		// D as in lazygit, ctrl+d as in k9s; X is x's bigger sibling:
		// it clears away what is revoked or expired already.
		Delete: b([]string{"D", "ctrl+d"}, "D", "delete (Fleet)"),
		Purge:  b([]string{"X"}, "X", "purge inactive"),
		Audit:  b([]string{"A"}, "A", "audit (risky tokens)"),
		// htop's sort keys; k9s's ctrl+s; lazygit shows its command log
		// in a pane, tokentui on @.
		SortNext:    b([]string{">"}, ">", "sort: next column"),
		SortPrev:    b([]string{"<"}, "<", "sort: previous column"),
		SortReverse: b([]string{"I"}, "I", "sort: reverse (invert)"),
		Export:      b([]string{"ctrl+s"}, "ctrl+s", "export view (CSV)"),
		Requests:    b([]string{"@"}, "@", "request log"),
		Rotate:      b([]string{"R"}, "R", "rotate"),
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
