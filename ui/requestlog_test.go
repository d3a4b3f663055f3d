package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
)

// @ shows this session's requests: method, path, status, time.
func TestRequestLogShowsTheSessionsRequests(t *testing.T) {
	_, _, fl := fakeServices()
	reqs := []backend.Request{
		{Start: now, Method: "GET", Path: "/api/fleet/enrollment_api_keys", Status: 200, Duration: 12 * time.Millisecond},
		{Start: now, Method: "DELETE", Path: "/api/fleet/enrollment_api_keys/f1", Status: 404, Duration: 3 * time.Millisecond},
		{Start: now, Method: "POST", Path: "/x\x1b[31m", Status: 0},
	}
	h := newHarness(t, Options{Requests: func() []backend.Request { return reqs }}, nil, nil, fl)
	h.keys("3", "@")
	scr := h.screen()
	for _, want := range []string{"Requests of this session (3)", "GET", "/api/fleet/enrollment_api_keys", "200", "DELETE", "404", "12ms", `/x\x1b[31m`} {
		if !strings.Contains(scr, want) {
			t.Fatalf("lacks %q:\n%s", want, scr)
		}
	}
	h.keys("q")
	if h.m.overlay != nil || h.quit {
		t.Fatal("a key closes the log without quitting")
	}
}
