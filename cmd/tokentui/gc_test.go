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

func TestGCPercentFollowsTheLiveHeap(t *testing.T) {
	for live, want := range map[uint64]int{0: 100, 4 << 20: 100, gcHeadroom: 100, 2 * gcHeadroom: 50, 4 * gcHeadroom: 25, 1 << 40: gcMinPercent} {
		if got := gcPercentFor(live); got != want {
			t.Errorf("%d MiB live: %d%%, want %d%%", live>>20, got, want)
		}
	}
}

func TestTheTargetIsSetAfterACollection(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	held := make([]byte, 8<<20)
	followLiveHeap(func(live uint64) int {
		if live >= 8<<20 {
			return 37
		}
		return 100
	})
	deadline := time.Now().Add(30 * time.Second)
	for gcPercentNow() != 37 {
		if time.Now().After(deadline) {
			t.Fatalf("8 MiB live: the target is still %d, want 37", gcPercentNow())
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
}
