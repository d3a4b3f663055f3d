package config

import (
	"strings"
	"testing"
)

func TestDefaultExpirationIsReadAndChecked(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "c.toml", `
[profiles.p.kibana]
url = "https://kb:5601"
api_key_env = "KB_KEY"
default_expiration = "30d"
`, 0o600)
	cfg, err := Load(Options{Path: path, Profile: "p", Getenv: env(map[string]string{"HOME": dir, "KB_KEY": "a2V5OnNlY3JldA=="})})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Kibana.DefaultExpiration != "30d" {
		t.Fatalf("default_expiration = %q, want 30d", cfg.Kibana.DefaultExpiration)
	}
	for body, want := range map[string]string{
		"[profiles.p.kibana]\nurl = \"https://kb:5601\"\ndefault_expiration = \"7 days\"\n":    `profiles.p.kibana.default_expiration: "7 days" is not a duration`,
		"[profiles.p.elasticsearch]\nurl = \"https://es:9200\"\ndefault_expiration = \"7d\"\n": "default_expiration belongs in the kibana section",
	} {
		path := write(t, dir, "bad.toml", body, 0o600)
		_, err := Load(Options{Path: path, Profile: "p", Getenv: env(map[string]string{"HOME": dir})})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", body, err, want)
		}
	}
}
