package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// sweepBad is every hostile string at once (ESC and OSC 52, C1, bidi
// overrides, CR/LF, invalid UTF-8, ...) and shell metacharacters: one
// value that no output path may print raw.
var sweepBad = sanitizetest.All()

// hostileStack serves a simulated Stack behind proxies that make every
// server-chosen text of its reads hostile (simtest.Hostile), and gives
// the environments that point the CLI at the Stack itself and at them.
func hostileStack(t *testing.T) (s *sim.Stack, plain, env map[string]string, proxies []*simtest.Hostile) {
	t.Helper()
	s, plain = stackEnv(t)
	env = maps.Clone(plain)
	es := simtest.NewHostile(t, s.ES.Handler(), sweepBad)
	kb := simtest.NewHostile(t, s.Fleet.Handler(), sweepBad)
	ec := simtest.NewHostile(t, s.ECE.Handler(), sweepBad)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	pems := slices.Concat(s.CA.PEM, es.CAPEM, kb.CAPEM, ec.CAPEM)
	if err := os.WriteFile(ca, pems, 0o600); err != nil {
		t.Fatal(err)
	}
	env["ELASTICSEARCH_URL"], env["KIBANA_URL"], env["EC_HOST"], env["TOKENTUI_CA_CERT"] = es.URL, kb.URL, ec.URL, ca
	env["XDG_STATE_HOME"] = t.TempDir()
	return s, plain, env, []*simtest.Hostile{es, kb, ec}
}

// sweepRuns is every CLI command with the arguments the sweep runs it
// with ({ids} are filled in); each also runs with -o json. A new command
// fails TestHostileSweepEveryCommand until it is listed here.
var sweepRuns = map[string][][]string{
	"tokentui version":        {{}},
	"tokentui config check":   {{}},
	"tokentui config init":    {{"--config", "{dir}/config.toml"}},
	"tokentui audit":          {{}},
	"tokentui demo enroll":    {{"{fleet-secret}"}},
	"tokentui demo serve":     nil, // runs until interrupted; serves the simulators, reads no server
	"tokentui es create":      {{"-s", "kibana"}, {"-s", "node", "--command"}},
	"tokentui es list":        {{}},
	"tokentui es revoke":      {{"--yes", "{es-id}", "bogus-id"}},
	"tokentui es inspect":     {{"{es-token}"}, {"--verify", "{es-token}"}},
	"tokentui ece create":     {{"--role", "proxy"}, {"--role", "proxy", "--command"}, {"--role", "proxy", "--format", "{{.TokenID}} {{.Token}}"}},
	"tokentui ece list":       {{}, {"--format", "{{.TokenID}} {{.Roles}}"}},
	"tokentui ece delete":     {{"--yes", "{ece-id}"}},
	"tokentui ece rotate":     {{"--yes", "{ece-id2}"}},
	"tokentui fleet list":     {{"--all"}, {"--policy", "policy-linux-servers"}},
	"tokentui fleet policies": {{}},
	"tokentui fleet show":     {{"{fleet-id}"}, {"{fleet-id}", "--command"}},
	"tokentui fleet create":   {{"--policy", "policy-linux-servers", "--no-expiration"}, {"--policy", "policy-linux-servers", "--no-expiration", "--command"}},
	"tokentui fleet revoke":   {{"--yes", "{fleet-id2}", "bogus-id"}},
	"tokentui fleet delete":   {{"--yes", "{fleet-id3}", "bogus-id"}},
	"tokentui fleet purge":    {{"--yes", "--dry-run"}},
	"tokentui fleet rotate":   {{"--yes", "--no-expiration", "{fleet-id4}"}},
}

