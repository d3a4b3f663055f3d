package sanitize

import (
	"io"
	"unsafe"
)

// Writer is the boundary of a program's text output: everything written
// through it reaches W as Lines shows it (line breaks kept, every other
// control character escaped), and with Tabs, tabs kept too (a table's
// separators, a shell completion's descriptions). A server's value
// written by any path, an error's reason included, can then never steer
// the terminal. Exact output (JSON) is written to W directly.
//
// Each Write is taken as whole characters, as fmt and text/tabwriter
// write them: a multi-byte character split across two writes would be
// shown escaped.
type Writer struct {
	W    io.Writer
	Tabs bool
}

// Write writes p escaped; it reports p's length, not the escaped one, as
// io.Writer requires.
func (w *Writer) Write(p []byte) (int, error) {
	keep := "\n"
	if w.Tabs {
		keep = "\n\t"
	}
	// Read p as a string without a copy: neither clean nor escape keeps it.
	s := unsafe.String(unsafe.SliceData(p), len(p))
	if clean(s, keep) {
		return w.W.Write(p)
	}
	if _, err := io.WriteString(w.W, escape(s, keep)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Exact is the stream under w when w is a Writer (where exact output such
// as JSON goes), else w itself.
func Exact(w io.Writer) io.Writer {
	if sw, ok := w.(*Writer); ok {
		return sw.W
	}
	return w
}
