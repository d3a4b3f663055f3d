// Package sanitize is the one gate every string from a server, a token, a
// file or the environment passes through before it reaches a terminal.
//
// Control characters (C0, DEL, C1), bidirectional overrides and isolates,
// and bytes that are not valid UTF-8 are written visibly escaped (\x1b,
// \n, \u202e, \xff) so they are shown, never interpreted: a Fleet token
// named "ESC ] 52 ; c ; … BEL" cannot set the clipboard or the window
// title (the kubectl precedent is CVE-2021-25743), and a newline cannot
// break a table row. JSON output does not go through here: encoding/json
// already escapes control characters, and scripts need the exact value.
package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text returns s with every character a terminal could interpret escaped.
// It allocates only when s needs escaping.
func Text(s string) string {
	if clean(s, "") {
		return s
	}
	return escape(s, "")
}

// Lines is Text for multi-line messages (errors on stderr, a detail
// body): it keeps "\n" and escapes everything else Text escapes.
func Lines(s string) string {
	if clean(s, "\n") {
		return s
	}
	return escape(s, "\n")
}

// clean and escape take the control characters to keep as they are:
// "" (Text), "\n" (Lines), "\n\t" (a Writer's text with tabs).
func clean(s string, keep string) bool {
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if (b < 0x20 || b == 0x7f) && strings.IndexByte(keep, b) < 0 {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || dangerous(r) {
			return false
		}
		i += n
	}
	return true
}

func escape(s string, keep string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < 0x20 && strings.IndexByte(keep, c) >= 0:
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20 || c == 0x7f:
				b.WriteString(`\x`)
				b.WriteString(hex2(c))
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(c))
		case dangerous(r):
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)))
			b.WriteString(h)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// dangerous reports the non-ASCII runes a terminal may act on: C1
// controls (0x9b is a one-byte CSI on some terminals) and the Unicode
// bidirectional controls that reorder what is shown (Trojan Source).
func dangerous(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	}
	return false
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