// sweepArgs is every run of sweepRuns, text and -o json, with the ids
// filled from the simulator (plain reaches it without the proxies).
func sweepArgs(t *testing.T, s *sim.Stack, plain map[string]string) [][]string {
	t.Helper()
	fills := commandFills(t, s, plain)
	for _, tok := range s.Fleet.Tokens() {
		if tok.ID == fills["{fleet-id}"] {
			fills["{fleet-secret}"] = tok.APIKey
		}
	}
	dir := t.TempDir()
	var out [][]string
	paths := make([]string, 0, len(sweepRuns))
	for p := range sweepRuns {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, path := range paths {
		for _, run := range sweepRuns[path] {
			args := strings.Fields(strings.TrimPrefix(path, "tokentui"))
			for _, a := range run {
				if v, ok := fills[a]; ok {
					a = v
				}
				args = append(args, strings.ReplaceAll(a, "{dir}", dir))
			}
			out = append(out, args, append(slices.Clone(args), "-o", "json"))
		}
	}
	return out
}

// checkRun fails when a run printed a raw control, or when its -o json
// output is not JSON or holds a raw C1 or bidi control.
func checkRun(t *testing.T, args []string, r result) {
	t.Helper()
	what := strings.Join(args, " ")
	noRaw(t, what, r)
	// Text output lays out columns with spaces (and --format here uses no
	// {{tab}}): a raw tab is a server's, which would shift the columns.
	if !slices.Contains(args, "json") && !slices.Contains(args, "__complete") && strings.Contains(r.stdout, "\t") {
		t.Fatalf("%s: a raw tab on stdout:\n%q", what, r.stdout)
	}
	if slices.Contains(args, "json") && strings.TrimSpace(r.stdout) != "" && !json.Valid([]byte(r.stdout)) {
		t.Fatalf("%s: stdout is not JSON:\n%q", what, r.stdout)
	}
}

// Every CLI command, fed a Stack whose every server-chosen text is
// hostile, prints it escaped in text, and exact (with C1 and bidi
// controls as \u escapes) in JSON; then every command meets each failure
// shape carrying the hostile text (error bodies, reasons, HTML pages).
func TestHostileSweepEveryCommand(t *testing.T) {
	for _, c := range allCommands(newRootCommand(newApp())) {
		if c.HasSubCommands() || c.Hidden || !c.IsAvailableCommand() || isCobraOwn(c) {
			continue
		}
		if _, ok := sweepRuns[c.CommandPath()]; !ok {
			t.Errorf("%s: not in sweepRuns: say how the hostile sweep runs it", c.CommandPath())
		}
	}
	s, plain, env, proxies := hostileStack(t)
	runs := sweepArgs(t, s, plain)
	shown := false
	for _, args := range runs {
		r := cli(t, env, "", args...)
		checkRun(t, args, r)
		shown = shown || strings.Contains(r.stdout+r.stderr, `\x1b]52;c;`)
	}
	if !shown {
		t.Fatal("no command showed the hostile text escaped: the proxies did not reach the CLI")
	}
	// Completions offer the servers' ids (here all hostile: none is
	// offered); a clean id's hostile description is escaped.
	for _, args := range [][]string{{"fleet", "show", ""}, {"fleet", "create", "--policy", ""}, {"ece", "delete", ""}, {"es", "revoke", ""}} {
		r := cli(t, env, "", append([]string{"__complete"}, args...)...)
		checkRun(t, args, r)
		// An escaped value would complete to another value than the
		// server's: none is offered, only cobra's directive line.
		for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			if !strings.HasPrefix(line, ":") {
				t.Fatalf("__complete %s offers a hostile value: %q", strings.Join(args, " "), line)
			}
		}
	}
	named := s.Fleet.AddToken("policy-linux-servers", "name"+sweepBad, 0, time.Now()).ID
	tabbed := s.Fleet.AddToken("policy-linux-servers", "a\tb", 0, time.Now()).ID
	r := cli(t, plain, "", "__complete", "fleet", "show", "")
	checkRun(t, []string{"__complete", "fleet", "show"}, r)
	if !strings.Contains(r.stdout, named+"\tname") {
		t.Fatalf("the token named hostile is not offered with its name escaped:\n%q", r.stdout)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, tabbed) && strings.Count(line, "\t") != 1 {
			t.Fatalf("a tab in the name splits the offer (value, tab, description): %q", line)
		}
	}
	// A create's answer, spoiled: ecctl's --format shows it escaped.
	proxies[2].SpoilCreates(true)
	for _, args := range [][]string{{"ece", "create", "--role", "proxy", "--format", "{{.TokenID}} {{.Token}}"}, {"ece", "create", "--role", "proxy"}} {
		r := cli(t, env, "", args...).want(t, 0)
		checkRun(t, args, r)
		if !strings.Contains(r.stdout, `\x1b]52;c;`) {
			t.Fatalf("%s does not show the created token escaped:\n%q", strings.Join(args, " "), r.stdout)
		}
	}
	proxies[2].SpoilCreates(false)
	// -o json keeps the exact value, readable by a script.
	exact := viaJSON(sweepBad)
	for _, args := range [][]string{{"fleet", "list", "--all"}, {"fleet", "policies"}, {"ece", "list"}, {"es", "list"}} {
		r := cli(t, env, "", append(args, "-o", "json")...).want(t, 0)
		var v any
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || !strings.Contains(fmtAny(v), exact) {
			t.Fatalf("%s -o json lost the exact value (%v):\n%s", strings.Join(args, " "), err, r.stdout)
		}
	}
	for _, form := range simtest.EchoForms {
		for _, p := range proxies {
			p.Fail(form, "")
		}
		for _, args := range runs {
			checkRun(t, append([]string{form + ":"}, args...), cli(t, env, "", args...))
		}
	}
}

// fmtAny joins every string in a decoded JSON value.
func fmtAny(v any) string {
	switch v := v.(type) {
	case string:
		return v + "\n"
	case []any:
		var b strings.Builder
		for _, x := range v {
			b.WriteString(fmtAny(x))
		}
		return b.String()
	case map[string]any:
		var b strings.Builder
		for _, x := range v {
			b.WriteString(fmtAny(x))
		}
		return b.String()
	}
	return ""
}

// --all-profiles prefixes each profile's warnings with its name, which
// the configuration file chooses: shown escaped.
func TestAllProfilesWarningsNameTheProfileEscaped(t *testing.T) {
	s, err := sim.Start(sim.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	dir := t.TempDir()
	path, err := writeDemoConfig(dir, []*sim.Stack{s})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	bad := sanitizetest.Hostile["osc52"]
	name, _ := json.Marshal("p" + bad) // a TOML basic string is a JSON string here
	text := strings.ReplaceAll(string(raw), "profiles.demo1", "profiles."+string(name))
	text = strings.Replace(text, `default_profile = "demo1"`, "", 1)
	text = strings.Replace(text, `[profiles.`+string(name)+`.ece]`, `[profiles.`+string(name)+`.ece]`+"\n      insecure = true", 1)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r := cli(t, map[string]string{"HOME": dir, "TOKENTUI_CONFIG": path}, "", "ece", "list", "--all-profiles").want(t, 0, "insecure")
	noRaw(t, "ece list --all-profiles", r)
	if !strings.Contains(r.stderr, sanitize.Text("p"+bad)+": ") {
		t.Fatalf("the warning does not name the profile escaped:\n%s", r.stderr)
	}
}

// --verbose's trail names each request's path, which holds an id the user
// passed (or a script took from a server); the plain-HTTP warning names
// the configured URL. Both are shown escaped.
func TestVerboseTrailAndPlainHTTPWarningAreEscaped(t *testing.T) {
	_, env := stackEnv(t)
	bad := sanitizetest.Hostile["osc52"] + sanitizetest.Hostile["c1csi"]
	r := cli(t, env, "", "fleet", "show", "--verbose", "id"+bad)
	noRaw(t, "fleet show --verbose", r)
	if !strings.Contains(r.stderr, "← 404 GET") {
		t.Fatalf("no trail of the read:\n%s", r.stderr)
	}
	plain := maps.Clone(env)
	plain["KIBANA_URL"] = "http://127.0.0.1:1/kibana\u202eevil\u009b2J"
	r = cli(t, plain, "", "fleet", "list", "--allow-plain-http")
	noRaw(t, "fleet list --allow-plain-http", r)
	if !strings.Contains(r.stderr, "clear text over http://127.0.0.1:1/kibana\\u202eevil") {
		t.Fatalf("the warning does not name the URL escaped:\n%s", r.stderr)
	}
}

// An ecctl file's path (under a HOME whose name is hostile) is shown
// escaped: in the insecure warning, and in a problem with the file.
func TestECCTLPathIsShownEscaped(t *testing.T) {
	s, _ := stackEnv(t)
	bad := sanitizetest.Hostile["osc52"]
	home := filepath.Join(t.TempDir(), "home"+bad)
	if err := os.MkdirAll(filepath.Join(home, ".ecctl"), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(body string) {
		if err := os.WriteFile(filepath.Join(home, ".ecctl", "config.json"), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"HOME": home}
	write(`{"host": "` + s.ECEURL + `", "api_key": "` + s.Creds.ECEAPIKey + `", "insecure": true}`)
	r := cli(t, env, "", "ece", "list").want(t, 0, "insecure in ")
	noRaw(t, "the insecure warning", r)
	if !strings.Contains(r.stderr, sanitize.Text(home)) {
		t.Fatalf("the warning does not name the file escaped:\n%s", r.stderr)
	}
	write(`{"host": "` + s.ECEURL + `", "api_key": "k", "insecure": "maybe"}`)
	r = cli(t, env, "", "ece", "list").want(t, exitFailure, "must be true or false")
	noRaw(t, "a problem with the file", r)
}

// Every question before a destructive command names what it acts on
// (an id a script may have taken from a server): asked on a terminal, it
// shows the id escaped.
func TestConfirmationsNameTheTargetEscaped(t *testing.T) {
	_, env := stackEnv(t)
	bad := "id" + sanitizetest.Hostile["osc52"] + sanitizetest.Hostile["bidi"]
	for _, args := range [][]string{
		{"ece", "delete", bad}, {"ece", "rotate", bad}, {"es", "revoke", bad}, {"fleet", "revoke", bad},
		{"fleet", "delete", bad}, {"fleet", "rotate", "--no-expiration", bad},
	} {
		var out, errb bytes.Buffer
		a := &app{stdin: strings.NewReader("n\n"), stdout: &out, stderr: &errb,
			getenv: func(k string) string { return env[k] }, isTerminal: func() bool { return true }}
		run(a, args)
		noRaw(t, strings.Join(args, " ")+" (asked)", result{stdout: out.String(), stderr: errb.String()})
	}
}

// es create waits for a cluster that is starting and says why, in the
// server's words: shown escaped.
func TestClusterNotReadyNoticeIsEscaped(t *testing.T) {
	_, _, env, proxies := hostileStack(t)
	// One wait: the health read and its retries of 503, then ready.
	proxies[0].FailFor("unavailable", "GET /_cluster/health", 3)
	r := cli(t, env, "", "es", "create", "-s", "node")
	noRaw(t, "es create (cluster not ready)", r)
	if !strings.Contains(r.stderr, "the cluster is not ready") || !strings.Contains(r.stderr, `\x1b]52;c;`) {
		t.Fatalf("no notice naming the server's reason escaped:\n%s", r.stderr)
	}
}
