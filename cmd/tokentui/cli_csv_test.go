package main

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Every list command prints -o csv: a header, then one record per row;
// any other command refuses it (exit 2) before acting.
func TestListCommandsPrintCSV(t *testing.T) {
	_, env := stackEnv(t)
	for path := range csvCommands {
		args := append(strings.Fields(strings.TrimPrefix(path, "tokentui")), "-o", "csv")
		r := cli(t, env, "", args...).want(t, 0)
		recs, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil || len(recs) < 2 || !strings.Contains(strings.Join(recs[0], ","), "id") {
			t.Errorf("%s: %v %q", path, err, r.stdout)
		}
	}
	cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers", "-o", "csv").want(t, exitUsage, "-o csv is for list commands")
	cli(t, env, "", "es", "list", "-o", "yaml").want(t, exitUsage, "text, json or csv")
}

// A long CSV of names with accents reaches the terminal as written:
// encoding/csv flushes every 4 KiB, wherever a character falls, and the
// sanitizing boundary joins what it cut.
func TestCSVKeepsCharactersCutByItsBuffer(t *testing.T) {
	s, env := stackEnv(t)
	for i := range 300 {
		s.Fleet.AddToken("policy-linux-servers", fmt.Sprintf("%s-%03d", strings.Repeat("ü", 40), i), 0, time.Now())
	}
	r := cli(t, env, "", "fleet", "list", "--all", "-o", "csv").want(t, 0)
	name := strings.Repeat("ü", 40) + "-"
	if strings.Contains(r.stdout, `\x`) || strings.Count(r.stdout, name) != 300 {
		t.Errorf("%d names whole; escaped bytes: %v", strings.Count(r.stdout, name), strings.Contains(r.stdout, `\x`))
	}
}
