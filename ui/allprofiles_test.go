package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/allprofiles"
)

// allProfilesHarness: prod (ES, Fleet) and staging (Fleet; its ES down),
// with p offering all profiles.
func allProfilesHarness(t *testing.T) (h *harness, prodFleet, stagFleet *fakeService) {
	es, _, fl := fakeServices()
	stag := &fakeService{sys: backend.Fleet, secrets: map[string]string{"s1": "U1RBRy1TRUNSRVQ="}, tokens: []backend.Token{
		{System: backend.Fleet, ID: "s1", Name: "staging-token", PolicyName: "Staging", Status: backend.Active, Created: now},
		// the same id as a prod token: the audit lands on the finding's profile's
		{System: backend.Fleet, ID: "f2", Name: "staging-laptops", PolicyName: "Staging", Status: backend.Active, Created: now}}}
	stagES := &fakeService{sys: backend.Elasticsearch, listErr: errors.New("connection refused")}
	h = newHarness(t, Options{Profile: "prod", Profiles: []string{"prod", "staging"},
		SwitchProfile: func(name string) (ProfileServices, error) {
			if name != AllProfiles {
				return ProfileServices{}, errors.New("unexpected profile " + name)
			}
			tabs := testTabs([]backend.Service{
				allprofiles.New(backend.Elasticsearch, []allprofiles.Member{{Profile: "prod", Service: es}, {Profile: "staging", Service: stagES}}),
				nil,
				allprofiles.New(backend.Fleet, []allprofiles.Member{{Profile: "prod", Service: deleterFake{fl}}, {Profile: "staging", Service: deleterFake{stag}}}),
			})
			return ProfileServices{Name: AllProfiles, Tabs: tabs}, nil
		}}, es, nil, fl)
	h.keys("p")
	if scr := h.screen(); !strings.Contains(scr, AllProfiles) {
		t.Fatalf("p offers all profiles:\n%s", scr)
	}
	h.typeText("all")
	h.keys("enter")
	return h, fl, stag
}

func TestAllProfilesRowsNameTheirProfileAndActionsGoThere(t *testing.T) {
	h, prod, stag := allProfilesHarness(t)
	h.keys("3")
	scr := h.screen()
	if !strings.Contains(scr, "Profile   prod") || !strings.Contains(scr, "prod│ci-runners") || !strings.Contains(scr, "staging│staging-token") || !strings.Contains(scr, AllProfiles) {
		t.Fatalf("every profile's rows, named by profile:\n%s", scr)
	}
	h.keys("/")
	h.typeText("staging-token")
	h.keys("enter", "x")
	if scr := h.screen(); !isOverlay[*confirmOverlay](h.m) || !strings.Contains(scr, "in profile staging") {
		t.Fatalf("the confirmation names the profile:\n%s", scr)
	}
	h.keys("y")
	if !slices.Equal(stag.revoked, []string{"s1"}) || len(prod.revoked) != 0 {
		t.Fatalf("the revoke goes to the row's profile: staging %v, prod %v", stag.revoked, prod.revoked)
	}
	h.keys("n")
	if scr := h.screen(); !strings.Contains(scr, "pick one profile with p") || len(stag.created)+len(prod.created) != 0 {
		t.Fatalf("all profiles creates in none, and says how to create:\n%s", scr)
	}
}

func TestAllProfilesShowsAFailingProfileBesideTheOthers(t *testing.T) {
	h, _, _ := allProfilesHarness(t)
	h.keys("1")
	scr := h.screen()
	if !strings.Contains(scr, "prod│esKey1") || !strings.Contains(scr, "failing: staging") {
		t.Fatalf("prod's tokens list while staging fails:\n%s", scr)
	}
}

func TestAllProfilesRotateCreatesInTheRowsProfile(t *testing.T) {
	h, prod, stag := allProfilesHarness(t)
	h.keys("3", "/")
	h.typeText("staging-token")
	h.keys("enter", "R")
	if scr := h.screen(); !strings.Contains(scr, "in profile staging") {
		t.Fatalf("the rotate names the profile:\n%s", scr)
	}
	h.keys("y")
	if len(stag.created) != 1 || len(prod.created) != 0 {
		t.Fatalf("the new token is made in the old one's profile: staging %v, prod %v", stag.created, prod.created)
	}
}

func TestAllProfilesAuditCoversEveryProfileAndLandsInIt(t *testing.T) {
	h, _, _ := allProfilesHarness(t)
	h.keys("A")
	o, ok := h.m.overlay.(*auditOverlay)
	if !ok || o.loading {
		t.Fatalf("audit view: %T", h.m.overlay)
	}
	at, profiles := -1, map[string]bool{}
	for i, f := range o.findings {
		profiles[f.Profile] = true
		if f.Profile == "staging" && f.TokenID == "f2" && f.Rule == "never-expires" {
			at = i
		}
	}
	if at < 0 || !profiles["prod"] || !strings.Contains(h.screen(), "staging│staging-token") {
		t.Fatalf("findings of every profile, named by profile: %+v\n%s", o.findings, h.screen())
	}
	for range at {
		h.keys("down")
	}
	h.keys("enter")
	if tok, _ := h.m.current().selected(); h.m.active != 2 || tok.ID != "f2" || tok.Profile != "staging" {
		t.Fatalf("landed on %+v in tab %d, want staging's f2", tok, h.m.active)
	}
}

func TestAllProfilesFilterMatchesTheProfile(t *testing.T) {
	h, _, _ := allProfilesHarness(t)
	h.keys("3", "/")
	h.typeText("prod")
	h.keys("enter")
	if scr := h.screen(); !strings.Contains(scr, "prod│ci-runners") || strings.Contains(scr, "staging│") {
		t.Fatalf("/prod shows prod's rows only:\n%s", scr)
	}
}
