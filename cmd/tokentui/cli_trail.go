package main

import (
	"fmt"
	"sync"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/trail"
	"github.com/tokentui/tokentui/config"
)

// session is what a run learns as it goes, for the audit trail and the
// UI's request log.
type session struct {
	profile  string // the profile the last config load resolved (under mu)
	auditOff bool   // audit_log = false (under mu)

	mu       sync.Mutex
	requests []backend.Request
	count    int // requests in all (the log keeps the latest)
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) >= maxRequests {
		s.requests = append(s.requests[:0], s.requests[len(s.requests)-maxRequests/2:]...)
	}
	s.requests = append(s.requests, r)
	s.count++
}

// requestCount is how many requests the session made: progress lines
// count them.
func (s *session) requestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
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

// recordMutation appends one audit trail entry for a change the CLI
// made (err is its outcome; slot holds the server's status of it). A
// trail that cannot be written is said on stderr: the change itself is
// done and stays said.
func (a *app) recordMutation(sys backend.System, verb, id, name string, err error, slot *backend.StatusSlot) {
	a.warnAudit(a.auditor().Record(sys, verb, id, name, err, slot.Status()))
}

// recordDeletes appends one entry per token of a delete or purge report.
func (a *app) recordDeletes(sys backend.System, verb string, rep backend.DeleteReport) {
	a.warnAudit(a.auditor().RecordDeletes(sys, verb, rep))
}

func (a *app) warnAudit(err error) {
	if err != nil {
		printError(a.stderr, fmt.Errorf("warning: %w (audit_log = false in the config file turns the trail off)", err))
	}
}

// auditor is the run's backend.Auditor: the CLI's and the UI's changes
// go through it.
func (a *app) auditor() backend.Auditor { return &trailAuditor{a: a} }

type trailAuditor struct{ a *app }

func (t *trailAuditor) append(e trail.Entry) error {
	profile, off := t.a.session().auditContext()
	e.Profile = profile
	return trail.Open(config.StateDir(t.a.getenv), !off).Append(e)
}

func (t *trailAuditor) Record(sys backend.System, verb, id, name string, err error, status int) error {
	return t.append(trail.Entry{System: sys, Verb: verb, TokenID: id, TokenName: name, Outcome: trail.OutcomeOf(err), Status: status})
}

// RecordDeletes writes one entry per token asked for (a hidden one
// skipped was not asked of the server). A bulk delete's answer is not
// per token, so no status is recorded.
func (t *trailAuditor) RecordDeletes(sys backend.System, verb string, rep backend.DeleteReport) error {
	for _, r := range rep.Results {
		outcome := trail.Failed
		switch {
		case r.OK():
			outcome = trail.Verified
		case r.Outcome == backend.DeleteUnknown:
			outcome = trail.Unknown
		case r.Outcome == backend.DeleteSkippedHidden:
			continue
		}
		if err := t.append(trail.Entry{System: sys, Verb: verb, TokenID: r.ID, Outcome: outcome}); err != nil {
			return err
		}
	}
	return nil
}
