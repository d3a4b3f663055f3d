package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/tokentui/tokentui/backend/sanitize"
)

// maxEcho is the longest value a message repeats: a longer one is more
// likely a pasted secret than a typo worth seeing.
const maxEcho = 80

// echo quotes a value from the file, the environment or a flag for a
// message: escaped, and only when short.
func echo(v string) string {
	if len(v) > maxEcho {
		return fmt.Sprintf("(a value of %d bytes, not shown)", len(v))
	}
	return strconv.Quote(v) // Go's quoting escapes every character sanitize would
}

// echoURL is echo for a URL: one that may hold credentials (an "@", even
// where it does not parse) is not shown, so a password never reaches a
// message.
func echoURL(raw string) string {
	if strings.Contains(raw, "@") {
		return "(a URL holding credentials, not shown)"
	}
	return echo(raw)
}

// echoName is echo for a name (a profile, a key, a path), unquoted.
func echoName(v string) string {
	if len(v) > maxEcho {
		return fmt.Sprintf("(a name of %d bytes, not shown)", len(v))
	}
	return sanitize.Text(v)
}

// echoNames lists names for a message.
func echoNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += echoName(n)
	}
	return out
}

var (
	quotedRun = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|'[^']*'") })
	longRun   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\S{81,}`) })
)

// libMessage makes a parser's error text safe to show: quoted values and
// long runs over maxEcho are hidden, control characters escaped.
func libMessage(msg string) string {
	hide := func(s string) string {
		if len(s) > maxEcho+2 {
			return fmt.Sprintf("(a value of %d bytes, not shown)", len(s))
		}
		return s
	}
	msg = quotedRun().ReplaceAllStringFunc(msg, hide)
	msg = longRun().ReplaceAllStringFunc(msg, hide)
	return sanitize.Text(msg)
}
