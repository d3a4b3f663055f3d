package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd"
)

// enrollFlags are --command and --platform of fleet show, es create and
// ece create.
type enrollFlags struct {
	command  bool
	platform string
}

func (f *enrollFlags) register(c *cobra.Command, withPlatform bool) {
	c.Flags().BoolVar(&f.command, "command", false, "print the full enroll command (it holds the token) instead of the token")
	if withPlatform {
		c.Flags().StringVar(&f.platform, "platform", "", "platform of the command (default: the one the token's target suggests; a bad value lists the choices)")
	}
}

// check validates --platform for a kind before anything is created, so a
// typo costs no token; it is a usage error (exit 2) that lists the choices.
func (f *enrollFlags) check(k enrollcmd.Kind) error {
	if f.platform == "" {
		return nil
	}
	if !f.command {
		return &usageError{fmt.Errorf("--platform needs --command")}
	}
	if _, err := enrollcmd.ParsePlatform(k, f.platform); err != nil {
		return &usageError{err}
	}
	return nil
}

// printEnrollCommand prints the token's enroll command for the chosen (or
// default) platform: in full, since the user asked for it; as JSON with
// the platform when -o json.
func (a *app) printEnrollCommand(svc backend.Service, t backend.Token, secret backend.Secret, f enrollFlags) error {
	ctx, cancel := a.ctx()
	defer cancel()
	tg, err := enrollcmd.Resolve(ctx, svc, t, secret)
	if err != nil {
		return fmt.Errorf("building the enroll command: %w", err)
	}
	p := tg.Default()
	if f.platform != "" {
		if p, err = enrollcmd.ParsePlatform(tg.Kind, f.platform); err != nil {
			return &usageError{err}
		}
	}
	cmd, err := tg.Command(p, secret)
	if err != nil {
		return fmt.Errorf("building the enroll command: %w", err)
	}
	if a.g.output == "json" {
		return a.printJSON(map[string]any{"platform": p, "command": cmd.Reveal()})
	}
	// The server's values in it passed enrollcmd's checks (no control
	// character gets into a command), and stdout is the sanitizing writer.
	fmt.Fprintln(a.stdout, cmd.Reveal())
	return nil
}
