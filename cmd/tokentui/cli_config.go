package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
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
	rows := tabOrder()
	configured := 0
	for _, row := range rows {
		if cfg.System(row.System) != nil {
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
	for _, row := range rows {
		sec := cfg.System(row.System)
		if sec == nil {
			results = append(results, checkResult{Name: row.Title, Lines: []string{config.Hint(row.System)}})
			if text {
				printCheck(a, results[len(results)-1])
			}
			continue
		}
		r := checkResult{Name: row.Title, Configured: true, Source: sec.Source, Lines: append([]string{}, transportNotes(sec)...)}
		svc, err := a.clientFrom(cfg, row.System)
		if err == nil {
			var found []string
			found, err = row.CheckWith(ctx, svc, sec.URL)
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
