package transport

import (
	"fmt"
	"strings"
	"testing"
)

func TestRedactorHidesEveryByteOfEverySecret(t *testing.T) {
	r := &Redactor{}
	r.Add("abcd", "abcdefgh", "ghij", "wxyz")
	for in, want := range map[string]string{
		"no secret here":        "no secret here",
		"abcdefgh":              "[redacted]", // the longest at a position wins
		"abcdefghij":            "[redacted]", // overlapping secrets are one run
		"x abcd y abcd z":       "x [redacted] y [redacted] z",
		"abcdwxyz":              "[redacted][redacted]", // adjacent ones stay two
		"abc":                   "abc",
		"ABCDEFGH abcdefg":      "ABCDEFGH [redacted]efg", // case matters; "abcd" is there
		"wxyzwxyzwxyz":          "[redacted][redacted][redacted]",
		"é abcdefgh é":          "é [redacted] é",
		"tail abcdefghi":        "tail [redacted]i",
		"head ghijabcdefghijkl": "head [redacted][redacted]kl", // ghij, then abcdefgh overlapping ghij
	} {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// Thousands of secrets (a Fleet list's tokens) are each found, and a text
// that holds none is left as it is.
func TestRedactorWithManySecrets(t *testing.T) {
	r := &Redactor{}
	var secrets []string
	for i := range 5000 {
		secrets = append(secrets, fmt.Sprintf("c2VjcmV0LTAwMD%05d", i))
	}
	r.Add(secrets...)
	text := "404 not found: c2VjcmV0LTAwMD04999 and c2VjcmV0LTAwMD00000 but not c2VjcmV0LTAwMD"
	want := "404 not found: [redacted] and [redacted] but not c2VjcmV0LTAwMD"
	if got := r.Redact(text); got != want {
		t.Fatalf("%q", got)
	}
	for _, s := range secrets {
		if strings.Contains(r.Redact("x"+s+"y"), s) {
			t.Fatalf("%s is not redacted", s)
		}
	}
}
