package main

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// Progress redraws one line with the requests so far, and clears it.
func TestProgressLineIsDrawnAndCleared(t *testing.T) {
	var w syncBuffer
	var mu sync.Mutex
	n := 0
	requests := func() int { mu.Lock(); defer mu.Unlock(); return n }
	stop := showProgress(&w, "listing Fleet tokens", requests, 0, time.Millisecond)
	mu.Lock()
	n = 7
	mu.Unlock()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(w.String(), "7 requests") {
		if time.Now().After(deadline) {
			t.Fatalf("no progress line: %q", w.String())
		}
		time.Sleep(time.Millisecond)
	}
	stop()
	out := w.String()
	if !strings.HasPrefix(out, "\r\x1b[Ktokentui: listing Fleet tokens… ") || !strings.HasSuffix(out, "\r\x1b[K") {
		t.Fatalf("line %q", out)
	}
	stop() // twice is fine
}
