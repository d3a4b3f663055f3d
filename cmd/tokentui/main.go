// Command tokentui manages Elastic enrollment tokens: Elasticsearch node and
// Kibana tokens, ECE roles tokens and Fleet enrollment tokens.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
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
	root := newRootCommand(a)
	root.SetArgs(args)
	return exitCode(root.Execute(), a.stderr)
}

// exitCode prints err and maps it to the documented exit codes.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errInterrupted) {
		return 130
	}
	fmt.Fprintln(stderr, "tokentui:", err)
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

// usageError marks a bad flag or argument (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }
