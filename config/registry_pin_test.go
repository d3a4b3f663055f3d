package config

import (
	"strings"
	"testing"
)

// problemsOf loads a config file of body with the environment vars (and
// HOME), and gives its problems with the file's path as PATH.
func problemsOf(t *testing.T, body string, vars map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	path := write(t, dir, "c.toml", body, 0o600)
	all := map[string]string{"HOME": dir}
	for k, v := range vars {
		all[k] = v
	}
	_, err := Load(Options{Path: path, Getenv: env(all)})
	if err == nil {
		t.Fatal("no problems")
	}
	return strings.ReplaceAll(err.Error(), path, "PATH")
}

// The configuration problems, word for word and in order, for a file
// that touches every section: unknown sections and keys, keys in the
// wrong section, plain HTTP, missing credentials. Pinned before the
// systems moved into the registry (backend/system).
func TestProblemsPinnedWordForWord(t *testing.T) {
	got := problemsOf(t, `
default_profile = "p"
[profiles.p.elasticsearch]
url = "http://es:9200"
username = "u"
space = "s"
region = "r"
[profiles.p.kibanna]
url = "https://kb:5601"
[profiles.p.kibana]
url = "http://kb:5601"
api_key_env = "KB_KEY"
region = "r"
bogus = 1
[profiles.p.ece]
url = "http://ece:12443"
default_expiration = "30d"
[profiles.q.ece]
url = "https://ece:12443"
`, map[string]string{"KB_KEY": "k", "EC_REGION": "x"})
	want := `11 problems in the configuration:
  PATH: unknown key profiles.p.kibanna
  PATH: unknown key profiles.p.kibanna.url
  PATH: unknown key profiles.p.kibana.bogus
  PATH: profiles.p.elasticsearch.space: space belongs in the kibana section
  PATH: profiles.p: default_expiration belongs in the kibana section (Fleet tokens)
  PATH: profiles.p: region belongs in the ece section
  PATH: profiles.p.elasticsearch.username: missing credentials: set username and password (or password_env / password_command), or api_key
  PATH: profiles.p.ece.username: missing credentials: set username and password (or password_env / password_command), or api_key
  elasticsearch (config file): "http://es:9200" is plain HTTP: the credentials would travel in clear text; use https://, or opt in with allow_plain_http = true in the profile's elasticsearch section (or --allow-plain-http)
  kibana (config file): "http://kb:5601" is plain HTTP: the credentials would travel in clear text; use https://, or opt in with allow_plain_http = true in the profile's kibana section (or --allow-plain-http)
  ece (config file): "http://ece:12443" is plain HTTP: the credentials would travel in clear text; use https://, or opt in with allow_plain_http = true in the profile's ece section (or --allow-plain-http)`
	if got != want {
		t.Errorf("problems changed:\n%s\nwant:\n%s", got, want)
	}
}

// The types check, word for word, over every section.
func TestTypeProblemsPinnedWordForWord(t *testing.T) {
	got := problemsOf(t, `
[profiles.p.elasticsearch]
url = 1
insecure = "yes"
[profiles.p.kibana]
timeout = 30
[profiles.p.ece]
allow_plain_http = "no"
[profiles.q]
ece = 3
`, nil)
	want := `5 problems in the configuration:
  PATH: profiles.p.ece.allow_plain_http must be true or false, not a string
  PATH: profiles.p.elasticsearch.insecure must be true or false, not a string
  PATH: profiles.p.elasticsearch.url must be a string (in quotes), not an integer
  PATH: profiles.p.kibana.timeout must be a string (in quotes), not an integer
  PATH: profiles.q.ece must be a table, as [profiles.q.ece], not an integer`
	if got != want {
		t.Errorf("problems changed:\n%s\nwant:\n%s", got, want)
	}
}
