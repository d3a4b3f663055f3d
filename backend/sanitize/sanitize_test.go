package sanitize

import (
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

func TestTextEscapesEveryHostileString(t *testing.T) {
	for name, in := range sanitizetest.Hostile {
		out := Text(in)
		if strings.ContainsAny(out, "\x1b\x07\n\r\t\x00\x7f\x08") || strings.ContainsRune(out, 0x9b) ||
			strings.ContainsRune(out, 0x202e) || strings.ContainsRune(out, 0x2066) || strings.Contains(out, "\xff") {
			t.Errorf("%s: %q still holds a control", name, out)
		}
		if !strings.HasPrefix(out, "x") || !strings.HasSuffix(out, "y") {
			t.Errorf("%s: %q lost the surrounding text", name, out)
		}
		if clean(in, "") {
			t.Errorf("%s: clean(%q) = true", name, in)
		}
	}
}

func TestTextExactForms(t *testing.T) {
	cases := map[string]string{
		"plain":               "plain",
		"Linux servers – ü ✓": "Linux servers – ü ✓",
		"a\x1b[31mb":          `a\x1b[31mb`,
		"a\nb":                `a\nb`,
		"a\u202eb":            `a\u202eb`,
		"a\xffb":              `a\xffb`,
		"a\u0085b":            `a\u0085b`,
	}
	for in, want := range cases {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLinesKeepsNewlinesOnly(t *testing.T) {
	if got := Lines("a\nb\x1b[2Jc\r"); got != "a\nb\\x1b[2Jc\\r" {
		t.Errorf("Lines = %q", got)
	}
}

func TestTextDoesNotAllocateForCleanText(t *testing.T) {
	s := "an ordinary token name"
	if n := testing.AllocsPerRun(100, func() { _ = Text(s) }); n != 0 {
		t.Errorf("Text allocated %v times on clean input", n)
	}
}
