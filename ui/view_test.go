package ui

import (
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/tokentui/tokentui/backend"
)

// Snapshots of every tab and of the main overlays at the sizes people
// use: a wide screen, a laptop, a bastion's 80×24 and the 60×16 minimum.
// The fake secrets must never reach them.
func TestViewSnapshots(t *testing.T) {
	for _, size := range []struct{ w, h int }{{200, 55}, {120, 35}, {80, 24}, {60, 16}} {
		es, ece, fl := fakeServices()
		h := newHarness(t, Options{Demo: true, Profile: "demo", Tabs: testTabs([]backend.Service{es, ece, fl},
			"https://es.example:9200", "https://ece.example:12443", "https://kibana.example:5601")})
		h.send(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		name := func(s string) string { return s + "-" + strconv.Itoa(size.w) + "x" + strconv.Itoa(size.h) }
		snap := func(s string) {
			t.Helper()
			scr := h.screen()
			for _, secret := range []string{"RkxFRVQtU0VDUkVULTE=", "RkxFRVQtU0VDUkVULTI=", "SECRET-new"} {
				if strings.Contains(scr, secret) {
					t.Fatalf("%s shows a secret", s)
				}
			}
			// testdata/TestViewSnapshots/<name>.golden; go test ./ui -update rewrites.
			t.Run(name(s), func(t *testing.T) { golden.RequireEqual(t, scr) })
		}
		for _, step := range []struct {
			keys []string
			name string
		}{
			{nil, "elasticsearch"}, {[]string{"2"}, "ece"}, {[]string{"n"}, "ece-form"}, {[]string{"esc", "3"}, "fleet"},
			{[]string{"a", "j"}, "fleet-all"}, {[]string{"x"}, "fleet-confirm"}, {[]string{"esc", "n"}, "fleet-form"},
			{[]string{"esc", "?"}, "help"}, {[]string{"esc", "k", "enter"}, "fleet-detail"},
			{[]string{"esc", "1", "n", "enter"}, "elasticsearch-result"},
		} {
			h.keys(step.keys...)
			snap(step.name)
		}
	}
}

func TestNoColorKeepsStateVisible(t *testing.T) {
	h, _ := fleetHarness(t)
	h.keys("3", "a")
	scr := h.screen() // colours stripped: what NO_COLOR shows
	for _, want := range []string{"● active", "✕ revoked", "▌"} {
		if !strings.Contains(scr, want) {
			t.Fatalf("without colour the screen still says %q:\n%s", want, scr)
		}
	}
}

func TestWrapCommandBreaksAtSpacesOnly(t *testing.T) {
	cmd := "sudo ./elastic-agent install --url=https://fleet-server.example.com:8220 --enrollment-token=VG9rZW4xMjM0NTY3ODkwOnNlY3JldA=="
	got := wrapAtSpaces(cmd, 60)
	if !strings.Contains(got, "\n--enrollment-token=VG9rZW4xMjM0NTY3ODkwOnNlY3JldA==") {
		t.Fatalf("%q", got)
	}
	long := strings.Repeat("A", 130)
	if got := wrapAtSpaces(long, 60); strings.Join(strings.Split(got, "\n"), "") != long || len(strings.Split(got, "\n")) != 3 {
		t.Fatalf("a long word is cut at the width: %q", got)
	}
}
