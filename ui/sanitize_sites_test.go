package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/audit"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

// Each test here guards sanitizing calls of the UI that the wider sweeps
// (sanitize_test.go) do not reach: removing the call makes it fail. The
// list of the sites and their tests is in docs/safety-sites.md.

// hostileScreen fails when the screen holds a raw control, or lacks one
// of wants (each hostile string is shown escaped).
func hostileScreen(t *testing.T, h *harness, step string, wants ...string) {
	t.Helper()
	out := sgrRE.ReplaceAllString(h.m.View().Content, "")
	if raw := sanitizetest.Raw(out); raw != "" {
		t.Fatalf("%s: %q reached the terminal raw:\n%s", step, raw, out)
	}
	for _, w := range wants {
		if !strings.Contains(stripSpaces(out), stripSpaces(w)) {
			t.Fatalf("%s: %q is not shown:\n%s", step, w, out)
		}
	}
}

// wideHarness is newHarness on a 200×40 terminal, where every line of
// these screens fits whole.
func wideHarness(t *testing.T, opts Options, services ...backend.Service) *harness {
	t.Helper()
	h := newHarness(t, opts, services...)
	h.send(tea.WindowSizeMsg{Width: 200, Height: 40})
	return h
}

// wideFleet is wideHarness on the Fleet tab, Fleet's the only service.
func wideFleet(t *testing.T) (*harness, *fakeService) {
	t.Helper()
	_, _, fl := fakeServices()
	h := wideHarness(t, Options{}, nil, nil, fl)
	h.keys("3")
	return h, fl
}

// answer sends msg as a command's answer, one the spinner counted.
func (h *harness) answer(msg tea.Msg) {
	h.t.Helper()
	h.m.inflight++
	h.send(msg)
}

// forHostile runs f with each hostile string and its escaped form.
func forHostile(t *testing.T, f func(t *testing.T, bad, want string)) {
	for name, bad := range sanitizetest.Hostile {
		t.Run(name, func(t *testing.T) { f(t, bad, sanitize.Text(bad)) })
	}
}

// A failed first list says the server's reason in the status line and
// the body (list.go: the error's line, sanitized as the list answers).
func TestHostileListErrorIsShownEscaped(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, _ string) {
		_, _, fl := fakeServices()
		fl.listErr = errors.New("refused " + bad)
		h := wideHarness(t, Options{}, nil, nil, fl)
		h.keys("3")
		want := sanitize.Text(firstLine("refused " + bad)) // the first line only
		hostileScreen(t, h, "list failed", "could not list Fleet tokens: "+want, "Could not list tokens: "+want)
	})
}

// A profile named in the configuration with a control character is shown
// escaped in the picker (profile.go).
func TestHostileProfileNamesInThePicker(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		es, ec, fl := fakeServices()
		h := wideHarness(t, Options{Profile: "ops", Profiles: []string{"ops", "lab" + bad},
			SwitchProfile: func(string) (ProfileServices, error) { return ProfileServices{}, errors.New("not in this test") }}, es, ec, fl)
		h.keys("p")
		hostileScreen(t, h, "profile picker", "lab"+want)
	})
}

// The request log shows each request's path, which holds the servers'
// ids (requestlog.go).
func TestHostileRequestPathInTheLog(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		es, ec, fl := fakeServices()
		log := []backend.Request{{Start: now, Method: "DELETE", Path: "/api/fleet/enrollment_api_keys/" + bad, Status: 200}}
		h := wideHarness(t, Options{Requests: func() []backend.Request { return log }}, es, ec, fl)
		h.keys("@")
		hostileScreen(t, h, "request log", "/api/fleet/enrollment_api_keys/"+want)
	})
}

// The Audit view names the profile, and each finding's token, policy,
// message and fix (audit.go: sanitized as the findings come in).
func TestHostileAuditFindingsAreShownEscaped(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		es, ec, fl := fakeServices()
		h := wideHarness(t, Options{Profile: "prof" + bad}, es, ec, fl)
		h.keys("A")
		o, ok := h.m.overlay.(*auditOverlay)
		if !ok {
			t.Fatalf("no audit view:\n%s", h.screen())
		}
		h.answer(auditDoneMsg{run: o, findings: []audit.Finding{
			{Rule: "never-expires", Severity: audit.Medium, System: backend.Fleet, TokenID: "f1", TokenName: "n" + bad, Message: "m" + bad, Fix: "x" + bad},
		}})
		hostileScreen(t, h, "audit", "profile prof"+want, "n"+want, "m"+want, "fix: x"+want)
	})
}

// A create's failure shows in its form, which stays open with the values
// typed (create.go: formOverlay.failed).
func TestHostileCreateErrorInTheForm(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		es, ec, fl := fakeServices()
		h := wideHarness(t, Options{}, es, ec, fl)
		es.failNext = errors.New("refused " + bad)
		h.keys("n", "enter")
		if !isOverlay[*formOverlay](h.m) {
			t.Fatalf("the form closed:\n%s", h.screen())
		}
		hostileScreen(t, h, "create form", "✗ "+sanitize.Text(firstLine("refused "+bad)))
	})
}

