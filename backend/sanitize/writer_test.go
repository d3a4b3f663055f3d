package sanitize

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

func TestWriterEscapesAsLinesDoes(t *testing.T) {
	for name, in := range sanitizetest.Hostile {
		var buf bytes.Buffer
		n, err := (&Writer{W: &buf}).Write([]byte(in))
		if err != nil || n != len(in) {
			t.Fatalf("%s: Write = %d, %v; want %d, nil", name, n, err, len(in))
		}
		if buf.String() != Lines(in) {
			t.Errorf("%s: wrote %q, want %q (Lines)", name, buf.String(), Lines(in))
		}
	}
}

func TestWriterKeepsTabsOnlyWhenAsked(t *testing.T) {
	var plain, tabs bytes.Buffer
	fmt.Fprint(&Writer{W: &plain}, "a\tb\x1b\n")
	fmt.Fprint(&Writer{W: &tabs, Tabs: true}, "a\tb\x1b\n")
	if plain.String() != "a\\tb\\x1b\n" || tabs.String() != "a\tb\\x1b\n" {
		t.Errorf("got %q and %q", plain.String(), tabs.String())
	}
}

func TestExactUnwrapsOnlyAWriter(t *testing.T) {
	var buf bytes.Buffer
	if Exact(&Writer{W: &buf}) != &buf || Exact(&buf) != &buf {
		t.Error("Exact must give the stream under a Writer, else the stream itself")
	}
}

// A character cut between two writes (encoding/csv flushes every 4 KiB,
// wherever that falls) arrives whole, not as two escaped halves; one cut
// at the very end is escaped by Flush.
func TestWriterJoinsACharacterCutBetweenWrites(t *testing.T) {
	var b strings.Builder
	w := &Writer{W: &b, Tabs: true}
	word := []byte("Zürich\n")
	for cut := 1; cut < len(word); cut++ {
		b.Reset()
		if n, err := w.Write(word[:cut]); err != nil || n != cut {
			t.Fatalf("cut %d: wrote %d, %v", cut, n, err)
		}
		if n, err := w.Write(word[cut:]); err != nil || n != len(word)-cut {
			t.Fatalf("cut %d: wrote %d, %v", cut, n, err)
		}
		if err := w.Flush(); err != nil || b.String() != "Zürich\n" {
			t.Errorf("cut %d: %q, %v", cut, b.String(), err)
		}
	}
	b.Reset()
	w.Write([]byte("end\xc3"))
	if b.String() != "end" {
		t.Errorf("before Flush: %q", b.String())
	}
	w.Flush()
	if b.String() != `end\xc3` {
		t.Errorf("after Flush: %q", b.String())
	}
}
