package backend

import "time"

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
