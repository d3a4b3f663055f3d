// Package config says how to reach each system. This first form reads the
// environment variables that `tokentui demo serve` prints (and that the
// tools tokentui replaces read): ELASTICSEARCH_*, KIBANA_*, EC_* and
// TOKENTUI_CA_CERT.
package config

import (
	"fmt"
	"os"
	"strings"
)

// System is how to reach one system.
type System struct {
	URL                string
	Username, Password string
	APIKey             string
	CACertFile         string // PEM bundle to trust, on top of the system pool
	CAFingerprint      string
	Insecure           bool
	Space              string // Kibana
	Region             string // ECE
}

// Config is the three systems; a nil one is not configured.
type Config struct {
	Elasticsearch, Kibana, ECE *System
}

// Hints say what to set for an unconfigured system.
const (
	HintElasticsearch = "set ELASTICSEARCH_URL, and ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD (creating tokens needs a user with manage_security), or ELASTICSEARCH_API_KEY to list and revoke only"
	HintKibana        = "set KIBANA_URL, and KIBANA_USERNAME and KIBANA_PASSWORD, or KIBANA_API_KEY"
	HintECE           = "set EC_HOST, and EC_API_KEY or EC_USER and EC_PASS"
)

// FromEnv reads the environment through getenv (os.Getenv).
func FromEnv(getenv func(string) string) (Config, error) {
	var cfg Config
	ca := getenv("TOKENTUI_CA_CERT")
	if ca != "" {
		if _, err := os.Stat(ca); err != nil {
			return cfg, fmt.Errorf("TOKENTUI_CA_CERT: %w", err)
		}
	}
	read := func(url, user, pass, key string) (*System, error) {
		u := strings.TrimSpace(getenv(url))
		if u == "" {
			return nil, nil
		}
		s := &System{URL: u, Username: getenv(user), Password: getenv(pass), CACertFile: ca}
		if key != "" {
			s.APIKey = getenv(key)
		}
		if s.APIKey == "" && (s.Username == "" || s.Password == "") {
			names := user + " and " + pass
			if key != "" {
				names += ", or " + key
			}
			return nil, fmt.Errorf("%s is set but no credentials: set %s", url, names)
		}
		return s, nil
	}
	var err error
	if cfg.Elasticsearch, err = read("ELASTICSEARCH_URL", "ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD", "ELASTICSEARCH_API_KEY"); err != nil {
		return cfg, err
	}
	if cfg.Kibana, err = read("KIBANA_URL", "KIBANA_USERNAME", "KIBANA_PASSWORD", "KIBANA_API_KEY"); err != nil {
		return cfg, err
	}
	if cfg.ECE, err = read("EC_HOST", "EC_USER", "EC_PASS", "EC_API_KEY"); err != nil {
		return cfg, err
	}
	if cfg.ECE != nil {
		cfg.ECE.Region = getenv("EC_REGION")
	}
	return cfg, nil
}
