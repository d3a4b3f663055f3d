package backend

import (
	"context"
	"sync/atomic"
	"time"
)

// Request is one HTTP exchange as the session's request log shows it:
// method, path (never a query, a header or a body), status and time.
// Status 0 means no answer came (a network failure).
type Request struct {
	Start    time.Time
	Method   string
	Path     string
	Status   int
	Duration time.Duration
}

// Mutating reports whether the request may change the server's state
// (anything but GET and HEAD).
func (r Request) Mutating() bool { return r.Method != "GET" && r.Method != "HEAD" }

// StatusSlot receives the HTTP status of the mutating requests made with
// the context it is in (the last one wins): the server's answer to one
// change, for the audit trail, however many changes run at once.
type StatusSlot struct{ v atomic.Int64 }

type statusSlotKey struct{}

// WithStatusSlot gives ctx a fresh slot.
func WithStatusSlot(ctx context.Context) (context.Context, *StatusSlot) {
	s := &StatusSlot{}
	return context.WithValue(ctx, statusSlotKey{}, s), s
}

// StatusSlotFrom is ctx's slot, nil when it has none.
func StatusSlotFrom(ctx context.Context) *StatusSlot {
	s, _ := ctx.Value(statusSlotKey{}).(*StatusSlot)
	return s
}

// Set records a status; Status reads the latest (0: no answer came).
func (s *StatusSlot) Set(status int) { s.v.Store(int64(status)) }
func (s *StatusSlot) Status() int {
	if s == nil {
		return 0
	}
	return int(s.v.Load())
}

// Auditor records the changes made to tokens (the audit trail): verb is
// create, revoke, delete, purge or rotate; err the change's outcome;
// status the server's HTTP status of it (0 when unknown). It never
// receives a secret.
type Auditor interface {
	Record(sys System, verb, id, name string, err error, status int) error
	RecordDeletes(sys System, verb string, rep DeleteReport) error
}
