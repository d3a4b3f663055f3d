package fleet

import (
	"testing"
	"unsafe"

	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// A long list holds one copy of each policy id, however many pages and
// tokens name it (100,000 tokens name a few policies).
func TestListHoldsOneCopyOfEachPolicyID(t *testing.T) {
	s, clock := newStack(t, 1200)
	c := newClient(t, s, clock, func(cfg *Config) { cfg.PageSize = 100 })
	copies := map[string]map[*byte]bool{}
	for _, tok := range simtest.MustList(t, c) {
		if copies[tok.PolicyID] == nil {
			copies[tok.PolicyID] = map[*byte]bool{}
		}
		copies[tok.PolicyID][unsafe.StringData(tok.PolicyID)] = true
	}
	for id, ptrs := range copies {
		if len(ptrs) != 1 {
			t.Errorf("policy id %q is held in %d copies, want 1", id, len(ptrs))
		}
	}
}
