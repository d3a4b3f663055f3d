package main

import (
	"encoding/base64"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

// textRuns is how TestEveryTextOutputPassesTheWriter runs each leaf
// command with text output against a server that fails every call with a
// hostile reason ({bad} is the hostile string), or why it cannot. A new
// command fails the test until it is listed here.
var textRuns = map[string]struct {
	args     []string
	skip     string
	notShown string // why the hostile value is refused rather than shown
}{
	"tokentui version":        {skip: "prints only the build's own strings"},
	"tokentui config init":    {args: []string{"--config", "{dir}/c{bad}/config.toml"}},
	"tokentui config check":   {},
	"tokentui demo serve":     {skip: "runs until interrupted; serves the built-in simulators"},
	"tokentui demo enroll":    {args: []string{"{token}"}, notShown: "a token with a control character is refused unread"},
	"tokentui es create":      {args: []string{"-s", "node"}},
	"tokentui es list":        {},
	"tokentui es revoke":      {args: []string{"--yes", "x"}},
	"tokentui es inspect":     {args: []string{"{token}"}, notShown: "a token with a control character is refused unread"},
	"tokentui ece create":     {args: []string{"--role", "proxy"}},
	"tokentui ece list":       {},
	"tokentui ece delete":     {args: []string{"--yes", "x"}},
	"tokentui ece rotate":     {args: []string{"--yes", "x"}},
	"tokentui fleet list":     {},
	"tokentui fleet create":   {args: []string{"--policy", "p", "--no-expiration"}},
	"tokentui fleet show":     {args: []string{"x"}},
	"tokentui fleet revoke":   {args: []string{"--yes", "x"}},
	"tokentui fleet delete":   {args: []string{"--yes", "x"}},
	"tokentui fleet purge":    {args: []string{"--yes"}},
	"tokentui fleet policies": {},
	"tokentui fleet rotate":   {args: []string{"--yes", "--no-expiration", "x"}},
	"tokentui audit":          {},
}

// Every command's text reaches the terminal through the sanitizing
// writer: with a server (or an argument) that puts a terminal control in
// what the command prints, nothing raw comes out. Fails when a command
// writes past guardStreams' writers.
func TestEveryTextOutputPassesTheWriter(t *testing.T) {
	bad := sanitizetest.Hostile["osc52"]
	env := hostileEnv(t, bad, true)
	dir := t.TempDir()
	// An enrollment token whose version carries the hostile string.
	token := base64.StdEncoding.EncodeToString([]byte(`{"ver":` + quote("8.14.0"+bad) + `,"adr":["127.0.0.1:9200"],"fgr":"` +
		strings.Repeat("ab", 32) + `","key":"id:secret"}`))
	for _, path := range leafCommands() {
		run, ok := textRuns[path]
		if !ok {
			t.Errorf("%s: not in textRuns: say how to run it with text output, or why not", path)
			continue
		}
		if run.skip != "" {
			continue
		}
		args := strings.Fields(strings.TrimPrefix(path, "tokentui"))
		for _, a := range run.args {
			a = strings.ReplaceAll(strings.ReplaceAll(a, "{bad}", bad), "{token}", token)
			args = append(args, strings.Replace(a, "{dir}", dir, 1))
		}
		t.Run(path, func(t *testing.T) {
			r := cli(t, env, "", args...)
			if r.stdout+r.stderr == "" {
				t.Fatalf("printed nothing (exit %d)", r.code)
			}
			if run.notShown == "" && !strings.Contains(r.stdout+r.stderr, `\x1b]52`) {
				t.Fatalf("the hostile value is not shown (escaped)\nstdout: %q\nstderr: %q", r.stdout, r.stderr)
			}
			noRaw(t, path, r)
		})
	}
}

// The progress line's own escape sequences (carriage return, erase line)
// go past the sanitizing writer: through it, a terminal would show them
// as text.
func TestProgressLineGoesPastTheWriter(t *testing.T) {
	t.Parallel() // it waits for progressAfter
	var raw syncBuffer
	a := &app{stdout: io.Discard, stderr: &raw, stderrTerminal: func() bool { return true }}
	a.guardStreams()
	stop := a.progress("listing")
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(raw.String(), "tokentui: listing…"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("no progress line: %q", raw.String())
		}
	}
	stop()
	if got := raw.String(); !strings.HasPrefix(got, "\r\x1b[Ktokentui: listing…") || strings.Contains(got, `\x1b`) {
		t.Fatalf("the progress line was escaped: %q", got)
	}
}
