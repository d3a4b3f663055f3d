package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/tokentui/tokentui/backend/system"
	"github.com/tokentui/tokentui/config"
)

// Exit codes beyond 0, 1 and 2.
const exitConfig = 78 // enrollment disabled (the official tool's CONFIG)

// exitError carries an exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// globals are the persistent flags.
type globals struct {
	profile, configPath, output string
	timeout                     time.Duration
	insecure, verbose           bool
	allowPlainHTTP              bool
}

// app is what every subcommand shares: flags, streams, environment.
type app struct {
	g      globals
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// isTerminal reports whether stdin and stdout are a terminal (asking
	// for confirmation is possible).
	isTerminal func() bool
	// stderrTerminal reports whether stderr is a terminal (progress
	// lines); nil: it is not.
	stderrTerminal func() bool
	esURL          string          // es create --url
	eceFlags       config.ECEFlags // tokentui ece --host, --api-key, …
	eceFormat      string          // tokentui ece --format
	warned         bool            // warnUnsafe has spoken

	trailMu sync.Mutex // trail lines come from concurrent requests
	sess    *session   // the audit trail's context, the request log: see session()
}

// trail is the --verbose request trail on stderr, one whole line at a
// time; nil when not verbose.
func (a *app) trail() func(string) {
	if !a.g.verbose {
		return nil
	}
	return func(line string) {
		a.trailMu.Lock()
		defer a.trailMu.Unlock()
		textf(a.stderr, "%s\n", line) // URLs and paths from the config, on one line
	}
}

func newApp() *app {
	return &app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv,
		isTerminal: func() bool { return term.IsTerminal(os.Stdin.Fd()) && term.IsTerminal(os.Stdout.Fd()) }, stderrTerminal: stderrIsTerminal}
}

func (a *app) checkOutput() error {
	switch a.g.output {
	case "text", "json":
		return nil
	case "csv": // list commands only: checked before they run (csvCommands)
		return nil
	}
	return &usageError{fmt.Errorf("--output must be text, json or csv (csv for list commands), not %q", a.g.output)}
}

// warnUnsafe says on stderr, on every CLI run, what weakens transport
// security: --insecure, and credentials sent over plain HTTP.
func (a *app) warnUnsafe(cfg *config.Config) {
	if a.warned {
		return
	}
	a.warned = true
	if a.g.insecure {
		fmt.Fprintln(a.stderr, "tokentui: warning: --insecure: TLS certificates are not verified; anyone on the path can read the credentials")
	}
	if cfg == nil {
		return
	}
	for _, row := range system.All() {
		s := cfg.System(row.System)
		if s.PlainHTTP() {
			textf(a.stderr, "tokentui: warning: %s credentials travel in clear text over %s (allow_plain_http)\n", row.Server, s.URL)
		}
		// insecure from the file, EC_INSECURE or ~/.ecctl weakens TLS as
		// much as the flag, and is said as loudly.
		if s != nil && s.Insecure && !a.g.insecure {
			textf(a.stderr, "tokentui: warning: %s: insecure is on (%s): TLS certificates are not verified; anyone on the path can read the credentials\n",
				row.Server, insecureSource(s))
		}
	}
}

// insecureSource says where a system's insecure setting came from.
func insecureSource(s *config.System) string {
	switch {
	case strings.HasPrefix(s.Source, "ecctl"):
		return "insecure in " + strings.TrimPrefix(s.Source, "ecctl ")
	}
	return "insecure = true in the config file, or EC_INSECURE"
}

// config resolves every system (config check, the UI).
func (a *app) config() (config.Config, error) { return a.configFor("") }

// confirm asks on a terminal; elsewhere --yes is required.
func (a *app) confirm(yes bool, question string) error {
	if yes {
		return nil
	}
	if !a.isTerminal() {
		return &usageError{errors.New("refusing to act without confirmation: not a terminal, so pass --yes")}
	}
	fmt.Fprintf(a.stderr, "%s [y/N] ", question)
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	if answer := strings.ToLower(strings.TrimSpace(line)); answer != "y" && answer != "yes" {
		return &exitError{code: exitFailure, err: errors.New("cancelled")}
	}
	return nil
}

// printJSON writes v indented by two spaces, newline-terminated, with
// the characters a terminal acts on escaped (terminalSafeJSON).
func (a *app) printJSON(v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := a.exactOut().Write(terminalSafeJSON(buf.Bytes()))
	return err
}

// printJSONRows writes n rows exactly as printJSON writes them as a
// slice, one row at a time, each made by row when written: a list of
// 100,000 tokens is never held again as rows, encoded or indented.
func printJSONRows[T any](a *app, n int, row func(int) T) error {
	if n == 0 {
		return a.printJSON([]T{})
	}
	w := bufio.NewWriterSize(a.exactOut(), 64<<10)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("  ", "  ")
	enc.SetEscapeHTML(false)
	w.WriteString("[\n")
	for i := range n {
		buf.Reset()
		if err := enc.Encode(row(i)); err != nil {
			return err
		}
		w.WriteString("  ")
		w.Write(terminalSafeJSON(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))))
		if i < n-1 {
			w.WriteString(",")
		}
		w.WriteString("\n")
	}
	w.WriteString("]\n")
	return w.Flush()
}

// ctx bounds a command's calls; Ctrl-C (or SIGTERM) cancels them, so that
// a create or revoke in flight reports what it may have left and how to
// check ("may have been created; run … list"), instead of dying silently.
func (a *app) ctx() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	sctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	return sctx, func() { stop(); cancel() }
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// readArg reads a token argument; "-" reads it from stdin, which keeps it
// out of the shell history and the process list.
func (a *app) readArg(arg string) (string, error) {
	if arg != "-" {
		return arg, nil
	}
	b, err := io.ReadAll(io.LimitReader(a.stdin, 1<<20))
	return strings.TrimSpace(string(b)), err
}
