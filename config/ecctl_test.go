package config

import (
	"strings"
	"testing"
)

// ecctl's order: flags, then the environment, then the configuration file.
func TestECCTLLayers(t *testing.T) {
	home := t.TempDir()
	write(t, home, ".ecctl/config.yaml", "host: https://from-file:12443\nuser: admin\npass: from-file\nregion: file-region\noutput: json\n", 0o600)
	load := func(vars map[string]string, flags ECEFlags) (*System, error) {
		vars["HOME"] = home
		cfg, err := Load(Options{Getenv: env(vars), Overrides: Overrides{ECE: flags}})
		return cfg.ECE, err
	}
	s, err := load(map[string]string{}, ECEFlags{})
	if err != nil || s.URL != "https://from-file:12443" || s.Password != "from-file" || s.Region != "file-region" || s.Output != "json" {
		t.Fatalf("file alone: %+v %v", s, err)
	}
	// The environment over the file, field by field (ecctl's file is still read).
	s, err = load(map[string]string{"EC_PASS": "from-env", "EC_OUTPUT": "text"}, ECEFlags{})
	if err != nil || s.URL != "https://from-file:12443" || s.Password != "from-env" || s.Output != "text" {
		t.Fatalf("environment over file: %+v %v", s, err)
	}
	// Flags over both.
	s, err = load(map[string]string{"EC_PASS": "from-env", "EC_HOST": "https://from-env:12443"},
		ECEFlags{Host: "https://from-flag:12443", Pass: "from-flag", Region: "flag-region"})
	if err != nil || s.URL != "https://from-flag:12443" || s.Password != "from-flag" || s.Username != "admin" || s.Region != "flag-region" {
		t.Fatalf("flags over both: %+v %v", s, err)
	}
	// A flag's problem names the flag.
	_, err = load(map[string]string{}, ECEFlags{Host: "coordinator:12443"})
	if err == nil || !strings.Contains(err.Error(), "--host") {
		t.Fatalf("a bad --host: %v", err)
	}
	_, err = load(map[string]string{}, ECEFlags{APIKey: "k"})
	if err == nil || !strings.Contains(err.Error(), "cannot specify both api_key and user / pass") {
		t.Fatalf("an API key flag over a file's user and pass is ecctl's error: %v", err)
	}
	_, err = load(map[string]string{"EC_INSECURE": "maybe"}, ECEFlags{})
	if err == nil || !strings.Contains(err.Error(), "EC_INSECURE") {
		t.Fatalf("a bad EC_INSECURE: %v", err)
	}
	// Our own ECE section replaces ecctl's file; the environment and the
	// flags still win over it.
	path := write(t, home, "tokentui.toml", "[profiles.p.ece]\nurl = \"https://ours:12443\"\napi_key_env = \"OUR_KEY\"\n", 0o600)
	cfg, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": home, "OUR_KEY": "k"}), Overrides: Overrides{ECE: ECEFlags{Region: "r"}}})
	if err != nil || cfg.ECE.URL != "https://ours:12443" || cfg.ECE.Username != "" || cfg.ECE.Region != "r" {
		t.Fatalf("our section: %+v %v", cfg.ECE, err)
	}
}

func TestECCTLForms(t *testing.T) {
	for _, c := range []struct{ file, body string }{
		{"config.json", `{"host":"https://c:12443","api_key":"k","insecure":true,"output":"json"}`},
		{"config.toml", "host = \"https://c:12443\"\napi_key = \"k\"\ninsecure = true\noutput = \"json\"\n"},
		{"config.yaml", "host: https://c:12443\napi_key: k\ninsecure: true\noutput: json\n"},
		{"config.yml", "Host: https://c:12443\nAPI-Key: k\ninsecure: \"true\"\noutput: json\n"},
	} {
		home := t.TempDir()
		write(t, home, ".ecctl/"+c.file, c.body, 0o600)
		cfg, err := Load(Options{Getenv: env(map[string]string{"HOME": home})})
		if err != nil || cfg.ECE == nil || cfg.ECE.URL != "https://c:12443" || cfg.ECE.APIKey != "k" || !cfg.ECE.Insecure || cfg.ECE.Output != "json" {
			t.Fatalf("%s: %+v %v", c.file, cfg.ECE, err)
		}
	}
	home := t.TempDir()
	write(t, home, ".ecctl/config.toml", "host = \"https://c:12443\"\napi_key = \"k\"\noutput = \"xml\"\n", 0o600)
	if _, err := Load(Options{Getenv: env(map[string]string{"HOME": home})}); err == nil || !strings.Contains(err.Error(), "output must be one either json or text") {
		t.Fatalf("ecctl's output check: %v", err)
	}
	write(t, home, ".ecctl/config.toml", "host = [1]\n", 0o600)
	if _, err := Load(Options{Getenv: env(map[string]string{"HOME": home})}); err == nil || !strings.Contains(err.Error(), "host: must be a string") {
		t.Fatalf("a wrong type: %v", err)
	}
	write(t, home, ".ecctl/config.toml", "host = \n", 0o600)
	if _, err := Load(Options{Getenv: env(map[string]string{"HOME": home})}); err == nil || !strings.Contains(err.Error(), "config.toml") {
		t.Fatalf("a broken file is named: %v", err)
	}
}
