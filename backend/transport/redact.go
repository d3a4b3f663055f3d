package transport

import (
	"encoding/base64"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
)

// Redactor replaces known secrets in text. It holds a set: a Fleet list
// registers every token it sees, and a refresh must not add them again.
//
// It keeps a 64-bit hash of each secret, not the secret: a list of
// 100,000 Fleet tokens registers 100,000 keys and their secret halves,
// which held as strings in an index took about 22 MB, half the list's
// live heap; as hashes (and heads, below) they take about 6 MB. What stays
// of a secret is its hash and its first 7 bytes (the heads, to find a
// secret cut short at an excerpt's end): all of a secret of 7 bytes or
// fewer. A text is
// searched with one rolling hash per distinct secret length (a few), so
// redacting costs a few steps per byte of the text, not one search per
// secret (a bulk delete's per-token answers met 10,000 searches each). A
// text whose window hashes like a secret without being one (odds of 2⁻⁶⁴
// a window) is redacted too: the only error it can make is hiding more.
//
// For an excerpt cut short mid-secret it keeps each secret's first 7
// bytes, packed in a word (heads): a cut tail that begins a secret is
// found by a binary search. A tail longer than 7 bytes is matched on
// those 7 only (a text that merely shares a secret's first 7 bytes loses
// its tail too: hiding more, again).
type Redactor struct {
	mu    sync.RWMutex
	base  uint64      // the hash's odd multiplier, random per redactor
	byLen []lengthSet // longest first

	headsMu  sync.Mutex // heads is sorted on first use under a read lock
	heads    []uint64   // each secret's first 7 bytes, big-endian; sorted unless unsorted
	unsorted bool
}

// lengthSet holds the hashes of the secrets of one length.
type lengthSet struct {
	n      int
	pow    uint64 // base^n, to roll a hash forward
	hashes map[uint64]struct{}
}

// Add registers secrets; strings shorter than 4 bytes are ignored (they
// would mangle ordinary words and leak nothing worth hiding). An encoded
// key, base64 of "id:secret" (an Elasticsearch API key's encoded form, a
// Fleet api_key, a Basic header), also registers its secret half: with
// the key's id, which is no secret, it authenticates.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.base == 0 {
		r.base = rand.Uint64() | 1
	}
	for _, s := range secrets {
		r.add(s)
		if raw, err := base64.StdEncoding.DecodeString(s); err == nil && len(s) >= 4 && !strings.ContainsAny(string(raw), "{\"") {
			if _, half, ok := strings.Cut(string(raw), ":"); ok {
				r.add(half)
			}
		}
	}
}

// add registers one secret; the lock is held.
func (r *Redactor) add(s string) {
	if len(s) < 4 {
		return
	}
	i, found := slices.BinarySearchFunc(r.byLen, len(s), func(have lengthSet, want int) int { return want - have.n })
	if !found {
		r.byLen = slices.Insert(r.byLen, i, lengthSet{n: len(s), pow: r.power(len(s)), hashes: map[uint64]struct{}{}})
	}
	h := r.hash(s)
	if _, dup := r.byLen[i].hashes[h]; dup {
		return
	}
	r.byLen[i].hashes[h] = struct{}{}
	r.heads = append(r.heads, packHead(s))
	r.unsorted = true
}

// packHead is s's first 7 bytes (at most) as a big-endian word, so that
// the words sort as the strings do.
func packHead(s string) uint64 {
	var b [8]byte
	copy(b[:7], s)
	return binary.BigEndian.Uint64(b[:])
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
	if end >= 0 {
		b.WriteString("[redacted]")
		b.WriteString(s[done:])
		s = b.String()
	}
	return r.cutTail(s)
}

// cutTail redacts the start of a secret that an excerpt cut short ("…")
// ends in: the longest tail, of 4 bytes or more, that begins a secret
// without being all of it. The read lock is held.
func (r *Redactor) cutTail(s string) string {
	head, ok := strings.CutSuffix(s, "…")
	if !ok || len(r.byLen) == 0 {
		return s
	}
	r.headsMu.Lock()
	defer r.headsMu.Unlock()
	if r.unsorted {
		slices.Sort(r.heads)
		r.unsorted = false
	}
	longest := r.byLen[0].n
	for p := max(0, len(head)-(longest-1)); p+4 <= len(head); p++ {
		if r.beginsASecret(head[p:]) {
			return head[:p] + "[redacted]…"
		}
	}
	return s
}

// beginsASecret reports whether some secret starts with tail's first 7
// bytes (all of it when shorter); the caller passes tails shorter than
// the longest secret. headsMu is held.
func (r *Redactor) beginsASecret(tail string) bool {
	n := min(len(tail), 7)
	low := packHead(tail[:n])
	high := low | (1<<(8*(8-n)) - 1)
	i, _ := slices.BinarySearch(r.heads, low)
	return i < len(r.heads) && r.heads[i] <= high
}
