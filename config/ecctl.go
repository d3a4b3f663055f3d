package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
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
			*probs = append(*probs, "ecctl config: "+err.Error())
			return nil
		}
		var f ecctlFile
		if ext == "json" {
			err = json.Unmarshal(data, &f)
		} else {
			err = yaml.Unmarshal(data, &f)
		}
		if err != nil {
			*probs = append(*probs, fmt.Sprintf("%s: %v", path, err))
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
		at := path + ": "
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

// runCommand runs a credential helper once, as git does: through the
// shell, stdout trimmed. Its output is never shown, nor the command (it
// may hold a secret, "echo …"); the config key names it, stderr explains.
func runCommand(command string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Stdin = nil
	out, err := cmd.Output()
	if ctx.Err() != nil {
		return "", errors.New("the command did not finish within 30s")
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		if msg != "" {
			return "", fmt.Errorf("the command failed (%v): %s", err, msg)
		}
		return "", fmt.Errorf("the command failed (%v)", err)
	}
	return strings.TrimSpace(string(out)), nil
}
