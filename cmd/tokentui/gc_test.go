package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercentNow reads the collector's target without changing it.
func gcPercentNow() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestTuneGCLowersTheTargetOnceTheHeapIsLarge(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	lowerGCWhenLive(1 << 62) // never large
	runtime.GC()
	runtime.GC()
	if got := gcPercentNow(); got != 100 {
		t.Fatalf("a small heap: the target changed to %d", got)
	}
	held := make([]byte, 8<<20)
	lowerGCWhenLive(4 << 20)
	deadline := time.Now().Add(30 * time.Second)
	for gcPercentNow() != gcPercent {
		if time.Now().After(deadline) {
			t.Fatalf("8 MiB live, a 4 MiB threshold: the target is still %d, want %d", gcPercentNow(), gcPercent)
		}
		runtime.GC() // the finalizer runs after a cycle, in its own goroutine
		time.Sleep(time.Millisecond)
	}
	runtime.KeepAlive(held)
}

func TestTuneGCKeepsTheUsersGOGC(t *testing.T) {
	if tuneGC(func(k string) string {
		if k == "GOGC" {
			return "150"
		}
		return ""
	}) {
		t.Fatal("with GOGC set: the collector's target would change")
	}
	if !tuneGC(func(string) string { return "" }) {
		t.Fatal("without GOGC: the collector's target would never be lowered")
	}
}
