// Package quote checks and quotes the values a server gives that go into a
// command a person copies and runs (often as root, on a new host): a
// version, a URL, a token, a role. A value that does not look like what it
// claims to be is refused; every other value is quoted for its target:
// POSIX sh, PowerShell, or a YAML double-quoted scalar (comments included).
package quote

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

var versionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$`) })

// Version accepts a release version such as 9.1.0 or 9.1.0-SNAPSHOT.
func Version(what, v string) error {
	if !versionRE().MatchString(v) {
		return fmt.Errorf("%s %q is not a version (like 9.1.0): refusing to put it in a command", what, short(v))
	}
	return nil
}

// URL accepts an http(s) URL with a host and no whitespace or control
// characters (a newline would end a comment line or a command).
func URL(what, u string) error {
	for _, r := range u {
		if unicode.IsSpace(r) || unicode.IsControl(r) || isBidi(r) {
			return fmt.Errorf("%s %q holds whitespace or control characters: refusing to put it in a command", what, short(u))
		}
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.User != nil {
		return fmt.Errorf("%s %q is not an http(s) URL with a host: refusing to put it in a command", what, short(u))
	}
	return nil
}

// tokenRE: base64 (standard or URL-safe), with dots for a JWT-like token;
// or bullets, the stand-in a screen shows for a masked token (no shell
// reads a bullet specially).
var tokenRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z0-9+/=._-]+|•+)$`) })

// Token accepts an enrollment token (or the screen's masked stand-in).
func Token(what, t string) error {
	if !tokenRE().MatchString(t) {
		return fmt.Errorf("%s holds characters no token has: refusing to put it in a command", what)
	}
	return nil
}

// shPlain reports whether s is non-empty and holds only characters no
// shell treats specially: [A-Za-z0-9_./:@%+=,-] and the bullet (the
// screen's masked stand-in for a token). A loop, not a regexp: an audit
// quotes a word or two per finding, 20,000 findings and more.
func shPlain(s string) bool {
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '•':
		case r < utf8.RuneSelf && strings.IndexByte("_./:@%+=,-", byte(r)) >= 0:
		default:
			return false
		}
	}
	return s != ""
}

// Sh quotes s as one POSIX shell word: as is when it holds only characters
// no shell treats specially, else in single quotes (a quote inside
// becomes '\”).
func Sh(s string) string {
	if shPlain(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// psPlain is narrower than shPlain: in PowerShell a comma makes an array,
// @ splats, % and + are operators in some positions.
var psPlain = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_./:=\-•]+$`) })

// psQuotes are the characters PowerShell reads as a single quote: the
// ASCII one and the typographic ones (U+2018, U+2019, U+201A, U+201B).
const psQuotes = "'\u2018\u2019\u201a\u201b"

// PowerShell quotes s as one PowerShell argument: as is when plain, else
// a single-quoted (verbatim) string, where every quote character is
// doubled. Nothing in a single-quoted string is expanded.
func PowerShell(s string) string {
	if psPlain().MatchString(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		if strings.ContainsRune(psQuotes, r) {
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// YAML quotes s as a YAML double-quoted scalar on one line: backslash,
// double quote and every control, line-separator or bidi character are
// escaped, so it cannot end a comment line or the scalar.
func YAML(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || isBidi(r) || r == 0xfeff:
			if r <= 0xff {
				fmt.Fprintf(&b, `\x%02X`, r)
			} else {
				fmt.Fprintf(&b, `\u%04X`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// short cuts a value for an error message (the caller sanitizes it).
func short(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
