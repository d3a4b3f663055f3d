package parallel

import (
	"runtime"
	"sync"
	"testing"
)

func TestEachCallsEveryIndexWithinTheLimit(t *testing.T) {
	for _, limit := range []int{-1, 0, 1, 3, 100} {
		var mu sync.Mutex
		running, peak := 0, 0
		seen := make([]int, 20)
		Each(len(seen), limit, func(i int) {
			mu.Lock()
			running++
			peak = max(peak, running)
			mu.Unlock()
			seen[i]++
			for range 100 { // hold the slot a while: others may start
				runtime.Gosched()
			}
			mu.Lock()
			running--
			mu.Unlock()
		})
		for i, n := range seen {
			if n != 1 {
				t.Fatalf("limit %d: f(%d) was called %d times", limit, i, n)
			}
		}
		if want := max(limit, 1); peak > want {
			t.Fatalf("limit %d: %d calls ran at once", limit, peak)
		}
	}
}
