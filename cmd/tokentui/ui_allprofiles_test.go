package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/allprofiles"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/ui"
)

// p's all profiles joins every profile's services per tab: tokens of
// both Stacks with their profile, and a profile that cannot load shown
// failing beside them.
func TestAllProfileServicesJoinEveryProfile(t *testing.T) {
	var stacks []*sim.Stack
	for seed := range uint64(2) {
		s, err := sim.Start(sim.Options{Seed: seed + 1})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stacks = append(stacks, s)
	}
	path, err := writeDemoConfig(t.TempDir(), stacks)
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	a := &app{g: globals{output: "text"}, getenv: func(k string) string {
		switch k {
		case "TOKENTUI_CONFIG":
			return path
		case "HOME":
			return home
		}
		return ""
	}, stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: &strings.Builder{}, isTerminal: func() bool { return false }}
	all := allProfileServices(a, []string{"demo1", "demo2", "missing"})
	if all.Name != ui.AllProfiles || len(all.Tabs) != len(uiKinds()) {
		t.Fatalf("%+v", all)
	}
	for i, tab := range all.Tabs {
		if tab.Service == nil {
			t.Fatalf("tab %d has no service: %s", i, tab.Hint)
		}
		tokens, err := tab.Service.List(context.Background())
		seen := map[string]bool{}
		for _, tok := range tokens {
			seen[tok.Profile] = true
		}
		var pe *allprofiles.PartialError
		if !seen["demo1"] || !seen["demo2"] || !errors.As(err, &pe) || strings.Join(pe.FailedProfiles(), ",") != "missing" {
			t.Fatalf("%s: profiles %v, err %v", tab.Kind.System(), seen, err)
		}
	}
	if _, ok := all.Tabs[2].Service.(backend.Deleter); !ok {
		t.Fatal("the joined Fleet tab deletes")
	}
}

// --demo runs two Stacks as two profiles and opens on all profiles.
func TestDemoOffersAllProfiles(t *testing.T) {
	a := &app{getenv: func(string) string { return "" }}
	stack, others, model, err := buildDemo(context.Background(), a, uiFlags{demo: true, seed: 1}, clipboard.Off, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(others) != demoProfiles-1 || model == nil {
		t.Fatalf("stacks %d", len(others)+1)
	}
	model.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
	if m := model.View().Content; !strings.Contains(m, "profile "+demoProfileName(1)) {
		t.Fatalf("the demo opens on %s, where a create works:\n%s", demoProfileName(1), m)
	}
	model.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
	if m := model.View().Content; !strings.Contains(m, ui.AllProfiles) || !strings.Contains(m, demoProfileName(2)) {
		t.Fatalf("p offers all profiles and every demo profile:\n%s", m)
	}
	stack.Close()
	for _, s := range others {
		s.Close()
	}
}
