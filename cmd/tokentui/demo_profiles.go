package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"

	"github.com/tokentui/tokentui/backend/sim"
)

// demoProfileName names the n-th demo Stack as a profile (1-based).
func demoProfileName(n int) string { return fmt.Sprintf("demo%d", n) }

// writeDemoConfig writes a config file with one profile per Stack (mode
// 0600: it holds the demo passwords) into dir and returns its path. The
// first profile is the default.
func writeDemoConfig(dir string, stacks []*sim.Stack) (string, error) {
	type section struct {
		URL      string `toml:"url"`
		Username string `toml:"username,omitempty"`
		Password string `toml:"password,omitempty"`
		APIKey   string `toml:"api_key,omitempty"`
		CACert   string `toml:"ca_cert"`
	}
	type profile struct {
		Elasticsearch section `toml:"elasticsearch"`
		Kibana        section `toml:"kibana"`
		ECE           section `toml:"ece"`
	}
	file := struct {
		DefaultProfile string             `toml:"default_profile"`
		Profiles       map[string]profile `toml:"profiles"`
	}{DefaultProfile: demoProfileName(1), Profiles: map[string]profile{}}
	for i, s := range stacks {
		file.Profiles[demoProfileName(i+1)] = profile{
			Elasticsearch: section{URL: s.ESURL, Username: s.Creds.ESUsername, Password: s.Creds.ESPassword, CACert: s.CAFile},
			Kibana:        section{URL: s.KibanaURL, Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass, CACert: s.CAFile},
			ECE:           section{URL: s.ECEURL, APIKey: s.Creds.ECEAPIKey, CACert: s.CAFile},
		}
	}
	var buf bytes.Buffer
	buf.WriteString("# Written by tokentui demo serve --profiles; removed when it stops.\n")
	if err := toml.NewEncoder(&buf).Encode(file); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "config.toml")
	return path, os.WriteFile(path, buf.Bytes(), 0o600)
}
