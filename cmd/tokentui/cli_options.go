package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
)

// Every command is built as GitHub's cli/cli builds them: its flags and
// arguments are bound into an options struct (fleetListOptions, …), its
// constructor takes runF, and the command runs runF with the parsed
// options when it is given, else its own run method. The command tree
// passes nil; a test passes a runF that keeps the options, so that flags,
// arguments and their usage errors are tested without running anything
// (flags_test.go).

// runWith runs run with opts, or runF instead when a test gave one.
func runWith[O any](opts *O, runF, run func(*O) error) error {
	if runF != nil {
		return runF(opts)
	}
	return run(opts)
}

// noOptions are the options of a command that takes no flag of its own.
type noOptions struct{}

// withClient runs fn with the one system's client a command uses
// (client) and the command's context (ctx).
func withClient[C backend.Service](a *app, sys backend.System, fn func(context.Context, C) error) error {
	svc, err := client[C](a, sys)
	if err != nil {
		return err
	}
	ctx, cancel := a.ctx()
	defer cancel()
	return fn(ctx, svc)
}

// newGroup is a command that only groups others: alone, it shows its
// help.
func newGroup(use, short string, subs ...*cobra.Command) *cobra.Command {
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(subs...)
	return c
}

// newPlain is a command with no flag or argument of its own.
func newPlain(use, short string, runF, run func(*noOptions) error) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return runWith(&noOptions{}, runF, run) },
	}
}
