package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/config"
)

func newConfigCommand(a *app) *cobra.Command {
	return newGroup("config", "Write or check the configuration file", newConfigInit(a, nil), newConfigCheck(a, nil))
}

func newConfigInit(a *app, runF func(*noOptions) error) *cobra.Command {
	return newPlain("init", "Write a commented example config (mode 0600) at --config or the default path", runF, a.configInit)
}

func (a *app) configInit(*noOptions) error {
	if err := a.checkOutput(); err != nil {
		return err
	}
	path := a.g.configPath
	if path == "" {
		path = config.DefaultPath(a.getenv)
	}
	if err := config.Init(path); err != nil {
		return err
	}
	if a.g.output == "json" {
		return a.printJSON(struct {
			Path string `json:"path"`
		}{path})
	}
	textf(a.stdout, "Wrote %s (mode 0600). Edit it, then run: tokentui config check\n", path)
	return nil
}

func newConfigCheck(a *app, runF func(*noOptions) error) *cobra.Command {
	c := newPlain("check", "Validate the configuration, then test each configured system", runF, a.check)
	c.Long = `Validate the configuration (one message per problem, naming the file and the
key), then test each configured system: reachable, authenticated, version, and
the privileges that creating and revoking tokens need, as far as the APIs can
tell without creating anything.`
	return c
}

// checkResult is what config check found for one system; -o json prints
// these as they are.
type checkResult struct {
	Name       string   `json:"name"`
	Configured bool     `json:"configured"`
	Source     string   `json:"source,omitempty"` // where its settings came from
	Lines      []string `json:"lines"`            // what was proven, or how to configure it
	Error      string   `json:"error,omitempty"`  // what failed
}

// check prints one line per finding; it fails if any system fails.
func (a *app) check(*noOptions) error {
	cfg, err := a.config()
	if err != nil {
		return err
	}
	a.warnUnsafe(&cfg)
	where := "no config file; environment only"
	if cfg.Path != "" {
		where = cfg.Path
		if cfg.Profile != "" {
			where += ", profile " + cfg.Profile
		}
	}
	configured := 0
	for _, sys := range checkOrder {
		if cfg.System(sys) != nil {
			configured++
		}
	}
	text := a.g.output != "json"
	if text {
		if configured == 0 {
			textf(a.stdout, "Configuration: nothing is configured (%s)\n", where)
		} else {
			textf(a.stdout, "Configuration: ok (%s)\n", where)
		}
	}
	ctx, cancel := a.ctx()
	defer cancel()
	var results []checkResult
	failed := 0
	for _, sys := range checkOrder {
		chk := checks[sys]
		sec := cfg.System(sys)
		if sec == nil {
			results = append(results, checkResult{Name: chk.title, Lines: []string{config.Hint(sys)}})
			if text {
				printCheck(a, results[len(results)-1])
			}
			continue
		}
		r := checkResult{Name: chk.title, Configured: true, Source: sec.Source, Lines: append([]string{}, transportNotes(sec)...)}
		svc, err := a.clientFrom(cfg, sys)
		if err == nil {
			var found []string
			found, err = chk.run(ctx, svc, sec)
			r.Lines = append(r.Lines, found...)
		}
		if err != nil {
			failed++
			r.Error = err.Error()
		}
		results = append(results, r)
		if text {
			printCheck(a, r)
		}
	}
	if !text {
		if err := a.printJSON(map[string]any{"configuration": where, "systems": results}); err != nil {
			return err
		}
	}
	if failed > 0 {
		return errors.New(backend.Plural(failed, "system failed its check", "systems failed their checks"))
	}
	if configured == 0 {
		return errors.New("nothing is configured: set the variables above, or write a config file (tokentui config init)")
	}
	return nil
}

// printCheck is config check's text report on one system.
func printCheck(a *app, r checkResult) {
	if !r.Configured {
		fmt.Fprintf(a.stdout, "\n%s: not configured (%s)\n", r.Name, strings.Join(r.Lines, "; "))
		return
	}
	lines := slices.Clone(r.Lines)
	if r.Error != "" {
		lines = append(lines, "FAILED: "+r.Error)
	}
	// Each line holds what servers, files and the environment said.
	for i := range lines {
		lines[i] = sanitize.Text(lines[i])
	}
	textf(a.stdout, "\n%s (%s)\n", r.Name, r.Source)
	fmt.Fprintf(a.stdout, "  %s\n", strings.Join(lines, "\n  "))
}

// transportNotes are check's lines on what weakens a system's transport
// security: unverified TLS, and credentials over plain HTTP.
func transportNotes(sys *config.System) []string {
	var notes []string
	if sys.Insecure {
		notes = append(notes, "WARNING: TLS verification is off (--insecure or insecure = true): anyone on the path can read the credentials")
	}
	if sys.PlainHTTP() {
		notes = append(notes, "WARNING: plain HTTP allowed (allow_plain_http or --allow-plain-http): the credentials travel in clear text")
	}
	return notes
}

// checkOrder is the order config check reports the systems in.
var checkOrder = []backend.System{backend.Elasticsearch, backend.ECE, backend.Fleet}

// checks test one system each without creating anything: the lines say
// what was proven, the error what failed.
var checks = map[backend.System]struct {
	title string
	run   func(ctx context.Context, svc backend.Service, sec *config.System) ([]string, error)
}{
	backend.Elasticsearch: {"Elasticsearch", checkElasticsearch},
	backend.ECE:           {"ECE", checkECE},
	backend.Fleet:         {"Fleet", checkFleet},
}

func checkElasticsearch(ctx context.Context, svc backend.Service, sec *config.System) ([]string, error) {
	c := svc.(*elasticsearch.Client)
	var lines []string
	info, err := c.Info(ctx)
	if err != nil {
		return lines, err
	}
	lines = append(lines, fmt.Sprintf("reachable: %s (cluster %s, node %s, version %s)", sec.URL, info.ClusterName, info.Name, info.Version))
	who, err := c.Authenticate(ctx)
	if err != nil {
		return lines, err
	}
	lines = append(lines, fmt.Sprintf("authenticated: %s (%s, roles %s)", who.Username, who.AuthType, strings.Join(who.Roles, ", ")))
	if _, err := c.List(ctx); err != nil {
		return lines, fmt.Errorf("listing enrollment keys: %w", err)
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
	return lines, nil
}

func checkECE(ctx context.Context, svc backend.Service, sec *config.System) ([]string, error) {
	tokens, err := svc.List(ctx)
	if err != nil {
		return nil, err
	}
	return []string{fmt.Sprintf("reachable and authenticated: %s (%d persistent tokens)", sec.URL, len(tokens)),
		"version: not reported by the enrollment-token API",
		"create and delete: not verifiable without creating a token"}, nil
}

func checkFleet(ctx context.Context, svc backend.Service, sec *config.System) ([]string, error) {
	c := svc.(*fleet.Client)
	var lines []string
	if _, err := c.ListFiltered(ctx, fleet.Filter{Kuery: "active:true"}); err != nil {
		return lines, err
	}
	lines = append(lines, "reachable and authenticated: "+sec.URL+" (tokens listed)")
	// The version is information: not reading it fails nothing.
	if v, err := c.KibanaVersion(ctx); err != nil {
		lines = append(lines, "version: could not be read: "+err.Error())
	} else {
		lines = append(lines, "version: "+v+" (Kibana)")
	}
	pols, err := c.Policies(ctx)
	if err != nil {
		return lines, fmt.Errorf("agent policies: %w", err)
	}
	lines = append(lines, fmt.Sprintf("agent policies: %d", len(pols)))
	if _, err := c.Hosts(ctx); err != nil {
		//lint:ignore ST1005 it starts with a proper noun
		return lines, fmt.Errorf("Fleet Server hosts (needed for enroll commands): %w", err)
	}
	return append(lines, "Fleet Server hosts: ok",
		"create and revoke: need the fleet-agents-all privilege; not verifiable without creating a token"), nil
}
