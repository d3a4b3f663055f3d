package sanitize

import (
	"bytes"
	"fmt"
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
