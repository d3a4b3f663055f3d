package main

import (
	"io"
	"text/tabwriter"

	"github.com/tokentui/tokentui/backend/sanitize"
)

// guardStreams puts the one sanitizing boundary (sanitize.Writer) between
// every CLI text and the terminal: stdout keeps tabs (completion
// descriptions), stderr keeps only line breaks, as an error's text is
// shown. Whatever a command prints, a server's value among it cannot
// steer the terminal. JSON goes past it, exact (exactOut); so do the
// progress line's own escape sequences.
func (a *app) guardStreams() {
	if _, ok := a.stdout.(*sanitize.Writer); !ok {
		a.stdout = &sanitize.Writer{W: a.stdout, Tabs: true}
	}
	if _, ok := a.stderr.(*sanitize.Writer); !ok {
		a.stderr = &sanitize.Writer{W: a.stderr}
	}
}

// flushStreams writes what the boundary still holds: a character a
// buffered writer left cut at its very end.
func (a *app) flushStreams() {
	for _, w := range []io.Writer{a.stdout, a.stderr} {
		if sw, ok := w.(*sanitize.Writer); ok {
			_ = sw.Flush()
		}
	}
}

// exactOut is stdout past the sanitizing boundary: for JSON, already
// terminal-safe (terminalSafeJSON) and needed exact by scripts.
func (a *app) exactOut() io.Writer { return sanitize.Exact(a.stdout) }

// table writes columns as ecctl's text formatter does (text/tabwriter,
// minimum width 2, tab width 4, padding 3, spaces); every list uses it.
func (a *app) table() *tabwriter.Writer { return tabwriter.NewWriter(a.stdout, 2, 4, 3, ' ', 0) }
