package main

import (
	"fmt"
	"unicode/utf8"
)

// terminalSafeJSON escapes, in encoded JSON, the characters encoding/json
// leaves raw that a terminal acts on or that reorder text: DEL, C1 controls
// (U+0080–U+009F, some terminals read them as ESC sequences) and bidi
// controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069). They
// can occur only inside JSON strings, where \uXXXX is the same value: the
// output stays exact JSON, with the same values.
func terminalSafeJSON(b []byte) []byte {
	if !needsJSONEscape(b) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if unsafeInJSON(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

func needsJSONEscape(b []byte) bool {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			if b[i] == 0x7f {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if unsafeInJSON(r) {
			return true
		}
		i += n
	}
	return false
}

func unsafeInJSON(r rune) bool {
	return (r >= 0x7f && r <= 0x9f) || r == 0x200e || r == 0x200f || r == 0x061c ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}