// The result panel describes the new token and shows its secret: both
// come from the server (result.go).
func TestHostileCreatedTokenOnTheResultPanel(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		es, ec, fl := fakeServices()
		h := wideHarness(t, Options{}, es, ec, fl)
		h.keys("3", "n")
		h.m.overlay = nil
		h.m.onCreated(createdMsg{tab: 2, req: 1, created: backend.Created{
			Token:  backend.Token{System: backend.Fleet, ID: "id" + bad, Name: "name" + bad, PolicyID: "p1", PolicyName: "pol" + bad, Status: backend.Active},
			Secret: backend.NewSecret("SECRET" + bad)}})
		hostileScreen(t, h, "result panel", "name"+want+" (policy pol"+want+")")
		h.keys("s")
		hostileScreen(t, h, "result panel, secret shown", "SECRET"+want)
	})
}

// The full-screen detail wraps a shown enroll command for its shell; the
// command holds the servers' values (an ECE token's roles) and is shown
// escaped (enroll_command.go: enrollEntry.wrap).
func TestHostileValuesInAShownCommandFullScreen(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		_, ec, _ := fakeServices()
		ec.tokens = []backend.Token{{System: backend.ECE, ID: "e1", Roles: []string{"r" + bad}, Persistent: true, Status: backend.Active}}
		h := wideHarness(t, Options{}, nil, ec)
		h.keys("2")
		tb := h.m.tabs[1]
		tb.made["e1"] = true // made in this run: its secret is at hand
		tb.revealed["e1"] = reveal{secret: backend.NewSecret("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig"), until: now.Add(time.Hour)}
		h.keys("enter")
		if !h.m.full {
			t.Fatalf("not full screen:\n%s", h.screen())
		}
		hostileScreen(t, h, "full detail, command shown", "r"+want)
	})
}

// In a view of all profiles, a list that failed in some profiles names
// them in the status line (list.go).
func TestHostileFailingProfileNames(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		h, fl := wideFleet(t)
		h.answer(listMsg{tab: 2, req: h.m.tabs[2].listReq, tokens: fl.tokens, err: partialList{"lab" + bad}})
		hostileScreen(t, h, "partial list", "✗ failing: lab"+want)
	})
}

// partialList is the error of a list of all profiles that failed in some.
type partialList []string

func (p partialList) Error() string            { return "some profiles failed" }
func (p partialList) FailedProfiles() []string { return p }

// A delete's report may name a token the UI did not ask about (its id is
// all there is to name it by): shown escaped too (delete.go).
func TestHostileUnknownIDInADeleteReport(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		h, _ := wideFleet(t)
		h.answer(deletedMsg{tab: 2, report: backend.DeleteReport{Results: []backend.DeleteResult{
			{ID: "f1", Outcome: backend.DeleteDeleted}, {ID: "id" + bad, Outcome: backend.DeleteFailed, Reason: "no"}}}})
		hostileScreen(t, h, "delete report", "✗ id"+want+": ")
	})
}

// Why a token has no enroll command is a server's text (enroll_command.go:
// sanitized as the target's answer comes in).
func TestHostileEnrollTargetError(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		es, _, _ := fakeServices()
		h := wideHarness(t, Options{}, es)
		tb := h.m.tabs[0]
		tok, _ := tb.selected()
		h.answer(enrollMsg{tab: 0, from: tb, key: tb.kind.enrollKey(tok), err: errors.New("refused " + bad)})
		hostileScreen(t, h, "detail pane", "(no enroll command: refused "+want+")")
	})
}

// A run's summary (what E enrolled, what v proved) names the servers'
// objects: shown escaped at the end of the panel (enroll_panel.go).
func TestHostileSummaryEndsTheEnrollPanel(t *testing.T) {
	forHostile(t, func(t *testing.T, bad, want string) {
		es, _, _ := fakeServices()
		h := wideHarness(t, Options{}, es)
		h.m.startPanel(0, backend.Token{}, backend.Secret{}, nil, "Verify", false, nil) // its work is not run
		h.send(panelDoneMsg{run: h.m.enr.seq, summary: "agent " + bad + " enrolled"})
		hostileScreen(t, h, "panel", "✓ agent "+want+" enrolled")
	})
}

// In presenter mode the result panel keeps a new token's secret masked,
// and s does not show it (result.go).
func TestPresenterModeMasksTheNewSecret(t *testing.T) {
	es, _, _ := fakeServices()
	h := wideHarness(t, Options{Presenter: true}, es)
	h.keys("n", "enter", "s")
	if !isOverlay[*result](h.m) {
		t.Fatalf("no result panel:\n%s", h.screen())
	}
	scr := h.screen()
	if strings.Contains(scr, "SECRET-new-1") || !strings.Contains(scr, "(presenter mode: hidden; c copies it)") {
		t.Fatalf("the secret is drawn in presenter mode:\n%s", scr)
	}
}
