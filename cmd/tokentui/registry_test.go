package main

import (
	"slices"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/system"
	"github.com/tokentui/tokentui/backend/transport"
	"github.com/tokentui/tokentui/ui"
)

// missingPieces names what a registry row lacks, across packages: the
// row's own pieces (name, section, environment and credential variables,
// hint, client constructor), and those registered by the system's name
// (UI kind, CLI command group, enroll commands, simulator).
func missingPieces(row system.Row) []string {
	out := row.Missing()
	if _, ok := ui.KindOf(row.System); !ok {
		out = append(out, "UI kind")
	}
	if cliGroups[row.System] == nil {
		out = append(out, "CLI command group")
	}
	if !enrollcmd.Registered(row.System) {
		out = append(out, "enroll commands")
	}
	if simulators[row.System] == nil {
		out = append(out, "simulator")
	}
	return out
}

func TestRegistryRowsAreWhole(t *testing.T) {
	rows := system.All()
	var names []backend.System
	for _, row := range rows {
		names = append(names, row.System)
		if missing := missingPieces(row); missing != nil {
			t.Errorf("the %s row lacks %v", row.System, missing)
		}
	}
	if want := []backend.System{backend.Elasticsearch, backend.Fleet, backend.ECE}; !slices.Equal(names, want) {
		t.Errorf("rows %v, want %v", names, want)
	}
	// Nothing is registered by name for a system without a row.
	var byName []backend.System
	for _, k := range ui.Kinds() {
		byName = append(byName, k.System())
	}
	for sys := range cliGroups {
		byName = append(byName, sys)
	}
	for sys := range simulators {
		byName = append(byName, sys)
	}
	for _, sys := range byName {
		if _, ok := system.Lookup(sys); !ok {
			t.Errorf("%s has a kind, group or simulator but no registry row", sys)
		}
	}
	if kinds := uiKinds(); len(kinds) != 3 || kinds[0] != ui.Elasticsearch || kinds[1] != ui.ECE || kinds[2] != ui.Fleet {
		t.Errorf("the tabs are %v, want Elasticsearch, ECE, Fleet", kinds)
	}
}

// The check above fails for a row that has only its backend pieces.
func TestMissingPiecesNamesEachPieceLacking(t *testing.T) {
	remove := system.Register(system.Row{System: "partial", Title: "Partial", Section: "partial", Server: "Partial",
		Env:  system.Env{URL: "PARTIAL_URL", Username: "PARTIAL_USER", Password: "PARTIAL_PASS", APIKey: "PARTIAL_KEY"},
		Hint: "set PARTIAL_URL",
		New:  func(transport.Config, system.Settings) (backend.Service, error) { return nil, nil }})
	defer remove()
	row, _ := system.Lookup("partial")
	want := []string{"UI kind", "CLI command group", "enroll commands", "simulator"}
	if got := missingPieces(row); !slices.Equal(got, want) {
		t.Fatalf("missingPieces = %q, want %q", got, want)
	}
}
