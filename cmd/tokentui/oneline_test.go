package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

// The sanitizing writer under the CLI escapes what reaches the terminal,
// but only after text/tabwriter has measured each cell: a cell is escaped
// before it is laid out (textf), or its escaped form is wider than the
// column it was given and a tab in it makes a column of its own.
func TestHostileCellsKeepTableColumnsAligned(t *testing.T) {
	hostileName := "n" + sanitizetest.Hostile["osc52"] + "\tx\x07"
	now := time.Now().Truncate(time.Second)

	s, env := stackEnv(t)
	plain := s.Fleet.AddToken("policy-linux-servers", "plain", 0, now).ID
	bad := s.Fleet.AddToken("policy-linux-servers", hostileName, 0, now).ID
	r := cli(t, env, "", "fleet", "list", "--all").want(t, 0)
	sameColumns(t, "fleet list", r.stdout, "POLICY", plain, bad)

	stacks, env2, _ := twoProfiles(t)
	plain = stacks[0].Fleet.AddToken("policy-linux-servers", "plain", 0, now).ID
	bad = stacks[0].Fleet.AddToken("policy-linux-servers", hostileName, 0, now).ID
	r = cli(t, env2, "", "fleet", "list", "--all-profiles", "--all").want(t, 0)
	sameColumns(t, "fleet list --all-profiles", r.stdout, "POLICY", plain, bad)
}

// sameColumns fails unless the rows naming the ids a and b (same policy,
// status and dates) read the same from the header's column col onward.
func sameColumns(t *testing.T, what, table, col, a, b string) {
	t.Helper()
	lines := strings.Split(table, "\n")
	at := strings.Index(lines[0], col)
	if at < 0 {
		t.Fatalf("%s: no %s column:\n%s", what, col, table)
	}
	at = utf8.RuneCountInString(lines[0][:at])
	from := func(id string) string {
		for _, l := range lines[1:] {
			if strings.Contains(l, id) {
				return string([]rune(l)[min(at, utf8.RuneCountInString(l)):])
			}
		}
		t.Fatalf("%s: no row for %s:\n%s", what, id, table)
		return ""
	}
	if x, y := from(a), from(b); x != y || x == "" {
		t.Fatalf("%s: the hostile row's columns moved (%q vs %q):\n%s", what, y, x, table)
	}
}

// A value the sanitizing writer would keep on two lines (it keeps line
// breaks) stays on one in a question, an error and --format output: a
// line break in an id cannot forge a line of the program's own.
func TestServerValuesStayOnOneLine(t *testing.T) {
	_, env := stackEnv(t)
	forged := "id\nforged: yes"
	kuery := "active: true or\nactive: true"
	for _, args := range [][]string{
		{"ece", "delete", forged}, {"ece", "rotate", forged}, {"es", "revoke", forged}, {"fleet", "revoke", forged},
		{"fleet", "delete", forged}, {"fleet", "purge", "--policy", forged}, {"fleet", "purge", "--kuery", kuery},
	} {
		v := args[len(args)-1]
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader("n\n"), stdout: &out, stderr: &errb,
			getenv: func(k string) string { return env[k] }, isTerminal: func() bool { return true }}
		run(a, args)
		all := out.String() + errb.String()
		if !strings.Contains(all, sanitize.Text(v)) || strings.Contains(all, v) {
			t.Fatalf("%s: the id is not shown on one line:\n%s", strings.Join(args, " "), all)
		}
	}

	// --format: every value of a token stays on its token's line.
	_, _, henv, proxies := hostileStack(t)
	proxies[2].SpoilCreates(true)
	for _, args := range [][]string{
		{"ece", "list", "--format", "{{.TokenID}}<sep>{{.Roles}}"},
		{"ece", "create", "--role", "proxy", "--format", "{{.TokenID}}<sep>{{.Token}}"},
	} {
		r := cli(t, henv, "", args...)
		for _, l := range strings.Split(r.stdout, "\n") {
			if l != "" && (strings.Count(l, "<sep>") != 1 || !strings.Contains(l, `\n`)) || r.stdout == "" {
				t.Fatalf("%s: a token's values span lines (exit %d):\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
			}
		}
	}
}
