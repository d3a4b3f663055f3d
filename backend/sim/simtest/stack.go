package simtest

import (
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
)

// Start is the fixed time every client test's clock starts at.
var Start = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// NewStack starts a seeded simulator Stack on a fake clock and stops it
// when the test ends. extraFleet adds Fleet tokens beyond the demo set.
func NewStack(t testing.TB, seed uint64, extraFleet int) (*sim.Stack, *sim.FakeClock) {
	t.Helper()
	clock := sim.NewFakeClock(Start)
	s, err := sim.Start(sim.Options{Seed: seed, Clock: clock, FleetTokens: extraFleet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}
