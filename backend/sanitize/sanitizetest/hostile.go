// Package sanitizetest holds the hostile strings that tests feed through
// every output path to prove no terminal control survives.
package sanitizetest

import (
	"sort"
	"strings"
)

// Hostile maps a name to a string a server could send to steer a terminal.
var Hostile = map[string]string{
	"osc52":     "x\x1b]52;c;aGVsbG8=\x07y",
	"clear":     "x\x1b[2Jy",
	"title":     "x\x1b]0;pwned\x07y",
	"newline":   "x\ny",
	"cr":        "x\ry",
	"bidi":      "x\u202eevil\u202cy",
	"invalid":   "x\xff\xfey",
	"c1csi":     "x\u009b2Jy",
	"del":       "x\x7fy",
	"st":        "x\x1b\\y",
	"nul":       "x\x00y",
	"isolate":   "x\u2066y",
	"tab":       "x\ty",
	"backspace": "x\x08y",
}

// Raw reports the first raw control a terminal could act on in out (ESC,
// BEL, CR, a C1 CSI, a bidi override, an invalid byte), or "" if none.
// Newlines are allowed: they are the output's own line breaks.
func Raw(out string) string {
	for _, bad := range []string{"\x1b", "\x07", "\r", "\x00", "\x7f", "\x08", "\u009b", "\u202e", "\u2066", "\xff"} {
		if strings.Contains(out, bad) {
			return bad
		}
	}
	return ""
}

// All is every hostile string at once, in a fixed order, and shell
// metacharacters: one value that no output path may print raw and no
// copied command may run.
func All() string {
	names := make([]string, 0, len(Hostile))
	for n := range Hostile {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(Hostile[n])
	}
	b.WriteString("$(touch pwned);`id`|&'\"")
	return b.String()
}
