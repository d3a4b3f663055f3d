package transport

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
)

// Redactor replaces known secrets in text. It holds a set: a Fleet list
// registers every token it sees, and a refresh must not add them again.
//
// It keeps a 64-bit hash of each secret, not the secret: a list of
// 100,000 Fleet tokens registers 100,000 keys, and held as strings in an
// index they took about 17 MB, a third of the list's live heap; as hashes
// they take about 1 MB, and no copy of a secret stays in memory. A text is
// searched with one rolling hash per distinct secret length (a few), so
// redacting costs a few steps per byte of the text, not one search per
// secret (a bulk delete's per-token answers met 10,000 searches each). A
// text whose window hashes like a secret without being one (odds of 2⁻⁶⁴
// a window) is redacted too: the only error it can make is hiding more.
type Redactor struct {
	mu    sync.RWMutex
	base  uint64      // the hash's odd multiplier, random per redactor
	byLen []lengthSet // longest first
}

// lengthSet holds the hashes of the secrets of one length.
type lengthSet struct {
	n      int
	pow    uint64 // base^n, to roll a hash forward
	hashes map[uint64]struct{}
}

// Add registers secrets; strings shorter than 4 bytes are ignored (they
// would mangle ordinary words and leak nothing worth hiding).
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.base == 0 {
		r.base = rand.Uint64() | 1
	}
	for _, s := range secrets {
		if len(s) < 4 {
			continue
		}
		i, found := slices.BinarySearchFunc(r.byLen, len(s), func(have lengthSet, want int) int { return want - have.n })
		if !found {
			r.byLen = slices.Insert(r.byLen, i, lengthSet{n: len(s), pow: r.power(len(s)), hashes: map[uint64]struct{}{}})
		}
		r.byLen[i].hashes[r.hash(s)] = struct{}{}
	}
}

// count is the number of secrets held.
func (r *Redactor) count() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for _, set := range r.byLen {
		n += len(set.hashes)
	}
	return n
}

// hash is the polynomial hash of s: Σ s[j]·base^(len(s)-1-j), mod 2⁶⁴.
func (r *Redactor) hash(s string) uint64 {
	var h uint64
	for i := 0; i < len(s); i++ {
		h = h*r.base + uint64(s[i])
	}
	return h
}

func (r *Redactor) power(n int) uint64 {
	p := uint64(1)
	for range n {
		p *= r.base
	}
	return p
}

// Redact replaces every occurrence of a registered secret in s with
// "[redacted]"; occurrences that overlap become one, and at a position
// the longest secret wins.
func (r *Redactor) Redact(s string) string {
	if r == nil || len(s) < 4 {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.byLen) == 0 {
		return s
	}
	// rolling[k] is the hash of s[i:i+byLen[k].n] at the position i read.
	rolling := make([]uint64, len(r.byLen))
	for k, set := range r.byLen {
		if set.n <= len(s) {
			rolling[k] = r.hash(s[:set.n])
		}
	}
	var b strings.Builder
	done := 0 // s[:done] is written
	end := -1 // the end of the run of secrets being covered
	for i := 0; i+4 <= len(s); i++ {
		for k, set := range r.byLen {
			n := set.n
			if i+n > len(s) {
				continue
			}
			if _, ok := set.hashes[rolling[k]]; !ok {
				continue
			}
			if i >= end { // a new run
				if end >= 0 {
					b.WriteString("[redacted]")
				}
				b.WriteString(s[done:i])
			}
			end = max(end, i+n)
			done = end
			break // the longest at i
		}
		for k, set := range r.byLen {
			if n := set.n; i+n < len(s) {
				rolling[k] = rolling[k]*r.base - uint64(s[i])*set.pow + uint64(s[i+n])
			}
		}
	}
	if end < 0 {
		return s
	}
	b.WriteString("[redacted]")
	b.WriteString(s[done:])
	return b.String()
}
