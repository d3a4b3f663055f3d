package main

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestListAllProfiles(t *testing.T) {
	stacks, env, path := twoProfiles(t)
	r := cli(t, env, "", "fleet", "list", "--all-profiles", "--policy", "Edge proxies").want(t, 0, "PROFILE", "demo1", "demo2", "edge-2026")
	if strings.Count(r.stdout, "\n") != 5 {
		t.Fatalf("2 tokens per profile and a header:\n%s", r.stdout)
	}
	var rows []map[string]any
	r = cli(t, env, "", "ece", "list", "--all-profiles", "-o", "json").want(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	profiles := map[any]int{}
	for _, row := range rows {
		profiles[row["profile"]]++
		if row["token_id"] == nil {
			t.Fatalf("row without its token: %v", row)
		}
	}
	if profiles["demo1"] == 0 || profiles["demo2"] == 0 {
		t.Fatalf("profiles %v", profiles)
	}
	cli(t, env, "", "fleet", "list", "--all-profiles", "--profile", "demo1").want(t, exitUsage, "exclude each other")

	raw, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(raw), stacks[1].ESURL, "https://127.0.0.1:1", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r = cli(t, env, "", "es", "list", "--all-profiles").want(t, exitFailure, "demo2     FAILED:", "1 of 2 profiles could not be listed")
	if !strings.Contains(r.stdout, "demo1 ") {
		t.Fatalf("demo1 not listed beside the failing demo2:\n%s", r.stdout)
	}
	r = cli(t, env, "", "es", "list", "--all-profiles", "-o", "json").want(t, exitFailure)
	if !strings.Contains(r.stdout, `"error": `) || !strings.Contains(r.stdout, `"profile": "demo1"`) {
		t.Fatalf("json:\n%s", r.stdout)
	}
}

// A profile named twice, even apart, is read (and audited) once, in the
// order first given.
func TestProfilesNamedTwiceAreReadOnce(t *testing.T) {
	a := &app{}
	got, err := a.profiles(profileFlags{names: []string{"a", "b", "a", "c", "b"}})
	if err != nil || !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Fatalf("profiles %v, %v", got, err)
	}
}

// -o csv with --all-profiles is refused, not answered with a text table.
func TestAllProfilesRefusesCSV(t *testing.T) {
	_, env, _ := twoProfiles(t)
	cli(t, env, "", "fleet", "list", "--all-profiles", "-o", "csv").want(t, exitUsage, "-o csv does not combine with --all-profiles")
}
