package backend

import (
	"testing"
	"unsafe"
)

// A list of 100,000 Fleet tokens is an array of Tokens: every word of the
// struct is 800 kB there. Its bools share one word; a new field should be
// worth its cost at that scale.
func TestTokenSize(t *testing.T) {
	if got := unsafe.Sizeof(Token{}); got > 280 {
		t.Fatalf("backend.Token takes %d bytes, want at most 280 (keep the bools together)", got)
	}
}
