package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/config"
)

func newConfigCommand(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "config",
		Short: "Write or check the configuration file",
		Args:  cobra.NoArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(&cobra.Command{
		Use:   "init",
		Short: "Write a commented example config (mode 0600) at --config or the default path",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			path := a.g.configPath
			if path == "" {
				path = config.DefaultPath(a.getenv)
			}
			if err := config.Init(path); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Wrote %s (mode 0600). Edit it, then run: tokentui config check\n", path)
			return nil
		},
	}, &cobra.Command{
		Use:   "check",
		Short: "Validate the configuration, then test each configured system",
		Long: `Validate the configuration (one message per problem, naming the file and the
key), then test each configured system: reachable, authenticated, version, and
the privileges that creating and revoking tokens need, as far as the APIs can
tell without creating anything.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error { return a.check() },
	})
	return c
}

// check prints one line per finding; it fails if any system fails.
func (a *app) check() error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	where := "no config file (environment only)"
	if cfg.Path != "" {
		where = cfg.Path
		if cfg.Profile != "" {
			where += ", profile " + cfg.Profile
		}
	}
	fmt.Fprintln(a.stdout, "Configuration: ok ("+where+")")
	if _, err := a.services(cfg); err != nil {
		return err
	}
	ctx, cancel := a.ctx()
	defer cancel()
	failed := 0
	report := func(system string, lines []string, err error) {
		if err != nil {
			failed++
			lines = append(lines, "FAILED: "+err.Error())
		}
		fmt.Fprintf(a.stdout, "\n%s\n  %s\n", system, strings.Join(lines, "\n  "))
	}
	if es := cfg.Elasticsearch; es == nil {
		fmt.Fprintf(a.stdout, "\nElasticsearch: not configured (%s)\n", config.HintElasticsearch)
	} else {
		c, _ := a.es()
		var lines []string
		err := func() error {
			info, err := c.Info(ctx)
			if err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("reachable: %s (cluster %s, node %s, version %s)", es.URL, info.ClusterName, info.Name, info.Version))
			who, err := c.Authenticate(ctx)
			if err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("authenticated: %s (%s, roles %s)", who.Username, who.AuthType, strings.Join(who.Roles, ", ")))
			if _, err := c.List(ctx); err != nil {
				return fmt.Errorf("listing enrollment keys: %w", err)
			}
			lines = append(lines, "list and revoke: ok (the API key list answered)")
			switch {
			case who.AuthType == "api_key":
				lines = append(lines, "create: not possible with an API key; configure a user with manage_security")
			case slices.Contains(who.Roles, "superuser"):
				lines = append(lines, "create: ok (superuser)")
			default:
				lines = append(lines, "create: needs manage_security and monitor; not verifiable without creating a key")
			}
			return nil
		}()
		report("Elasticsearch ("+es.Source+")", lines, err)
	}
	if ec := cfg.ECE; ec == nil {
		fmt.Fprintf(a.stdout, "\nECE: not configured (%s)\n", config.HintECE)
	} else {
		c, _ := a.ece()
		tokens, err := c.List(ctx)
		var lines []string
		if err == nil {
			lines = append(lines, fmt.Sprintf("reachable and authenticated: %s (%d persistent tokens)", ec.URL, len(tokens)),
				"version: not reported by the enrollment-token API",
				"create and delete: not verifiable without creating a token")
		}
		report("ECE ("+ec.Source+")", lines, err)
	}
	if kb := cfg.Kibana; kb == nil {
		fmt.Fprintf(a.stdout, "\nFleet: not configured (%s)\n", config.HintKibana)
	} else {
		c, _ := a.fleet()
		var lines []string
		err := func() error {
			if _, err := c.ListFiltered(ctx, fleet.Filter{Kuery: "active:true"}); err != nil {
				return err
			}
			lines = append(lines, "reachable and authenticated: "+kb.URL+" (tokens listed)")
			pols, err := c.Policies(ctx)
			if err != nil {
				return fmt.Errorf("agent policies: %w", err)
			}
			lines = append(lines, fmt.Sprintf("agent policies: %d", len(pols)))
			if _, err := c.Hosts(ctx); err != nil {
				return fmt.Errorf("Fleet Server hosts (needed for enroll commands): %w", err)
			}
			lines = append(lines, "Fleet Server hosts: ok", "version: not reported by the Fleet API",
				"create and revoke: need the fleet-agents-all privilege; not verifiable without creating a token")
			return nil
		}()
		report("Fleet ("+kb.Source+")", lines, err)
	}
	if failed > 0 {
		return errors.New(backend.Plural(failed, "system failed its check", "systems failed their checks"))
	}
	return nil
}
