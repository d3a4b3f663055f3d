package main

import (
	"encoding/csv"
	"strings"
	"testing"
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
