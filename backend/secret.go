package backend

import (
	"fmt"
	"strings"
)

// Secret holds a token value, API key, password or any text that contains
// one. Every way Go formats a value prints "[redacted]", so a Secret that
// slips into a log line, an error or a panic does not leak; Reveal is the
// one door, and it is easy to find in a review.
type Secret struct{ v string }

// NewSecret wraps s.
func NewSecret(s string) Secret { return Secret{v: s} }

// Reveal returns the secret text. Call it only to show, copy or send it.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether there is no secret.
func (s Secret) IsZero() bool { return s.v == "" }

const redacted = "[redacted]"

func (s Secret) String() string   { return redacted }
func (s Secret) GoString() string { return redacted }

// Format makes %v, %+v, %#v, %s and %q all redact.
func (s Secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, redacted) }

// MarshalJSON redacts: a Secret that reaches JSON output must be revealed
// on purpose first.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText redacts, for encoders that prefer text.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Mask is what the screen shows for a hidden secret: a fixed-width row of
// dots (its length would tell an onlooker something), with the last four
// characters when keepTail is set and the secret is long enough to spare
// them.
func Mask(s Secret, keepTail bool) string {
	const dots = "••••••••••••••••"
	if s.IsZero() {
		return ""
	}
	if keepTail && len(s.v) >= 24 {
		return dots + s.v[len(s.v)-4:]
	}
	return dots
}

// MaskIn replaces every occurrence of the secret inside text (an enroll
// command, say) by its mask.
func MaskIn(text string, s Secret) string {
	if s.IsZero() {
		return text
	}
	return strings.ReplaceAll(text, s.v, Mask(s, false))
}
