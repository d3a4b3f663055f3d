package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/tokentui/tokentui/backend/sim"
)

func newDemoCommand() *cobra.Command {
	demo := &cobra.Command{
		Use:   "demo",
		Short: "Run the built-in simulators of Elasticsearch, Kibana Fleet and ECE",
		Args:  cobra.NoArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	var opts sim.Options
	var envFile string
	serve := &cobra.Command{
		Use:   "serve",
		Short: "Serve the demo Stack on 127.0.0.1 over TLS until interrupted",
		Long: `Serve the demo Stack on 127.0.0.1 (random ports) over TLS from its own CA.
Once listening it prints KEY=VALUE lines on stdout (the URLs, the demo
credentials and TOKENTUI_CA_CERT, the path of the CA in PEM) and nothing
else; logs go to stderr. It runs until Ctrl-C or SIGTERM.

With --env-file FILE it also writes them as export KEY='VALUE' lines to FILE
(mode 0600, created in one step once the servers are ready, removed when it
stops), for another shell to source:

  tokentui demo serve --env-file /tmp/demo.env &
  for i in $(seq 50); do [ -f /tmp/demo.env ] && break; sleep 0.2; done
  . /tmp/demo.env && tokentui fleet list`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serveDemo(ctx, opts, envFile, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	serve.Flags().Uint64Var(&opts.Seed, "seed", 1, "seed of the demo data (same seed, same data)")
	serve.Flags().StringVar(&envFile, "env-file", "", "also write export KEY='VALUE' lines to this file once ready (mode 0600)")
	serve.Flags().IntVar(&opts.FleetTokens, "fleet-tokens", 0, "extra Fleet tokens to create, for benchmarks")
	demo.AddCommand(serve)
	return demo
}

func serveDemo(ctx context.Context, opts sim.Options, envFile string, stdout, stderr io.Writer) error {
	if opts.FleetTokens < 0 {
		return &usageError{fmt.Errorf("--fleet-tokens must be 0 or more")}
	}
	opts.ErrorLog = stderr
	stack, err := sim.Start(opts)
	if err != nil {
		return fmt.Errorf("starting the demo Stack: %w", err)
	}
	defer stack.Close()
	for _, kv := range stack.Env() {
		fmt.Fprintf(stdout, "%s=%s\n", kv[0], kv[1])
	}
	if f, ok := stdout.(*os.File); ok {
		_ = f.Sync()
	}
	if envFile != "" {
		if err := writeEnvFile(envFile, stack.Env()); err != nil {
			return fmt.Errorf("writing --env-file: %w", err)
		}
		defer os.Remove(envFile)
	}
	fmt.Fprintln(stderr, "tokentui demo: serving; press Ctrl-C to stop")
	<-ctx.Done()
	fmt.Fprintln(stderr, "tokentui demo: stopping")
	return nil
}
