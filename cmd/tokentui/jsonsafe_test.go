package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// -o json carries no raw C1 or bidi control: they are \u escapes, and the
// JSON still decodes to the exact name.
func TestJSONOutputEscapesC1AndBidi(t *testing.T) {
	s, env := stackEnv(t)
	name := "evil\u009b31m\u202eexe.txt\u2066x\u0085"
	s.Fleet.AddToken("policy-linux-servers", name, 0, time.Now().Add(-time.Minute))
	r := cli(t, env, "", "fleet", "list", "-o", "json").want(t, 0)
	for _, raw := range []string{"\u009b", "\u202e", "\u2066", "\u0085"} {
		if strings.Contains(r.stdout, raw) {
			t.Fatalf("raw %U in the JSON output", []rune(raw)[0])
		}
	}
	if !strings.Contains(r.stdout, `\u009b31m\u202eexe.txt\u2066x\u0085`) {
		t.Fatalf("want \\u escapes: %s", r.stdout)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		found = found || row["name"] == name
	}
	if !found {
		t.Fatal("the exact name does not come back from the JSON")
	}
}
