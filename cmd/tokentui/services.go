package main

import (
	"fmt"
	"os"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/system"
	"github.com/tokentui/tokentui/backend/system/builtin"
	"github.com/tokentui/tokentui/backend/transport"
	"github.com/tokentui/tokentui/config"
)

// clientOptions are what every system's client shares.
type clientOptions struct {
	Timeout   time.Duration // 0: the system's or the transport's default
	UserAgent string
	Trail     func(string) // --verbose; nil when quiet
	Observe   func(backend.Request)
}

// buildService builds one system's client from resolved settings. When
// the system is not configured it returns a nil Service and the hint
// saying how to configure it; endpoint is the URL to show the user.
func buildService(sys backend.System, cfg config.Config, o clientOptions) (svc backend.Service, hint, endpoint string, err error) {
	s := cfg.System(sys)
	if s == nil {
		return nil, config.Hint(sys), "", nil
	}
	row, ok := system.Lookup(sys)
	if !ok {
		return nil, "", s.URL, fmt.Errorf("unknown system %q", sys)
	}
	t, err := transportConfig(s, o)
	if err == nil {
		svc, err = row.New(t, s.Settings())
	}
	if err != nil {
		return nil, "", s.URL, fmt.Errorf("%s: %w", row.Server, err)
	}
	return svc, "", s.URL, nil
}

func transportConfig(s *config.System, o clientOptions) (transport.Config, error) {
	c := transport.Config{BaseURL: s.URL, CAFingerprint: s.CAFingerprint, Insecure: s.Insecure,
		AllowPlainHTTP: s.AllowPlainHTTP, Timeout: o.Timeout, UserAgent: o.UserAgent, Trail: o.Trail, Observe: o.Observe}
	if s.Timeout > 0 {
		c.Timeout = s.Timeout
	}
	if s.Policy != nil {
		c.Guard = s.Policy.Guard
	}
	pem, err := readCAFiles(s.CACertFiles)
	c.CACertPEM = pem
	return c, err
}

// readCAFiles joins the PEM files named (a CA bundle for one client).
func readCAFiles(files []string) ([]byte, error) {
	var all []byte
	for _, f := range files {
		pem, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("reading the CA certificate: %w", err)
		}
		all = append(append(all, pem...), '\n')
	}
	return all, nil
}

func basicOrAPIKey(s *config.System) transport.Auth { return builtin.BasicOrAPIKey(s.Settings()) }

func (a *app) clientOptions() clientOptions {
	return clientOptions{Timeout: a.g.timeout, UserAgent: "tokentui/" + version, Trail: a.trail(), Observe: a.session().observe}
}

// configFor loads the configuration; with a system given, it resolves
// that system's section alone ("" resolves all, as config check and the
// UI need).
func (a *app) configFor(sys backend.System) (config.Config, error) {
	return a.configOf(a.g.profile, sys)
}

// configOf is configFor for a named profile ("" = the default one).
func (a *app) configOf(profile string, sys backend.System) (config.Config, error) {
	if err := a.checkOutput(); err != nil {
		return config.Config{}, err
	}
	cfg, err := config.Load(config.Options{Path: a.g.configPath, Profile: profile, Getenv: a.getenv, Only: sys,
		Overrides: config.Overrides{Insecure: a.g.insecure, AllowPlainHTTP: a.g.allowPlainHTTP, Timeout: a.g.timeout, ESURL: a.esURL, ECE: a.eceFlags}})
	a.session().loaded(cfg)
	return cfg, err
}

// clientFrom builds one system's client from cfg, or says how to
// configure it.
func (a *app) clientFrom(cfg config.Config, sys backend.System) (backend.Service, error) {
	svc, hint, _, err := buildService(sys, cfg, a.clientOptions())
	if err != nil {
		return nil, err
	}
	if svc == nil {
		return nil, &backend.NotConfiguredError{System: sys, Hint: hint}
	}
	return svc, nil
}

// client resolves and builds the one system a command uses: a Fleet
// command never reads, or runs a credential helper of, another section.
func client[C backend.Service](a *app, sys backend.System) (C, error) {
	var none C
	cfg, err := a.configFor(sys)
	if err != nil {
		return none, err
	}
	a.warnUnsafe(&cfg)
	svc, err := a.clientFrom(cfg, sys)
	if err != nil {
		return none, err
	}
	return svc.(C), nil
}

func (a *app) es() (*elasticsearch.Client, error) {
	return client[*elasticsearch.Client](a, backend.Elasticsearch)
}

func (a *app) ece() (*ece.Client, error) { return client[*ece.Client](a, backend.ECE) }
