package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend/system"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func newRootCommand(a *app) *cobra.Command {
	var f uiFlags
	root := &cobra.Command{
		Use:   "tokentui",
		Short: "Manage Elastic enrollment tokens: Elasticsearch, ECE and Fleet",
		Long: `tokentui manages Elastic enrollment tokens from one keyboard-driven screen:
Elasticsearch node and Kibana tokens, ECE roles tokens and Fleet enrollment
tokens. With no subcommand it opens the terminal UI; the subcommands give the
same actions to scripts.

Systems come from the config file (tokentui config init), then environment
variables over it: ELASTICSEARCH_URL, ELASTICSEARCH_USERNAME,
ELASTICSEARCH_PASSWORD (or ELASTICSEARCH_API_KEY); KIBANA_URL, KIBANA_USERNAME,
KIBANA_PASSWORD (or KIBANA_API_KEY); EC_HOST, EC_API_KEY (or EC_USER, EC_PASS);
TOKENTUI_CA_CERT, a CA bundle trusted for every system; then flags over both.
With no ECE settings, ecctl's own configuration (~/.ecctl) is read.
--demo needs none of it.

Exit codes: 0 ok, 1 error, 2 usage, 78 enrollment disabled (es create in
local mode), 130 interrupted.`,
		Version:       versionString(),
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(c *cobra.Command, _ []string) error {
			return runUI(c.Context(), a, f)
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.g.profile, "profile", "", "profile of the config file to use")
	pf.StringVar(&a.g.configPath, "config", "", "config file (default $TOKENTUI_CONFIG or $XDG_CONFIG_HOME/tokentui/config.toml)")
	pf.StringVarP(&a.g.output, "output", "o", "text", "output format: text, json, or csv (list commands)")
	pf.DurationVar(&a.g.timeout, "timeout", 0, "timeout of each request (default 30s, or the config's)")
	pf.BoolVar(&a.g.insecure, "insecure", false, "skip TLS certificate verification (unsafe)")
	pf.BoolVar(&a.g.allowPlainHTTP, "allow-plain-http", false, "allow credentials over http:// URLs, in clear text (unsafe)")
	pf.BoolVar(&a.g.verbose, "verbose", false, "print each request and response line on stderr (never a header or a body)")
	fl := root.Flags()
	fl.BoolVar(&f.demo, "demo", false, "run against the built-in simulators (no cluster needed)")
	fl.Uint64Var(&f.seed, "seed", 1, "with --demo: seed of the demo data")
	fl.StringVar(&f.kibanaVersion, "kibana-version", "", kibanaVersionHelp)
	fl.StringVar(&f.clipboard, "clipboard", "auto", "how to copy: auto, native, osc52 or off")
	fl.BoolVar(&f.presenter, "presenter", false, "never draw secrets (copy still works)")
	fl.BoolVar(&f.readOnly, "read-only", false, "no create, revoke or delete")
	fl.DurationVar(&f.refresh, "refresh", 0, "list every tab again at this interval, like 30s (default: off, or the config's refresh)")
	addFaultFlag(root, &f.faults)
	// Left out, the timeout is 0: the config's or 30s. Given, it must be
	// a real duration: 0 or less would fail every request at once.
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		if pf.Lookup("timeout").Changed && a.g.timeout <= 0 {
			return &usageError{fmt.Errorf("--timeout must be more than 0, like 30s, not %s (leave it out for the default)", a.g.timeout)}
		}
		return nil
	}
	root.AddCommand(newDemoCommand(a), newConfigCommand(a), newAuditCommand(a, nil))
	for _, row := range system.All() { // each system's group: tokentui es, ece, fleet
		if group := cliGroups[row.System]; group != nil {
			root.AddCommand(group(a))
		}
	}
	root.AddCommand(newManCommand(root))
	// Every usage complaint comes back as a *usageError (exit 2): flag
	// errors through the flag error func; argument counts, required flags
	// and flag groups through each command's argument check, which cobra
	// runs before it would check the flags itself (and answer with an
	// untyped error). Cobra's own help and completion commands are added
	// first so that they are covered too.
	// (The completion command keeps the output writer it sees now.)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	addExtraCommands(a, root)
	for _, c := range allCommands(root) {
		c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
		args := c.Args
		if args == nil {
			args = cobra.ArbitraryArgs // what cobra does for a nil check
		}
		c.Args = func(c *cobra.Command, a []string) error {
			for _, check := range []func() error{func() error { return args(c, a) }, c.ValidateRequiredFlags, c.ValidateFlagGroups} {
				if err := check(); err != nil {
					return &usageError{err}
				}
			}
			return nil
		}
	}
	return root
}

func allCommands(c *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{c}
	for _, sub := range c.Commands() {
		out = append(out, allCommands(sub)...)
	}
	return out
}
