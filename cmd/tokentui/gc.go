package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the collector's target when GOGC is not set. Go's default
// (100) lets the heap grow to twice what is live before collecting: a list
// of 100,000 Fleet tokens holds about 45 MB, so the process peaked near
// 100 MiB. At 40 it peaks near 1.4× what is live, for a little more
// collector CPU (about 0.1 s over such a list). A memory limit would cap
// the peak better below it, but a list above it would make the collector
// run all the time while the list is shown.
const gcPercent = 40

// tuneGC sets gcPercent unless the user chose GOGC.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

func init() { tuneGC(os.Getenv) }
