package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/transport"
	"github.com/tokentui/tokentui/config"
)

type demoEnrollOptions struct {
	Token     string // the argument: a token, or - for stdin
	Scope     string // node or kibana; "" tries both
	Collector bool
}

func newDemoEnroll(a *app, runF func(*demoEnrollOptions) error) *cobra.Command {
	opts := &demoEnrollOptions{}
	c := &cobra.Command{
		Use:   "enroll TOKEN|-",
		Short: "Use a token as its consumer would (a node, Kibana, Elastic Agent, an ECE host), against the demo",
		Long: `Recognise the token and perform its consumer's handshake against the demo
simulators, printing each step: an Elasticsearch node token enrolls a new
node (the cluster then lists one more), a kibana token enrolls a Kibana, a
Fleet token enrolls an Elastic Agent at Fleet Server (Kibana then lists it),
an ECE roles token installs a host (ECE then lists one more runner).

It talks only to the demo: servers on a loopback address that present the
demo Stack's CA, as those of "tokentui demo serve" (load its output into the
environment; FLEET_SERVER_URL names Fleet Server). Any other server is
refused (exit 2): enrolling a made-up consumer into a real system would
pollute it. "-" reads the token from stdin.

Exit codes: 0 enrolled, 1 the token was refused (the server's reason is
printed) or a step failed, 2 not the demo or a bad token.`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if opts.Scope != "" && opts.Scope != "node" && opts.Scope != "kibana" {
				return &usageError{fmt.Errorf("--scope must be node or kibana, not %q", opts.Scope)}
			}
			opts.Token = args[0]
			return runWith(opts, runF, a.demoEnroll)
		},
	}
	c.Flags().BoolVar(&opts.Collector, "collector", false, "enroll a Fleet token as an OpenTelemetry Collector over OpAMP instead of an Elastic Agent")
	c.Flags().StringVar(&opts.Scope, "scope", "", "node or kibana, for an Elasticsearch token (default: try node, then kibana)")
	return c
}

func (a *app) demoEnroll(o *demoEnrollOptions) error {
	raw, err := a.readArg(o.Token)
	if err != nil {
		return err
	}
	if _, err := enroll.Recognize(raw); err != nil {
		return &usageError{err}
	}
	cfg, err := a.config()
	if err != nil {
		return err
	}
	env, err := demoEnv(cfg, a.getenv)
	if err != nil {
		return err
	}
	env.ESScope, env.Trail, env.Timeout, env.Collector = o.Scope, a.trail(), a.g.timeout, o.Collector
	return a.runEnroll(env, raw)
}

// demoEnv is the demo's systems as configured (the environment demo serve
// prints, or a profile pointing at it).
func demoEnv(cfg config.Config, getenv func(string) string) (enroll.Env, error) {
	var env enroll.Env
	var files []string
	if s := cfg.Elasticsearch; s != nil {
		env.ESURL, env.ESAuth = s.URL, basicOrAPIKey(s)
		files = append(files, s.CACertFiles...)
	}
	if s := cfg.Kibana; s != nil {
		env.KibanaURL, env.KibanaAuth = s.URL, basicOrAPIKey(s)
		files = append(files, s.CACertFiles...)
	}
	if s := cfg.ECE; s != nil {
		env.ECEURL, env.ECEAuth = s.URL, basicOrAPIKey(s)
		files = append(files, s.CACertFiles...)
	}
	pem, err := readCAFiles(slices.Compact(slices.Sorted(slices.Values(files))))
	if err != nil {
		return env, err
	}
	env.CACertPEM = pem
	env.FleetServerURL = strings.TrimSpace(getenv("FLEET_SERVER_URL"))
	if u := strings.TrimSpace(getenv("TOKENTUI_DEMO_CONTROL_URL")); u != "" && env.ECEAuth != nil {
		c, err := transport.New(transport.Config{BaseURL: u, Auth: env.ECEAuth, CACertPEM: env.CACertPEM, MaxTries: 1})
		if err != nil {
			return env, fmt.Errorf("TOKENTUI_DEMO_CONTROL_URL: %w", err)
		}
		env.Hosts = controlHosts{c: c, caPEM: env.CACertPEM}
	}
	return env, nil
}

// runEnroll runs the handshake, printing each finished step as it ends.
func (a *app) runEnroll(env enroll.Env, token string) error {
	ctx, cancel := a.ctx()
	defer cancel()
	var steps []map[string]any
	report := func(st enroll.Step) {
		if !st.Done {
			return
		}
		if a.g.output == "json" {
			s := map[string]any{"step": st.Title, "ok": st.Err == nil, "detail": st.Detail}
			if st.Err != nil {
				s["error"] = st.Err.Error()
			}
			steps = append(steps, s)
			return
		}
		mark := "✓"
		line := st.Detail
		if st.Err != nil {
			mark, line = "✗", st.Err.Error()
		}
		if st.Title == "Result" {
			textf(a.stdout, "%s %s\n", mark, line)
			return
		}
		textf(a.stdout, "%s %s: %s\n", mark, st.Title, line)
	}
	res, err := enroll.Run(ctx, env, token, report)
	if a.g.output == "json" {
		out := map[string]any{"kind": res.Kind, "ok": err == nil, "steps": steps}
		if err == nil {
			out["result"] = res.Summary
		}
		if jerr := a.printJSON(out); jerr != nil {
			return jerr
		}
	}
	var nd *enroll.NotDemoError
	var re *enroll.RefusedError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &nd):
		return &usageError{errors.New(sanitize.Text(nd.Error()))}
	case errors.As(err, &re):
		return &exitError{code: exitFailure, err: errors.New(sanitize.Text(re.Error()))}
	}
	return &exitError{code: exitFailure, err: errors.New(err.Error())} // shown through the sanitizing stderr
}
