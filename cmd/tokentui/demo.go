package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sim"
)

func newDemoCommand(a *app) *cobra.Command {
	return newGroup("demo", "Run the built-in simulators of Elasticsearch, Kibana Fleet and ECE", newDemoServe(nil), newDemoEnroll(a, nil))
}

type demoServeOptions struct {
	Sim        sim.Options // Seed, KibanaVersion, FleetTokens
	EnvFile    string
	Faults     []string // --fault, read into specs before the run
	specs      []sim.FaultSpec
	ESPathConf string
	Profiles   int
	Out, Err   io.Writer // the command's streams
	Ctx        context.Context
}

func newDemoServe(runF func(*demoServeOptions) error) *cobra.Command {
	opts := &demoServeOptions{}
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
  . /tmp/demo.env && tokentui fleet list

Faults make the simulators misbehave on chosen routes, to see how
tokentui reports a broken server:

` + sim.FaultGrammar,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			opts.Ctx, opts.Out, opts.Err = c.Context(), c.OutOrStdout(), c.ErrOrStderr()
			var err error
			if opts.specs, err = parseFaults(opts.Faults, true); err != nil {
				return err
			}
			return runWith(opts, runF, runDemoServe)
		},
	}
	f := serve.Flags()
	f.Uint64Var(&opts.Sim.Seed, "seed", 1, "seed of the demo data (same seed, same data)")
	f.StringVar(&opts.EnvFile, "env-file", "", "also write export KEY='VALUE' lines to this file once ready (mode 0600)")
	f.StringVar(&opts.Sim.KibanaVersion, "kibana-version", "", kibanaVersionHelp)
	f.IntVar(&opts.Sim.FleetTokens, "fleet-tokens", 0, "extra Fleet tokens to create, for benchmarks")
	f.IntVar(&opts.Profiles, "profiles", 1, "run this many Stacks and print a config file (TOKENTUI_CONFIG) with one profile each, demo1, demo2, …; the second and later do not collect Fleet Server's logs")
	addFaultFlag(serve, &opts.Faults)
	f.StringVar(&opts.ESPathConf, "es-path-conf", "", "also write the simulated node's config directory there, for local mode (ES_PATH_CONF=DIR tokentui es create -s node)")
	return serve
}

func runDemoServe(o *demoServeOptions) error {
	ctx, stop := signal.NotifyContext(o.Ctx, cleanupSignals...)
	defer stop()
	return serveDemoProfiles(ctx, o.Sim, o.specs, o.ESPathConf, o.EnvFile, o.Profiles, o.Out, o.Err)
}

func serveDemo(ctx context.Context, opts sim.Options, faults []sim.FaultSpec, esPathConf, envFile string, stdout, stderr io.Writer) error {
	return serveDemoProfiles(ctx, opts, faults, esPathConf, envFile, 1, stdout, stderr)
}

// serveDemoProfiles is serveDemo with --profiles Stacks.
func serveDemoProfiles(ctx context.Context, opts sim.Options, faults []sim.FaultSpec, esPathConf, envFile string, profiles int, stdout, stderr io.Writer) error {
	if opts.FleetTokens < 0 {
		return &usageError{fmt.Errorf("--fleet-tokens must be 0 or more")}
	}
	if profiles < 1 || profiles > 9 {
		return &usageError{fmt.Errorf("--profiles must be from 1 to 9")}
	}
	opts.ErrorLog = stderr
	opts.Hygiene = true
	stack, err := sim.Start(opts)
	if err != nil {
		return fmt.Errorf("starting the demo Stack: %w", err)
	}
	defer stack.Close()
	others, err := startOtherStacks(opts, profiles)
	defer func() {
		for _, s := range others {
			s.Close()
		}
	}()
	if err != nil {
		return err
	}
	if err := stack.ApplyFaults(faults); err != nil {
		return err
	}
	controlURL, stopControl, err := startControl(stack, stderr)
	if err != nil {
		return fmt.Errorf("starting the demo control listener: %w", err)
	}
	defer stopControl()
	if esPathConf != "" {
		if err := stack.WriteESPathConf(esPathConf); err != nil {
			return fmt.Errorf("--es-path-conf: %w", err)
		}
		textf(stderr, "tokentui demo: the node's config directory for local mode is %s\n", esPathConf)
	}
	env := append(serveEnv(stack), [2]string{"TOKENTUI_DEMO_CONTROL_URL", controlURL}) // demo enroll installs ECE hosts through it
	if profiles > 1 {
		// The environment would override every profile: only the config
		// file names the systems, and demo enroll's extras stay.
		dir, err := os.MkdirTemp("", "tokentui-demo-profiles-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path, err := writeDemoConfig(dir, append([]*sim.Stack{stack}, others...))
		if err != nil {
			return fmt.Errorf("writing the demo config file: %w", err)
		}
		env = [][2]string{{"TOKENTUI_CONFIG", path}, {"FLEET_SERVER_URL", stack.FleetServerURL}, {"TOKENTUI_DEMO_CONTROL_URL", controlURL}}
	}
	for _, kv := range env {
		fmt.Fprintf(stdout, "%s=%s\n", kv[0], kv[1])
	}
	if f, ok := sanitize.Exact(stdout).(*os.File); ok {
		_ = f.Sync()
	}
	if envFile != "" {
		if err := writeEnvFile(envFile, env); err != nil {
			return fmt.Errorf("writing --env-file: %w", err)
		}
		defer os.Remove(envFile)
	}
	fmt.Fprintln(stderr, "tokentui demo: serving; press Ctrl-C to stop")
	<-ctx.Done()
	fmt.Fprintln(stderr, "tokentui demo: stopping")
	return nil
}

// startOtherStacks starts the second and later Stacks of --profiles,
// each with its own seed; they do not collect Fleet Server's logs, so the
// demo shows usage both known and unknown.
func startOtherStacks(opts sim.Options, profiles int) ([]*sim.Stack, error) {
	var out []*sim.Stack
	for i := 2; i <= profiles; i++ {
		o := opts
		o.Seed, o.NoFleetServerLogs = opts.Seed+uint64(i-1), true
		s, err := sim.Start(o)
		if err != nil {
			return out, fmt.Errorf("starting demo Stack %d: %w", i, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// kibanaVersionHelp documents --kibana-version of the demo.
const kibanaVersionHelp = "Kibana release the demo's Fleet behaves as, e.g. 9.2.0: before 9.4.6/9.5.1 (8.19.21) it ignores a create's expiration, before 9.5 it cannot delete tokens (default: the newest)"

// addFaultFlag registers the repeatable --fault on a demo command.
func addFaultFlag(c *cobra.Command, faults *[]string) {
	c.Flags().StringArrayVar(faults, "fault", nil, "make the simulators misbehave: 'SYSTEM METHOD PATH FAULT' (repeatable; grammar in tokentui demo serve --help)")
}

// parseFaults reads every --fault; a bad one is a usage error that shows
// the grammar. Faults need the demo Stack.
func parseFaults(specs []string, demo bool) ([]sim.FaultSpec, error) {
	if len(specs) > 0 && !demo {
		return nil, &usageError{errors.New("--fault needs --demo (or use tokentui demo serve --fault)")}
	}
	out := make([]sim.FaultSpec, 0, len(specs))
	for _, s := range specs {
		f, err := sim.ParseFaultSpec(s)
		if err != nil {
			return nil, &usageError{fmt.Errorf("--fault %w\n%s", err, sim.FaultGrammar)}
		}
		out = append(out, f)
	}
	return out, nil
}
