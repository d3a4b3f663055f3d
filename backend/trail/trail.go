// Package trail keeps the audit trail: one JSON line per mutation
// (create, revoke, delete, purge, rotate) appended to audit.jsonl in
// tokentui's state directory. An entry names what was done to which token
// and how it ended; it never holds a secret (it has no field that could).
//
// The CLI records a change with app.recordMutation (cmd/tokentui,
// cli_trail.go), handing it a backend.StatusSlot from the change's
// context; the UI through ui.Options.Audit (a backend.Auditor). A new
// verb (rotate) calls the same: recordMutation(sys, "rotate", id, name,
// err, slot).
//
// The package is named trail, not audit: backend/audit holds the hygiene
// rules of `tokentui audit`.
package trail

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sync"
	"time"

	"github.com/tokentui/tokentui/backend"
)

// FileName is the audit trail's file in the state directory.
const FileName = "audit.jsonl"

// Outcome is how a mutation ended, from a fixed vocabulary.
type Outcome string

const (
	Verified Outcome = "verified" // the server's answer (and read-back, where made) proves it
	Unknown  Outcome = "unknown"  // the answer was lost or unreadable: it may or may not have happened
	Failed   Outcome = "failed"   // it did not happen
)

// OutcomeOf reads a mutation's error: none is verified; a lost or
// unreadable answer is unknown; anything else failed.
func OutcomeOf(err error) Outcome {
	var (
		unknown *backend.OutcomeUnknownError
		maybe   *backend.MaybeCreatedError
		notRev  *backend.NotRevokedError
	)
	switch {
	case err == nil:
		return Verified
	case errors.As(err, &unknown), errors.As(err, &maybe):
		return Unknown
	case errors.As(err, &notRev):
		return Failed // read back: still usable
	}
	return Failed
}

// Entry is one line of the trail. Token fields are ids and names, never
// a secret.
type Entry struct {
	Time      time.Time      `json:"time"`
	User      string         `json:"user"`              // the OS user who ran tokentui
	Profile   string         `json:"profile,omitempty"` // config profile, "" when none
	System    backend.System `json:"system"`
	Verb      string         `json:"verb"` // create, revoke, delete, purge, rotate
	TokenID   string         `json:"token_id,omitempty"`
	TokenName string         `json:"token_name,omitempty"`
	Outcome   Outcome        `json:"outcome"`
	Status    int            `json:"status,omitempty"` // the server's HTTP status of the change; 0 when none came
}

// Log appends entries to one file. A nil *Log is off: Append does nothing.
type Log struct {
	path string
	user string
	mu   sync.Mutex
}

// Open is the trail in dir (created 0700 on first write); nil when off.
func Open(dir string, on bool) *Log {
	if !on || dir == "" {
		return nil
	}
	return &Log{path: filepath.Join(dir, FileName), user: osUser()}
}

// Path is the trail's file.
func (l *Log) Path() string {
	if l == nil {
		return ""
	}
	return l.path
}

// Append writes e as one line, filling its time and user when unset. The
// file is created 0600 and never followed through a symlink; one write
// per line with O_APPEND keeps concurrent tokentui runs' lines whole.
func (l *Log) Append(e Entry) error {
	if l == nil {
		return nil
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Time = e.Time.UTC()
	if e.User == "" {
		e.User = l.user
	}
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return fmt.Errorf("audit trail: %w", err)
	}
	f, err := openAppend(l.path)
	if err != nil {
		return fmt.Errorf("audit trail: %w", err)
	}
	_, err = f.Write(append(line, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("audit trail: %w", err)
	}
	return nil
}

// openAppend opens path for appending, 0600, refusing a symlink or
// anything but a regular file, and narrowing a wider mode it finds.
func openAppend(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|noFollow, 0o600)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", path)
	}
	if err == nil && info.Mode().Perm()&0o077 != 0 {
		err = f.Chmod(0o600)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}
