package ui

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

type auditEntry struct {
	sys      backend.System
	verb, id string
	name     string
	failed   bool
}

type fakeAuditor struct {
	mu      sync.Mutex
	entries []auditEntry
	fail    error
}

func (f *fakeAuditor) Record(sys backend.System, verb, id, name string, err error, _ int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.entries = append(f.entries, auditEntry{sys, verb, id, name, err != nil})
	return f.fail
}

func (f *fakeAuditor) RecordDeletes(sys backend.System, verb string, rep backend.DeleteReport) error {
	for _, r := range rep.Results {
		f.Record(sys, verb, r.ID, "", nil, 0)
	}
	return f.fail
}

// The UI's create, revoke and delete reach the audit trail.
func TestUIChangesAreAudited(t *testing.T) {
	_, _, fl := fakeServices()
	aud := &fakeAuditor{}
	h := newHarness(t, Options{Audit: aud}, nil, nil, fl)
	h.keys("3", "x", "y") // revoke f1
	h.keys("down", "D")
	h.keys("y")
	var got []string
	for _, e := range aud.entries {
		got = append(got, e.verb+" "+e.id+" "+e.name)
	}
	if len(got) < 2 || got[0] != "revoke f1 ci-runners" || !strings.HasPrefix(got[1], "delete ") {
		t.Fatalf("entries %q\n%s", got, h.screen())
	}
}

// A trail that cannot be written is said; the change stays said.
func TestUIAuditFailureIsSaid(t *testing.T) {
	_, _, fl := fakeServices()
	h := newHarness(t, Options{Audit: &fakeAuditor{fail: errors.New("audit trail: disk full")}}, nil, nil, fl)
	h.keys("3", "x", "y")
	if scr := h.screen(); !strings.Contains(scr, "audit trail could not be written") {
		t.Fatalf("not said:\n%s", scr)
	}
}
