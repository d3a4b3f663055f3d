// Command tokentui manages Elastic enrollment tokens: Elasticsearch node and
// Kibana tokens, ECE roles tokens and Fleet enrollment tokens.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend/sanitize"
)

// Exit codes, documented in the README.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	os.Exit(run(newApp(), os.Args[1:]))
}

func run(a *app, args []string) int {
	a.guardStreams()
	root := newRootCommand(a)
	if completionRequest(args) {
		completeEverything(a, root)
	}
	root.SetArgs(args)
	code := exitCode(root.Execute(), a.stderr)
	a.flushStreams()
	return code
}

// completionRequest reports whether a shell asks for completions (its
// scripts run `tokentui __complete ARGS…`): only then are the completion
// functions of every command and flag registered, a walk over the whole
// command tree that every other start would pay for nothing.
func completionRequest(args []string) bool {
	return len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
}

// exitCode prints err and maps it to the documented exit codes.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errInterrupted) {
		return 130
	}
	printError(stderr, err)
	var ue *usageError
	var ee *exitError
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ee):
		return ee.code
	}
	return exitFailure
}

// printError is where every error reaches stderr. Its text may carry a
// server's reason, a token's field, a file's or the environment's value:
// stderr is the sanitizing boundary (guardStreams), so none of them can
// steer the terminal.
func printError(stderr io.Writer, err error) {
	fmt.Fprintln(stderr, "tokentui:", err.Error())
}

// textf is fmt.Fprintf for text output: every string argument (string
// kinds, errors, Stringers) is shown escaped, since it may come from a
// server, a token, a file or the environment; the format is the
// program's own. A tab or newline inside a value is escaped too, so it
// cannot break a table. JSON output never goes through here.
func textf(w io.Writer, format string, args ...any) {
	for i, v := range args {
		if s, ok := textOf(v); ok {
			args[i] = sanitize.Text(s)
		}
	}
	fmt.Fprintf(w, format, args...)
}

// textOf is the text %s shows for v, when v is text: an error, a
// Stringer or a string kind (numbers and the like are the program's own).
func textOf(v any) (string, bool) {
	switch v := v.(type) {
	case error:
		return v.Error(), true
	case fmt.Stringer:
		return v.String(), true
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}

// usageError marks a bad flag or argument (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }
