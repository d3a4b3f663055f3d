package ui

import "testing"

// p opens the profile picker on the current profile, so enter alone keeps
// it (and ↑/↓ start from where the user is).
func TestProfilePickerStartsOnTheCurrentProfile(t *testing.T) {
	es, _, _ := fakeServices()
	switched := ""
	h := newHarness(t, Options{Profile: "staging", Profiles: []string{"prod", "staging", "lab"},
		SwitchProfile: func(name string) (ProfileServices, error) { switched = name; return ProfileServices{}, nil }}, es)
	h.keys("p")
	o, ok := h.m.overlay.(*formOverlay)
	if !ok {
		t.Fatalf("p opened %T", h.m.overlay)
	}
	if got := o.form.Value("profile"); got != "staging" {
		t.Fatalf("the picker starts on %q, want the current profile staging", got)
	}
	h.keys("enter")
	if switched != "" {
		t.Fatalf("enter on the current profile switched to %q", switched)
	}
}
