package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/config"
)

// profileFlags select several profiles: --profile (repeatable, on the
// command) and --all-profiles.
type profileFlags struct {
	names []string
	all   bool
}

func (f *profileFlags) register(c *cobra.Command) {
	c.Flags().StringArrayVar(&f.names, "profile", nil, "profile to include (repeatable; default: the default profile)")
	c.Flags().BoolVar(&f.all, "all-profiles", false, "every profile of the config file")
}

// profiles resolves the profile names to use: every profile of the file
// with --all-profiles, those named, else the global --profile or the
// default ("" = the environment and the file's default).
func (a *app) profiles(f profileFlags) ([]string, error) {
	if f.all && len(f.names) > 0 {
		return nil, &usageError{errors.New("--all-profiles and --profile exclude each other")}
	}
	if !f.all {
		if len(f.names) > 0 {
			return unique(f.names), nil
		}
		return []string{a.g.profile}, nil
	}
	if err := a.checkOutput(); err != nil {
		return nil, err
	}
	if a.g.output == "csv" { // one table per profile has no one CSV header
		return nil, &usageError{errors.New("-o csv does not combine with --all-profiles; use -o json (each row names its profile)")}
	}
	cfg, err := config.Load(config.Options{Path: a.g.configPath, Getenv: a.getenv, Only: "-",
		Overrides: config.Overrides{Insecure: a.g.insecure, AllowPlainHTTP: a.g.allowPlainHTTP}})
	if len(cfg.Profiles) == 0 {
		if err != nil {
			return nil, err
		}
		return nil, &usageError{errors.New("--all-profiles: the config file has no profiles (tokentui config init writes one)")}
	}
	return cfg.Profiles, nil
}

// unique is names without repeats, in the order first given: a profile
// named twice is read once.
func unique(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := make([]string, 0, len(names))
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
