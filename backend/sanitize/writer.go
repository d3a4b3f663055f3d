package sanitize

import (
	"io"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// Writer is the boundary of a program's text output: everything written
// through it reaches W as Lines shows it (line breaks kept, every other
// control character escaped), and with Tabs, tabs kept too (a table's
// separators, a shell completion's descriptions). A server's value
// written by any path, an error's reason included, can then never steer
// the terminal. Exact output (JSON) is written to W directly.
//
// A multi-byte character split across two writes (a buffered writer such
// as encoding/csv's cuts its output every 4 KiB) is held back until the
// rest arrives, so it is not shown escaped; Flush writes a character left
// incomplete at the end.
type Writer struct {
	W    io.Writer
	Tabs bool

	mu      sync.Mutex
	pending []byte // the start of a character the last Write cut
}

// Write writes p escaped; it reports p's length, not the escaped one, as
// io.Writer requires.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(p)
	if len(w.pending) > 0 {
		p = append(w.pending, p...)
		w.pending = nil
	}
	if cut := incompleteTail(p); cut < len(p) {
		w.pending = append([]byte(nil), p[cut:]...)
		p = p[:cut]
	}
	if err := w.write(p); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes, escaped, a character that the last Write left incomplete.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.pending
	w.pending = nil
	return w.write(p)
}

func (w *Writer) write(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	keep := "\n"
	if w.Tabs {
		keep = "\n\t"
	}
	// Read p as a string without a copy: neither clean nor escape keeps it.
	s := unsafe.String(unsafe.SliceData(p), len(p))
	if clean(s, keep) {
		_, err := w.W.Write(p)
		return err
	}
	_, err := io.WriteString(w.W, escape(s, keep))
	return err
}

// incompleteTail is where p's last character starts when it is cut short
// (the rest may follow), else len(p).
func incompleteTail(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return i
			}
			break
		}
	}
	return len(p)
}

// Exact is the stream under w when w is a Writer (where exact output such
// as JSON goes), else w itself.
func Exact(w io.Writer) io.Writer {
	if sw, ok := w.(*Writer); ok {
		return sw.W
	}
	return w
}
