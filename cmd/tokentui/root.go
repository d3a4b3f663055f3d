package main

import (
	"time"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func newRootCommand() *cobra.Command {
	var f uiFlags
	root := &cobra.Command{
		Use:   "tokentui",
		Short: "Manage Elastic enrollment tokens: Elasticsearch, ECE and Fleet",
		Long: `tokentui manages Elastic enrollment tokens from one keyboard-driven screen:
Elasticsearch node and Kibana tokens, ECE roles tokens and Fleet enrollment
tokens. With no subcommand it opens the terminal UI.

Systems come from the environment: ELASTICSEARCH_URL, ELASTICSEARCH_USERNAME,
ELASTICSEARCH_PASSWORD (or ELASTICSEARCH_API_KEY); KIBANA_URL, KIBANA_USERNAME,
KIBANA_PASSWORD (or KIBANA_API_KEY); EC_HOST, EC_API_KEY (or EC_USER, EC_PASS);
TOKENTUI_CA_CERT, a CA bundle trusted for every system. --demo needs none.`,
		Version:       version,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(c *cobra.Command, _ []string) error {
			return runUI(c.Context(), f)
		},
	}
	fl := root.Flags()
	fl.BoolVar(&f.demo, "demo", false, "run against the built-in simulators (no cluster needed)")
	fl.Uint64Var(&f.seed, "seed", 1, "with --demo: seed of the demo data")
	fl.StringVar(&f.clipboard, "clipboard", "auto", "how to copy: auto, native, osc52 or off")
	fl.BoolVar(&f.presenter, "presenter", false, "never draw secrets (copy still works)")
	fl.BoolVar(&f.readOnly, "read-only", false, "no create or revoke")
	fl.DurationVar(&f.timeout, "timeout", 30*time.Second, "timeout of each request")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(newDemoCommand())
	return root
}
