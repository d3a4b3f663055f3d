package backend

import (
	"sync/atomic"
	"testing"
)

// Parallel runs every index once and never more than limit at once.
func TestParallelRunsEachOnceWithinTheLimit(t *testing.T) {
	const n, limit = 40, 3
	var running, most atomic.Int32
	seen := make([]int32, n)
	gate := make(chan struct{})
	go func() {
		for range n {
			gate <- struct{}{}
		}
	}()
	Parallel(n, limit, func(i int) {
		now := running.Add(1)
		for old := most.Load(); now > old && !most.CompareAndSwap(old, now); old = most.Load() {
		}
		<-gate
		atomic.AddInt32(&seen[i], 1)
		running.Add(-1)
	})
	for i, c := range seen {
		if c != 1 {
			t.Fatalf("f(%d) ran %d times", i, c)
		}
	}
	if most.Load() > limit {
		t.Fatalf("%d ran at once, limit %d", most.Load(), limit)
	}
}
