package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAuditLogKey(t *testing.T) {
	dir := t.TempDir()
	getenv := env(map[string]string{"HOME": dir, "KB_KEY": "k"})
	for text, off := range map[string]bool{"": false, "audit_log = true\n": false, "audit_log = false\n": true} {
		path := write(t, dir, "c.toml", text+twoProfiles, 0o600)
		cfg, err := Load(Options{Path: path, Getenv: getenv})
		if err != nil || cfg.AuditLogOff != off {
			t.Fatalf("%q: off %v, err %v", text, cfg.AuditLogOff, err)
		}
	}
	path := write(t, dir, "bad.toml", "audit_log = \"no\"\n"+twoProfiles, 0o600)
	if _, err := Load(Options{Path: path, Getenv: getenv}); err == nil || !strings.Contains(err.Error(), "audit_log must be true or false") {
		t.Fatalf("audit_log = \"no\": %v", err)
	}
}

func TestStateDir(t *testing.T) {
	if got := StateDir(env(map[string]string{"XDG_STATE_HOME": "/s", "HOME": "/h"})); got != filepath.Join("/s", "tokentui") {
		t.Fatal(got)
	}
	if got := StateDir(env(map[string]string{"HOME": "/h"})); got != filepath.Join("/h", ".local", "state", "tokentui") {
		t.Fatal(got)
	}
}

func TestProfileNames(t *testing.T) {
	dir := t.TempDir()
	getenv := env(map[string]string{"HOME": dir})
	path := write(t, dir, "c.toml", twoProfiles, 0o600)
	got := ProfileNames(path, getenv)
	cfg, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir, "KB_KEY": "k"})})
	if err != nil || strings.Join(got, ",") != strings.Join(cfg.Profiles, ",") || len(got) != 2 {
		t.Fatalf("ProfileNames %v, Load's %v (%v)", got, cfg.Profiles, err)
	}
	if ProfileNames(filepath.Join(dir, "none.toml"), getenv) != nil {
		t.Fatal("names from a missing file")
	}
}

func TestECCTLName(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".ecctl"), 0o700)
	os.WriteFile(filepath.Join(home, ".ecctl", "prod.yaml"), []byte("host: https://h\n"), 0o600)
	getenv := env(map[string]string{"HOME": home})
	for value, want := range map[string]bool{"prod": true, "staging": false, "prod.yaml": false, "./prod": false, "": false} {
		if got := ECCTLName(value, getenv); got != want {
			t.Errorf("%q: %v, want %v", value, got, want)
		}
	}
}
