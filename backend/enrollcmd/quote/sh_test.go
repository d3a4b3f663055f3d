package quote

import (
	"regexp"
	"testing"
)

// TestShPlainMatchesItsClass pins the loop to the character class it
// replaced, on every ASCII byte, the bullet, other runes and invalid UTF-8.
func TestShPlainMatchesItsClass(t *testing.T) {
	class := regexp.MustCompile(`^[A-Za-z0-9_./:@%+=,\-•]+$`)
	words := []string{"", "•", "••", "a b", "\xff", "a\xe2\x80", "é", "a\nb", "'", "9.1.0", "https://h:1/p?q"}
	for b := 0; b < 256; b++ {
		words = append(words, string([]byte{byte(b)}), "ab"+string([]byte{byte(b)}))
	}
	for _, w := range words {
		if got, want := shPlain(w), class.MatchString(w); got != want {
			t.Errorf("shPlain(%q) = %v, the class says %v", w, got, want)
		}
	}
}
