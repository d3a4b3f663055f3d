package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// The collector's target (GOGC) follows the live heap, when the user did
// not choose GOGC. Go's default (100) lets the heap grow to twice what is
// live before collecting: a list of 100,000 Fleet tokens holds about
// 45 MB, so the process peaked near 100 MiB. A fixed lower target (40 was
// used) also lowers the collector's minimum heap, from 4 MiB to 1.6 MiB,
// and a start-up (a demo's simulators, a first frame, a short command)
// then ran collections that Go's default does not need. So the default
// stays while the heap is small, and once more than gcHeadroom is live
// the heap may grow by about gcHeadroom past it before a collection (never
// less than gcMinPercent): a large list costs a few more collections,
// not half its size again in memory (a floor of 25% let 100,000 Fleet
// tokens, about 45 MB live while they arrive, take 11 MB of headroom;
// 15% keeps it near gcHeadroom, for a few percent more CPU). A memory
// limit would cap the peak better, but a list above it would make the
// collector run all the time while the list is shown.
//
// Until the first collection the target is gcStartPercent: a start-up
// allocates about 10 MiB that stays live (a demo's two Stacks, the
// first lists, the first frame), and Go's 4 MiB minimum heap made it
// collect that once or twice before the first frame (a demo's first
// frame came 15% later). The first collection then comes at 16 MiB, and
// from there the target follows the live heap as above.
const (
	gcHeadroom     = 8 << 20
	gcMinPercent   = 15
	gcStartPercent = 400
)

// gcPercentFor is the target for a live heap of live bytes.
func gcPercentFor(live uint64) int {
	if live <= gcHeadroom {
		return 100
	}
	return max(gcMinPercent, int(gcHeadroom*100/live))
}

// tuneGC makes the collector's target follow the live heap, unless the
// user chose GOGC; it reports whether it will.
func tuneGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" {
		return false
	}
	followLiveHeap(gcStartPercent, gcPercentFor, func(p int) { debug.SetGCPercent(p) })
	return true
}

// followLiveHeap calls set(start), then set(percent(live)) after a
// collection whenever that target changes: a finalizer runs after each
// cycle and re-arms itself.
func followLiveHeap(start int, percent func(live uint64) int, set func(int)) {
	current := start
	set(start)
	var check func(*gcSentinel)
	check = func(s *gcSentinel) {
		// Just after a cycle the heap in use is about what is live.
		// (runtime/metrics reads it exactly, but its package
		// initialisation costs every start more than this costs a cycle.)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if p := percent(ms.HeapAlloc); p != current {
			current = p
			set(p)
		}
		runtime.SetFinalizer(s, check)
	}
	runtime.SetFinalizer(&gcSentinel{}, check)
}

// gcSentinel is only collected; it is large enough not to share a tiny
// allocation block, whose finalizers may never run.
type gcSentinel struct{ _ [32]byte }

func init() { tuneGC(os.Getenv) }
