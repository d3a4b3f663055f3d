package transport

import (
	"fmt"
	"math/rand/v2"
	"runtime"
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

// Random texts made of secrets, their pieces and other bytes are redacted
// exactly as a plain search for each secret, longest first, would.
func TestRedactorMatchesAPlainSearch(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		return string(b)
	}
	var secrets []string
	for range 40 {
		secrets = append(secrets, pick("ab", 4+rnd.IntN(6)))
	}
	r := &Redactor{}
	r.Add(secrets...)
	for range 2000 {
		var b strings.Builder
		for range rnd.IntN(8) {
			if s := secrets[rnd.IntN(len(secrets))]; rnd.IntN(2) == 0 {
				b.WriteString(s)
			} else {
				b.WriteString(s[:rnd.IntN(len(s))] + pick("abc", rnd.IntN(3)))
			}
		}
		in := b.String()
		if got, want := r.Redact(in), plainRedact(secrets, in); got != want {
			t.Fatalf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// plainRedact is the reference: at each position the longest secret found
// there extends the covered run.
func plainRedact(secrets []string, s string) string {
	covered := make([]bool, len(s))
	starts := make([]bool, len(s)) // a run that does not touch the one before
	end := -1
	for i := range s {
		longest := 0
		for _, sec := range secrets {
			if strings.HasPrefix(s[i:], sec) {
				longest = max(longest, len(sec))
			}
		}
		if longest == 0 {
			continue
		}
		if i >= end {
			starts[i] = true
		}
		for j := i; j < i+longest; j++ {
			covered[j] = true
		}
		end = max(end, i+longest)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if !covered[i] {
			b.WriteByte(s[i])
			continue
		}
		if starts[i] {
			b.WriteString("[redacted]")
		}
	}
	return b.String()
}

// BenchmarkRedactorFleetList registers 100,000 Fleet keys, as a list of
// that many tokens does, and reports the heap they hold.
func BenchmarkRedactorFleetList(b *testing.B) {
	keys := make([]string, 100_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("%020d:%-22d", i, i*7919)
	}
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := &Redactor{}
		r.Add(keys...)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(len(keys)), "B/secret")
		runtime.KeepAlive(r)
	}
}
