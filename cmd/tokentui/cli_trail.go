package main

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/trail"
	"github.com/tokentui/tokentui/config"
)

// session is what a run learns as it goes, for the audit trail and the
// UI's request log.
type session struct {
	profile  string // the profile the last config load resolved (under mu)
	auditOff bool   // audit_log = false (under mu)
	// lastStatus is the HTTP status of the latest mutating request (not a
	// GET or HEAD) since the last trail entry: the server's answer to the
	// change an entry records.
	lastStatus atomic.Int64

	mu       sync.Mutex
	requests []backend.Request
}

// session is the run's session, made on first use (a command's first
// config load, before any concurrent work); a profile switch in the UI
// shares it.
func (a *app) session() *session {
	if a.sess == nil {
		a.sess = &session{}
	}
	return a.sess
}

// maxRequests bounds the request log a long UI session keeps.
const maxRequests = 1000

// observe is every client's transport hook.
func (s *session) observe(r backend.Request) {
	if r.Mutating() {
		s.lastStatus.Store(int64(r.Status))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) >= maxRequests {
		s.requests = append(s.requests[:0], s.requests[len(s.requests)-maxRequests/2:]...)
	}
	s.requests = append(s.requests, r)
}

// Requests is a copy of this session's requests, oldest first.
func (s *session) Requests() []backend.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]backend.Request(nil), s.requests...)
}

// loaded notes what the audit trail needs from a config just loaded.
func (s *session) loaded(cfg config.Config) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.profile, s.auditOff = cfg.Profile, cfg.AuditLogOff
}

func (s *session) auditContext() (profile string, off bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.profile, s.auditOff
}

// recordMutation appends one audit trail entry for a change the CLI or
// the UI made (err is the change's outcome). A trail that cannot be
// written is said on stderr: the change itself is done and stays said.
func (a *app) recordMutation(sys backend.System, verb, id, name string, err error) {
	a.recordOutcome(sys, verb, id, name, trail.OutcomeOf(err))
}

func (a *app) recordOutcome(sys backend.System, verb, id, name string, outcome trail.Outcome) {
	profile, off := a.session().auditContext()
	e := trail.Entry{Profile: profile, System: sys, Verb: verb, TokenID: id, TokenName: name,
		Outcome: outcome, Status: int(a.session().lastStatus.Swap(0))}
	if err := trail.Open(config.StateDir(a.getenv), !off).Append(e); err != nil {
		printError(a.stderr, fmt.Errorf("warning: %w (set audit_log = false in the config file to turn the trail off)", err))
	}
}

// recordDeletes appends one entry per token of a delete or purge report.
// A bulk delete's answer is not per token, so no status is recorded.
func (a *app) recordDeletes(sys backend.System, verb string, rep backend.DeleteReport) {
	a.session().lastStatus.Store(0)
	for _, r := range rep.Results {
		outcome := trail.Failed
		switch {
		case r.OK():
			outcome = trail.Verified
		case r.Outcome == backend.DeleteUnknown:
			outcome = trail.Unknown
		case r.Outcome == backend.DeleteSkippedHidden:
			continue // nothing was asked of the server
		}
		a.recordOutcome(sys, verb, r.ID, "", outcome)
	}
}
