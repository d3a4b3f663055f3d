package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func pretend(t *testing.T, os string) {
	old := goos
	goos = os
	t.Cleanup(func() { goos = old })
}

func TestDefaultPathPerPlatform(t *testing.T) {
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"HOME": "/home/u"}, "/home/u/.config/tokentui/config.toml"},
		{"linux", map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "/x"}, "/x/tokentui/config.toml"},
		{"darwin", map[string]string{"HOME": "/Users/u"}, "/Users/u/.config/tokentui/config.toml"},
		{"windows", map[string]string{"APPDATA": `C:\Users\u\AppData\Roaming`, "USERPROFILE": `C:\Users\u`}, filepath.Join(`C:\Users\u\AppData\Roaming`, "tokentui", "config.toml")},
		{"windows", map[string]string{"USERPROFILE": `C:\Users\u`}, filepath.Join(`C:\Users\u`, ".config", "tokentui", "config.toml")},
		{"windows", map[string]string{"XDG_CONFIG_HOME": "/x", "APPDATA": `C:\a`}, "/x/tokentui/config.toml"},
	} {
		pretend(t, tc.goos)
		if got := DefaultPath(env(tc.env)); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.goos, tc.env, got, tc.want)
		}
	}
}

func TestInlineSecretsOnWindowsAreRefusedWithTheWayOut(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "c.toml", twoProfiles, 0o600)
	pretend(t, "windows")
	_, err := Load(Options{Path: path, Getenv: env(map[string]string{"USERPROFILE": dir, "KB_KEY": "x"})})
	if err == nil || !strings.Contains(err.Error(), "on Windows") || !strings.Contains(err.Error(), "password_env") {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), "file-password") || strings.Contains(err.Error(), "chmod") {
		t.Fatalf("the error shows the password or a Unix fix: %v", err)
	}
}

func TestECCTLConfigUnderUserProfileOnWindows(t *testing.T) {
	home := t.TempDir()
	write(t, home, ".ecctl/config.json", `{"host": "https://ece.example:12443", "api_key": "k"}`, 0o600)
	pretend(t, "windows")
	cfg, err := Load(Options{Getenv: env(map[string]string{"USERPROFILE": home, "APPDATA": t.TempDir()})})
	if err != nil || cfg.ECE == nil || cfg.ECE.URL != "https://ece.example:12443" {
		t.Fatalf("ecctl config under %%USERPROFILE%% not read: %+v, %v", cfg.ECE, err)
	}
}
