package ui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// ctrl+s writes the rows shown (filter and sort applied) as CSV, 0600,
// without a secret, in a command, and says where.
func TestExportWritesTheViewWithoutSecrets(t *testing.T) {
	_, _, fl := fakeServices()
	dir := filepath.Join(t.TempDir(), "exports")
	h := newHarness(t, Options{ExportDir: dir}, nil, nil, fl)
	h.keys("3", "a", "s") // all statuses; reveal f1's secret
	h.keys("/")
	h.typeText("linux")
	h.keys("enter", "I", "I") // by NAME, then descending: f3 (old), f1 (ci-runners)
	_, cmd := h.m.Update(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatal("written in Update, not in a command")
	}
	h.run(cmd)
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) != 1 {
		t.Fatalf("%v %v", ents, err)
	}
	path := filepath.Join(dir, ents[0].Name())
	data, _ := os.ReadFile(path)
	for _, secret := range fl.secrets {
		if strings.Contains(string(data), secret) {
			t.Fatalf("the export holds a secret:\n%s", data)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil || len(recs) != 3 || recs[1][1] != "f3" || recs[2][1] != "f1" {
		t.Fatalf("rows %q (%v)", recs, err)
	}
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v", fi.Mode().Perm())
		}
	}
	if scr := h.screen(); !strings.Contains(scr, "2 rows written to") || !strings.Contains(scr, "fleet-") {
		t.Fatalf("not said:\n%s", scr)
	}
}

// A failed export says why.
func TestExportFailureIsSaid(t *testing.T) {
	_, _, fl := fakeServices()
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	h := newHarness(t, Options{ExportDir: filepath.Join(file, "exports")}, nil, nil, fl)
	h.keys("3")
	h.send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	if scr := h.screen(); !strings.Contains(scr, "exporting the view") {
		t.Fatalf("not said:\n%s", scr)
	}
}
