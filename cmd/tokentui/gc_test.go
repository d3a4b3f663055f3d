package main

import (
	"runtime"
	"testing"
	"time"
)

func TestGCPercentFollowsTheLiveHeap(t *testing.T) {
	for live, want := range map[uint64]int{0: 100, 4 << 20: 100, gcHeadroom: 100, 2 * gcHeadroom: 50, 4 * gcHeadroom: 25, 1 << 40: gcMinPercent} {
		if got := gcPercentFor(live); got != want {
			t.Errorf("%d MiB live: %d%%, want %d%%", live>>20, got, want)
		}
	}
}

func TestTheTargetIsSetAfterACollection(t *testing.T) {
	held := make([]byte, 8<<20)
	set := make(chan int, 1)
	followLiveHeap(100, func(live uint64) int {
		if live >= 8<<20 {
			return 37
		}
		return 100
	}, func(p int) {
		if p == 100 {
			return // the start target
		}
		select { // never block the finalizer goroutine (the tuner stays armed after the test)
		case set <- p:
		default:
		}
	})
	deadline := time.After(30 * time.Second)
	for {
		runtime.GC() // the finalizer runs after a cycle, in its own goroutine
		select {
		case p := <-set:
			if p != 37 {
				t.Fatalf("the target was set to %d, want 37", p)
			}
			runtime.KeepAlive(held)
			return
		case <-deadline:
			t.Fatal("8 MiB live: no target was set after 30 s of collections")
		case <-time.After(time.Millisecond):
		}
	}
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

func TestTheStartTargetGivesWayAfterACollection(t *testing.T) {
	set := make(chan int, 2)
	followLiveHeap(gcStartPercent, func(uint64) int { return 100 }, func(p int) {
		select { // never block the finalizer goroutine (the tuner stays armed after the test)
		case set <- p:
		default:
		}
	})
	select {
	case p := <-set:
		if p != gcStartPercent {
			t.Fatalf("the first target is %d, want %d", p, gcStartPercent)
		}
	default:
		t.Fatal("no start target was set")
	}
	deadline := time.After(30 * time.Second)
	for {
		runtime.GC()
		select {
		case p := <-set:
			if p != 100 {
				t.Fatalf("after a collection the target is %d, want the live heap's 100", p)
			}
			return
		case <-deadline:
			t.Fatal("the start target stayed after 30 s of collections")
		case <-time.After(time.Millisecond):
		}
	}
}
