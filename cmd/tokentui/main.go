// Command tokentui manages Elastic enrollment tokens: Elasticsearch node and
// Kibana tokens, ECE roles tokens and Fleet enrollment tokens.
package main

import (
	"errors"
	"fmt"
	"os"
)

// Exit codes, documented in the README.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	root := newRootCommand()
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(os.Stderr, "tokentui:", err)
			return exitUsage
		}
		if errors.Is(err, errInterrupted) {
			return 130
		}
		fmt.Fprintln(os.Stderr, "tokentui:", err)
		return exitError
	}
	return exitOK
}

// usageError marks a bad flag or argument (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }
