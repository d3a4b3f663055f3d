package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/audit"
	"github.com/tokentui/tokentui/backend/fleet"
)

// exitFindings: the audit found something at or above --fail-on.
const exitFindings = 3

// auditConcurrency bounds the profiles audited at once.
const auditConcurrency = 4

type auditOptions struct {
	Profiles                             profileFlags
	AllSpaces, PartialOK                 bool
	UnusedFor, OlderThan, ExpiringWithin string // durations; d for days
	FailOn                               string // a severity

	// What the flags above mean, read before the audit runs.
	failOn audit.Severity
	rules  audit.Options // all but Now
}

// parse reads --fail-on and the durations; a bad one is a usage error.
func (opts *auditOptions) parse() error {
	var err error
	if opts.failOn, err = audit.ParseSeverity(opts.FailOn); err != nil {
		return &usageError{fmt.Errorf("--fail-on: %w", err)}
	}
	for _, d := range []struct {
		flag, v string
		to      *time.Duration
	}{{"--unused-for", opts.UnusedFor, &opts.rules.UnusedFor}, {"--older-than", opts.OlderThan, &opts.rules.OlderThan}, {"--expiring-within", opts.ExpiringWithin, &opts.rules.ExpiringWithin}} {
		if *d.to, err = parseDays(d.v); err != nil {
			return &usageError{fmt.Errorf("%s: %w", d.flag, err)}
		}
	}
	return nil
}

func newAuditCommand(a *app, runF func(*auditOptions) error) *cobra.Command {
	opts := &auditOptions{}
	c := &cobra.Command{
		Use:   "audit [--profile P]… [--all-profiles] [--all-spaces] [--fail-on SEVERITY]",
		Short: "Find risky enrollment tokens across profiles, systems and Kibana spaces",
		Long: `Run hygiene rules over every configured system of the chosen profiles:
` + rulesHelp() + `
Durations take d (days) as well as h, m, s: --unused-for 30d.

Exit codes: 0 nothing at or above --fail-on, 3 something is, 1 a profile
or system could not be audited (unless --partial-ok), 2 usage.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := opts.parse(); err != nil {
				return err
			}
			return runWith(opts, runF, a.audit)
		},
	}
	opts.Profiles.register(c)
	c.Flags().BoolVar(&opts.AllSpaces, "all-spaces", false, "list Fleet tokens in every Kibana space (de-duplicated by id)")
	c.Flags().StringVar(&opts.UnusedFor, "unused-for", "", "report active Fleet tokens with no enrollment for this long (e.g. 30d), from Fleet Server's logs")
	c.Flags().StringVar(&opts.OlderThan, "older-than", "", "report ECE persistent tokens older than this (e.g. 180d)")
	c.Flags().StringVar(&opts.ExpiringWithin, "expiring-within", "", "report tokens expiring within this (e.g. 7d)")
	c.Flags().StringVar(&opts.FailOn, "fail-on", "high", "exit 3 when a finding is at or above: info, low, medium, high or critical")
	c.Flags().BoolVar(&opts.PartialOK, "partial-ok", false, "exit by the findings even when a profile or system could not be audited")
	return c
}

func (a *app) audit(opts *auditOptions) error {
	sev, o := opts.failOn, opts.rules
	o.Now = time.Now()
	names, err := a.profiles(opts.Profiles)
	if err != nil {
		return err
	}
	sources := make([]audit.Source, 0, len(names))
	for _, n := range names {
		sources = append(sources, a.auditSource(n, opts.AllSpaces))
	}
	ctx, cancel := a.ctx()
	defer cancel()
	stop := a.progress("auditing " + backend.Plural(len(sources), "profile", "profiles"))
	gathered := audit.Gather(ctx, sources, auditConcurrency)
	stop()
	findings := audit.Run(gathered, o)
	if err := a.printFindings(findings); err != nil {
		return err
	}
	switch {
	case audit.Failed(findings) && !opts.PartialOK:
		return &exitError{code: exitFailure, err: errors.New("audit incomplete: a profile or system could not be audited (see the unreachable findings; --partial-ok to judge the rest)")}
	case audit.AtLeast(findings, sev) > 0:
		return &exitError{code: exitFindings, err: fmt.Errorf("%s at or above %s", backend.Plural(audit.AtLeast(findings, sev), "finding", "findings"), sev)}
	}
	return nil
}

func rulesHelp() string {
	var b strings.Builder
	for _, r := range audit.Rules {
		fmt.Fprintf(&b, "  %-19s %-7s %s\n", r.ID, r.Severity, r.Why)
	}
	return b.String()
}

// parseDays reads a duration that may use d for days; "" is 0 (off).
func parseDays(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	if n, ok := strings.CutSuffix(v, "d"); ok {
		var days int
		if _, err := fmt.Sscanf(n, "%d", &days); err != nil || days <= 0 || fmt.Sprint(days) != n {
			return 0, fmt.Errorf("want a duration such as 30d or 12h, not %q", v)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("want a duration such as 30d or 12h, not %q", v)
	}
	return d, nil
}

// auditSource builds one profile's clients. A profile that cannot be
// loaded, or a system whose client cannot be built, is kept as an error.
func (a *app) auditSource(profile string, allSpaces bool) audit.Source {
	src := audit.Source{Profile: profile}
	cfg, err := a.configOf(profile, "")
	if err != nil {
		src.Err = err
		return src
	}
	if src.Profile == "" {
		src.Profile = cfg.Profile
	}
	a.warnUnsafe(&cfg)
	src.SystemErrs = map[backend.System]error{}
	for _, row := range tabOrder() {
		svc, _, _, err := buildService(row.System, cfg, a.clientOptions())
		switch {
		case err != nil:
			src.SystemErrs[row.System] = err
			continue
		case svc == nil: // not configured: nothing to audit there
			continue
		}
		src.Services = append(src.Services, svc)
		// Fleet's drift and usage rules read them (Elasticsearch has them).
		if k, ok := svc.(backend.APIKeyBatchInspector); ok {
			src.Keys = k
		}
		if u, ok := svc.(backend.UsageReader); ok {
			src.Usage = u
		}
		if c, ok := svc.(*fleet.Client); ok && allSpaces {
			src.Spaces = c.Spaces
			src.InSpace = func(space string) backend.Service { return c.InSpace(space) }
		}
	}
	if len(src.Services) == 0 && len(src.SystemErrs) == 0 {
		src.Err = errors.New("no system is configured in this profile")
	}
	return src
}

// printFindings writes the findings: a JSON array, or text grouped by
// severity, most severe first.
func (a *app) printFindings(findings []audit.Finding) error {
	if a.g.output == "json" {
		return printJSONRows(a, len(findings), func(i int) audit.Finding { return findings[i] })
	}
	if len(findings) == 0 {
		fmt.Fprintln(a.stdout, "No findings.")
		return nil
	}
	for i, f := range findings {
		if i == 0 || findings[i-1].Severity != f.Severity {
			n := 0
			for _, g := range findings[i:] {
				if g.Severity == f.Severity {
					n++
				}
			}
			if i > 0 {
				fmt.Fprintln(a.stdout)
			}
			textf(a.stdout, "%s (%d)\n", strings.ToUpper(f.Severity.String()), n)
		}
		where := f.Profile
		if where == "" {
			where = "(environment)"
		}
		where += " " + string(f.System)
		if f.Space != "" {
			where += " space " + f.Space
		}
		subject := f.Policy
		if f.TokenID != "" {
			subject = f.TokenID
			if f.TokenName != "" && f.TokenName != f.TokenID {
				subject = f.TokenName + " (" + f.TokenID + ")"
			}
			if f.Policy != "" {
				subject += " policy " + f.Policy
			}
		} else if subject != "" {
			subject = "policy " + subject
		}
		textf(a.stdout, "  %s  %s  %s\n    %s\n", f.Rule, where, subject, f.Message)
		if f.Fix != "" {
			textf(a.stdout, "    fix: %s\n", f.Fix)
		}
	}
	return nil
}
