package ui

import "time"

// waitLimit bounds a test's wait for an event (a screen, a child's
// start, a file's change): generous, so that a busy machine (CI running
// the race tests with every CPU taken) slows a test down without failing
// it. No verdict depends on the machine's speed.
const waitLimit = time.Minute
