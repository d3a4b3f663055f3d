package config

import (
	"strings"
	"testing"
	"time"
)

func TestRefreshKey(t *testing.T) {
	dir := t.TempDir()
	getenv := env(map[string]string{"HOME": dir, "KB_KEY": "k"})
	path := write(t, dir, "c.toml", "refresh = \"45s\"\n"+twoProfiles, 0o600)
	cfg, err := Load(Options{Path: path, Getenv: getenv})
	if err != nil || cfg.Refresh != 45*time.Second {
		t.Fatalf("refresh %v, err %v", cfg.Refresh, err)
	}
	path = write(t, dir, "none.toml", twoProfiles, 0o600)
	if cfg, err := Load(Options{Path: path, Getenv: getenv}); err != nil || cfg.Refresh != 0 {
		t.Fatalf("off by default: %v, err %v", cfg.Refresh, err)
	}
	for _, bad := range []string{"soon", "10ms", "-5s"} {
		path = write(t, dir, "bad.toml", "refresh = \""+bad+"\"\n"+twoProfiles, 0o600)
		_, err := Load(Options{Path: path, Getenv: getenv})
		if err == nil || !strings.Contains(err.Error(), "refresh: \""+bad+"\" is not a duration of at least 1s") {
			t.Fatalf("refresh = %q: %v", bad, err)
		}
	}
}
