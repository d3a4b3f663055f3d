package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/tokentui/tokentui/backend/sanitize"
)

// ecctlFile is the part of ecctl's configuration tokentui uses.
type ecctlFile struct {
	Host     string `json:"host" yaml:"host"`
	APIKey   string `json:"api_key" yaml:"api_key"`
	User     string `json:"user" yaml:"user"`
	Pass     string `json:"pass" yaml:"pass"`
	Region   string `json:"region" yaml:"region"`
	Insecure bool   `json:"insecure" yaml:"insecure"`
	Timeout  string `json:"timeout" yaml:"timeout"`
}

// ecctl reads $HOME/.ecctl/<name>.json|yaml|yml, where <name> is EC_CONFIG
// (a bare name, as ecctl takes it) or "config", so ecctl users need no
// setup. It returns nil when there is no such file.
func (r resolver) ecctl(probs *Problems) *System {
	getenv := r.opts.Getenv
	home := homeDir(getenv)
	if home == "" {
		return nil
	}
	name := getenv("EC_CONFIG")
	if name == "" {
		name = "config"
	}
	for _, ext := range []string{"json", "yaml", "yml"} {
		path := filepath.Join(home, ".ecctl", name+"."+ext)
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			*probs = append(*probs, "ecctl config: "+libMessage(err.Error()))
			return nil
		}
		var f ecctlFile
		if ext == "json" {
			err = json.Unmarshal(data, &f)
		} else {
			err = yaml.Unmarshal(data, &f)
		}
		if err != nil {
			*probs = append(*probs, fmt.Sprintf("%s: %s", sanitize.Text(path), libMessage(err.Error())))
			return nil
		}
		if f.Host == "" {
			return nil // an Elastic Cloud (not ECE) configuration
		}
		s := &System{URL: strings.TrimRight(f.Host, "/"), APIKey: f.APIKey, Username: f.User, Password: f.Pass,
			Region: f.Region, Insecure: f.Insecure, Source: "ecctl " + path}
		if f.Timeout != "" {
			s.Timeout, _ = time.ParseDuration(f.Timeout)
		}
		at := sanitize.Text(path) + ": "
		checkURL(s.URL, at+"host", probs)
		switch {
		case s.APIKey != "" && (s.Username != "" || s.Password != ""):
			*probs = append(*probs, at+"cannot specify both api_key and user / pass")
		case s.APIKey == "" && (s.Username == "" || s.Password == ""):
			*probs = append(*probs, at+"api_key or user and pass must be specified")
		}
		return s
	}
	return nil
}
