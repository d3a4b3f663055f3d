package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// gcPercent is the collector's target once the heap is large, when GOGC
// is not set. Go's default (100) lets the heap grow to twice what is live
// before collecting: a list of 100,000 Fleet tokens holds about 45 MB, so
// the process peaked near 100 MiB. At 40 it peaks near 1.4× what is live,
// for a little more collector CPU (about 0.1 s over such a list). A memory
// limit would cap the peak better below it, but a list above it would make
// the collector run all the time while the list is shown.
const gcPercent = 40

// gcLargeHeap is the live heap from which gcPercent applies. Below it Go's
// default stays: at 40 from the start the collector's minimum heap drops
// from 4 MiB to 1.6 MiB, and a start-up (a demo's simulators, a first
// frame, a short command) ran several collections that Go's default does
// not need. Once this much is live (a few thousand tokens) the 2× of the
// default costs real memory.
const gcLargeHeap = 16 << 20

// tuneGC lowers the collector's target to gcPercent once the heap is
// large, unless the user chose GOGC; it reports whether it will.
func tuneGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" {
		return false
	}
	lowerGCWhenLive(gcLargeHeap)
	return true
}

// lowerGCWhenLive sets gcPercent after the first collection that leaves
// at least large bytes in use: a finalizer runs after every cycle and
// re-arms itself until then.
func lowerGCWhenLive(large uint64) {
	var check func(*gcSentinel)
	check = func(s *gcSentinel) {
		// Just after a cycle the heap in use is about what is live.
		// (runtime/metrics reads it exactly, but its package
		// initialisation costs every start more than this costs a cycle.)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc >= large {
			debug.SetGCPercent(gcPercent)
			return
		}
		runtime.SetFinalizer(s, check)
	}
	runtime.SetFinalizer(&gcSentinel{}, check)
}

// gcSentinel is only collected; it is large enough not to share a tiny
// allocation block, whose finalizers may never run.
type gcSentinel struct{ _ [32]byte }

func init() { tuneGC(os.Getenv) }
