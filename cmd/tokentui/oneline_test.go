package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
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
	s, env := stackEnv(t)
	forged := "id\nforged: yes"
	kuery := "active: true or\nactive: true"
	// A policy named with a line break, with a revoked token to purge.
	s.Fleet.AddPolicy(sim.AgentPolicy{ID: "policy-forged", Name: "Edge\nforged: yes", Namespace: "default"})
	s.Fleet.Revoke(s.Fleet.AddToken("policy-forged", "old", 0, time.Now()).ID)
	for _, args := range [][]string{
		{"ece", "delete", forged}, {"ece", "rotate", forged}, {"es", "revoke", forged}, {"fleet", "revoke", forged},
		{"fleet", "delete", forged}, {"fleet", "purge", "--policy", "Edge\nforged: yes"}, {"fleet", "purge", "--kuery", kuery},
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

// fleet rotate asks before revoking the old token, naming it by the id
// the server gave: on one line, whatever that id holds.
func TestRotateQuestionStaysOnOneLine(t *testing.T) {
	s, env := stackEnv(t)
	id := s.Fleet.AddToken("policy-linux-servers", "old", 0, time.Now()).ID
	read := "/api/fleet/enrollment_api_keys/" + id
	// The token's read answers an id with a line break in it.
	kb := simtest.NewHostile(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "GET" || r.URL.Path != read {
			s.Fleet.Handler().ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		s.Fleet.Handler().ServeHTTP(rec, r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(bytes.ReplaceAll(rec.Body.Bytes(), []byte(id), []byte(id+`\nforged: yes`)))
	}), "")
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, slices.Concat(s.CA.PEM, kb.CAPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	env["KIBANA_URL"], env["TOKENTUI_CA_CERT"] = kb.URL, ca
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader("n\n"), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return env[k] }, isTerminal: func() bool { return true }}
	run(a, []string{"fleet", "rotate", "--no-expiration", id})
	for _, l := range strings.Split(errb.String(), "\n") {
		if strings.Contains(l, "Revoke the old token") {
			if !strings.Contains(l, `forged: yes now? Whatever`) {
				t.Fatalf("the question spans lines:\n%s", errb.String())
			}
			return
		}
	}
	t.Fatalf("no question about the old token:\nstdout: %s\nstderr: %s", out.String(), errb.String())
}
