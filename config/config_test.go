package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func write(t *testing.T, dir, name, body string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

const twoProfiles = `
default_profile = "prod"

[profiles.prod.elasticsearch]
url = "https://es.prod:9200"
username = "elastic"
password = "file-password"
timeout = "45s"

[profiles.prod.kibana]
url = "https://kb.prod:5601"
api_key_env = "KB_KEY"
space = "ops"

[profiles.staging.elasticsearch]
url = "https://es.staging:9200"
username = "tokentui"
password_command = "printf '  from-command \n'"
`

func TestPrecedenceFlagEnvFile(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "c.toml", twoProfiles, 0o600)
	e := map[string]string{"HOME": dir, "KB_KEY": "a2V5OnNlY3JldA=="}
	cfg, err := Load(Options{Path: path, Getenv: env(e)})
	if err != nil {
		t.Fatal(err)
	}
	es := cfg.Elasticsearch
	if cfg.Profile != "prod" || es.URL != "https://es.prod:9200" || es.Password != "file-password" || es.Timeout != 45*time.Second {
		t.Fatalf("file: %+v", es)
	}
	if cfg.Kibana.APIKey != "a2V5OnNlY3JldA==" || cfg.Kibana.Space != "ops" || cfg.ECE != nil {
		t.Fatalf("kibana %+v ece %+v", cfg.Kibana, cfg.ECE)
	}
	// The environment wins over the file…
	e["ELASTICSEARCH_URL"], e["ELASTICSEARCH_PASSWORD"] = "https://es.env:9200", "env-password"
	cfg, err = Load(Options{Path: path, Getenv: env(e)})
	if err != nil || cfg.Elasticsearch.URL != "https://es.env:9200" || cfg.Elasticsearch.Password != "env-password" || cfg.Elasticsearch.Username != "elastic" {
		t.Fatalf("env over file: %+v %v", cfg.Elasticsearch, err)
	}
	// …and flags win over the environment.
	cfg, err = Load(Options{Path: path, Getenv: env(e), Overrides: Overrides{ESURL: "https://es.flag:9200", Insecure: true, Timeout: 5 * time.Second}})
	if err != nil || cfg.Elasticsearch.URL != "https://es.flag:9200" || !cfg.Elasticsearch.Insecure || cfg.Kibana.Timeout != 5*time.Second {
		t.Fatalf("flag over env: %+v %v", cfg.Elasticsearch, err)
	}
}

func TestProfilesAndCommand(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "c.toml", twoProfiles, 0o600)
	cfg, err := Load(Options{Path: path, Profile: "staging", Getenv: env(map[string]string{"HOME": dir})})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Elasticsearch.Password != "from-command" || cfg.Kibana != nil || strings.Join(cfg.Profiles, ",") != "prod,staging" {
		t.Fatalf("%+v %v", cfg.Elasticsearch, cfg.Profiles)
	}
	_, err = Load(Options{Path: path, Profile: "nope", Getenv: env(map[string]string{"HOME": dir})})
	if err == nil || !strings.Contains(err.Error(), `no profile "nope" (profiles: prod, staging)`) {
		t.Fatalf("unknown profile: %v", err)
	}
	failing := strings.Replace(twoProfiles, `printf '  from-command \n'`, `echo oops >&2; exit 3`, 1)
	path = write(t, dir, "f.toml", failing, 0o600)
	_, err = Load(Options{Path: path, Profile: "staging", Getenv: env(map[string]string{"HOME": dir})})
	if err == nil || !strings.Contains(err.Error(), "profiles.staging.elasticsearch.password_command") || !strings.Contains(err.Error(), "oops") {
		t.Fatalf("failing command: %v", err)
	}
	leaky := strings.Replace(twoProfiles, `printf '  from-command \n'`, `echo hunter2-secret >/dev/null; exit 1`, 1)
	path = write(t, dir, "l.toml", leaky, 0o600)
	_, err = Load(Options{Path: path, Profile: "staging", Getenv: env(map[string]string{"HOME": dir})})
	if err == nil || strings.Contains(err.Error(), "hunter2-secret") {
		t.Fatalf("a failing command's text may hold a secret and must not be shown: %v", err)
	}
}

// A file readable by others is one problem, said once, however many
// inline credentials it holds.
func TestAReadableFileIsOneProblem(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "c.toml", `[profiles.p.elasticsearch]
url = "https://es:9200"
username = "u"
password = "pw"
[profiles.p.kibana]
url = "https://kb:5601"
api_key = "k"
`, 0o644)
	_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir})})
	var probs Problems
	if !errors.As(err, &probs) || len(probs) != 1 || strings.Count(err.Error(), "chmod 600") != 1 {
		t.Fatalf("one problem, once: %v", err)
	}
	if strings.Contains(err.Error(), "holds a ") {
		t.Fatalf("the copy reads well: %v", err)
	}
}

func TestInlineSecretsNeedAnOwnerOnlyFile(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "c.toml", twoProfiles, 0o644)
	_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir, "KB_KEY": "x"})})
	if err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) || !strings.Contains(err.Error(), "mode 0644") {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), "file-password") {
		t.Fatal("the error shows the password")
	}
	if strings.Contains(err.Error(), "missing credentials") {
		t.Fatalf("one problem, one message: %v", err)
	}
	noInline := strings.Replace(twoProfiles, `password = "file-password"`, `password_env = "P"`, 1)
	path = write(t, dir, "ok.toml", noInline, 0o644)
	if _, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir, "KB_KEY": "x", "P": "y"})}); err != nil {
		t.Fatalf("a readable file without inline secrets is fine: %v", err)
	}
}

func TestValidationMessages(t *testing.T) {
	dir := t.TempDir()
	bad := `
default_profile = "p"
[profiles.p.elasticsearch]
url = "es.example:9200"
username = "u"
passwrd = "typo"
timeout = "soon"
ca_fingerprint = "abc"
[profiles.p.kibana]
url = "https://kb:5601"
username = "u"
password_env = "UNSET_VAR"
[profiles.p.ece]
url = "https://ece:12443"
api_key = "k"
username = "admin"
password = "p"
region = "r"
[profiles.p.elasticsearch.extra]
x = 1
`
	path := write(t, dir, "c.toml", bad, 0o600)
	_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir})})
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("want Problems, got %v", err)
	}
	text := err.Error()
	for _, want := range []string{
		path + ": unknown key profiles.p.elasticsearch.passwrd",
		path + ": unknown key profiles.p.elasticsearch.extra",
		`profiles.p.elasticsearch.timeout: "soon" is not a duration`,
		`profiles.p.elasticsearch.url: "es.example:9200" needs http:// or https://`,
		"profiles.p.elasticsearch.ca_fingerprint: CA fingerprint must be a SHA-256",
		"profiles.p.elasticsearch.username: missing credentials",
		"profiles.p.kibana.password_env: the variable UNSET_VAR is not set",
		"profiles.p.ece.api_key: set either an API key or a username and password, not both",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if _, err := Load(Options{Path: filepath.Join(dir, "missing.toml"), Getenv: env(map[string]string{"HOME": dir})}); err == nil {
		t.Error("an explicit missing file is an error")
	}
	syntax := write(t, dir, "s.toml", "default_profile = \n", 0o600)
	if _, err := Load(Options{Path: syntax, Getenv: env(map[string]string{"HOME": dir})}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a syntax error names the line: %v", err)
	}
}

func TestDefaultPathAndNoFile(t *testing.T) {
	if p := DefaultPath(env(map[string]string{"HOME": "/h"})); p != "/h/.config/tokentui/config.toml" {
		t.Fatal(p)
	}
	if p := DefaultPath(env(map[string]string{"HOME": "/h", "XDG_CONFIG_HOME": "/x"})); p != "/x/tokentui/config.toml" {
		t.Fatal(p)
	}
	if p := DefaultPath(env(map[string]string{"TOKENTUI_CONFIG": "/t.toml"})); p != "/t.toml" {
		t.Fatal(p)
	}
	// No file at the default place: the environment alone.
	cfg, err := Load(Options{Getenv: env(map[string]string{"HOME": t.TempDir(), "KIBANA_URL": "https://kb:5601", "KIBANA_API_KEY": "k"})})
	if err != nil || cfg.Kibana == nil || cfg.Path != "" {
		t.Fatalf("%+v %v", cfg, err)
	}
	_, err = Load(Options{Getenv: env(map[string]string{"HOME": t.TempDir(), "KIBANA_URL": "https://kb:5601"})})
	if err == nil || !strings.Contains(err.Error(), "KIBANA_URL") {
		t.Fatalf("URL without credentials: %v", err)
	}
}

func TestECCTLConfigIsRead(t *testing.T) {
	home := t.TempDir()
	write(t, home, ".ecctl/config.yaml", "host: https://coordinator.example:12443\napi_key: ece-key\ninsecure: true\noutput: json\n", 0o600)
	cfg, err := Load(Options{Getenv: env(map[string]string{"HOME": home})})
	if err != nil {
		t.Fatal(err)
	}
	if e := cfg.ECE; e == nil || e.URL != "https://coordinator.example:12443" || e.APIKey != "ece-key" || !e.Insecure || !strings.Contains(e.Source, "ecctl") {
		t.Fatalf("%+v", cfg.ECE)
	}
	write(t, home, ".ecctl/ece.json", `{"host":"https://other:12443","user":"admin","pass":"pw","region":"us-east"}`, 0o600)
	cfg, err = Load(Options{Getenv: env(map[string]string{"HOME": home, "EC_CONFIG": "ece"})})
	if err != nil || cfg.ECE.Username != "admin" || cfg.ECE.Region != "us-east" {
		t.Fatalf("EC_CONFIG names the file: %+v %v", cfg.ECE, err)
	}
	// ECE settings from the environment win: ecctl's file is not read.
	cfg, err = Load(Options{Getenv: env(map[string]string{"HOME": home, "EC_HOST": "https://envhost:12443", "EC_API_KEY": "k2"})})
	if err != nil || cfg.ECE.URL != "https://envhost:12443" {
		t.Fatalf("%+v %v", cfg.ECE, err)
	}
	write(t, home, ".ecctl/bad.yaml", "host: https://x:1\n", 0o600)
	_, err = Load(Options{Getenv: env(map[string]string{"HOME": home, "EC_CONFIG": "bad"})})
	if err == nil || !strings.Contains(err.Error(), "api_key or user and pass must be specified") {
		t.Fatalf("ecctl's own message: %v", err)
	}
}

func TestInitWritesAnOwnerOnlyExampleThatLoads(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "config.toml")
	if err := Init(path); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", info.Mode().Perm())
	}
	if err := Init(path); err == nil {
		t.Fatal("Init must not overwrite")
	}
	cfg, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir, "ELASTIC_PASSWORD": "p", "KIBANA_API_KEY": "k"}),
		RunCommand: func(string) (string, error) { return "ece-key", nil }})
	if err != nil {
		t.Fatalf("the example must load once its variables are set: %v", err)
	}
	if cfg.Elasticsearch == nil || cfg.Kibana == nil || cfg.ECE == nil || cfg.ECE.APIKey != "ece-key" {
		t.Fatalf("%+v", cfg)
	}
}

func TestPlainHTTPNeedsConsent(t *testing.T) {
	dir := t.TempDir()
	e := map[string]string{"HOME": dir, "KIBANA_URL": "http://kb.local:5601", "KIBANA_API_KEY": "a2V5OnNlY3JldA=="}
	_, err := Load(Options{NoFile: true, Getenv: env(e)})
	if err == nil || !strings.Contains(err.Error(), "allow_plain_http = true") || !strings.Contains(err.Error(), "--allow-plain-http") {
		t.Fatalf("http:// without consent: %v", err)
	}
	cfg, err := Load(Options{NoFile: true, Getenv: env(e), Overrides: Overrides{AllowPlainHTTP: true}})
	if err != nil || !cfg.Kibana.PlainHTTP() {
		t.Fatalf("--allow-plain-http: %v, PlainHTTP %v", err, cfg.Kibana.PlainHTTP())
	}
	path := write(t, dir, "c.toml", `
[profiles.lab.elasticsearch]
url = "http://es.lab:9200"
username = "elastic"
password_env = "PW"
allow_plain_http = true

[profiles.lab.kibana]
url = "http://kb.lab:5601"
api_key_env = "PW"
`, 0o600)
	_, err = Load(Options{Path: path, Getenv: env(map[string]string{"PW": "secret-pw"})})
	if err == nil || !strings.Contains(err.Error(), "kibana section") || strings.Contains(err.Error(), "elasticsearch section") {
		t.Fatalf("consent is per system: %v", err)
	}
	cfg, err = Load(Options{Path: path, Getenv: env(map[string]string{"PW": "secret-pw"}), Overrides: Overrides{AllowPlainHTTP: true}})
	if err != nil || !cfg.Elasticsearch.PlainHTTP() || !cfg.Kibana.PlainHTTP() {
		t.Fatalf("%v %+v", err, cfg)
	}
	https, _ := Load(Options{NoFile: true, Getenv: env(map[string]string{"KIBANA_URL": "https://kb:5601", "KIBANA_API_KEY": "k"}), Overrides: Overrides{AllowPlainHTTP: true}})
	if https.Kibana.PlainHTTP() {
		t.Fatal("an https:// system is reported as plain HTTP")
	}
}

func TestFileSizeAndTypes(t *testing.T) {
	dir := t.TempDir()
	load := func(body string) error {
		path := write(t, dir, "c.toml", body, 0o600)
		_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir, "PW": "x"})})
		return err
	}
	big := "# " + strings.Repeat("x", 1<<20) + "\n"
	if err := load(big); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Fatalf("a 1 MiB file: %v", err)
	}
	cases := []struct{ body, want string }{
		{"profiles = 3", "profiles must be a table of profiles, as [profiles.NAME.elasticsearch], not an integer"},
		{`profiles = "prod"`, "profiles must be a table of profiles"},
		{"default_profile = 3", "default_profile must be a string (a profile name), not an integer"},
		{"[profiles]\nprod = [1, 2]", "profiles.prod must be a table, as [profiles.prod.elasticsearch], not an array"},
		{"[profiles.prod]\nkibana = true", "profiles.prod.kibana must be a table, as [profiles.prod.kibana], not a boolean"},
		{"[profiles.prod.elasticsearch]\nurl = 5", "profiles.prod.elasticsearch.url must be a string (in quotes), not an integer"},
		{"[profiles.prod.elasticsearch]\ntimeout = 30", "profiles.prod.elasticsearch.timeout must be a string (in quotes), not an integer"},
		{"[profiles.prod.ece]\ninsecure = \"yes\"", "profiles.prod.ece.insecure must be true or false, not a string"},
		{"[profiles.prod.kibana]\nallow_plain_http = 1", "profiles.prod.kibana.allow_plain_http must be true or false, not an integer"},
	}
	for _, c := range cases {
		err := load(c.body)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v\nwant %q", c.body, err, c.want)
		}
	}
}

func TestLongOrHostileValuesAreNotEchoed(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("s3cr3t", 20) // 120 bytes, like a pasted key
	for _, body := range []string{
		"[profiles.p.elasticsearch]\nurl = \"" + long + "\"\nusername = \"u\"\npassword_env = \"PW\"",
		"[profiles.p.elasticsearch]\nurl = \"https://es:9200\"\nusername = \"u\"\npassword_env = \"PW\"\ntimeout = \"" + long + "\"",
		"default_profile = \"" + long + "\"\n[profiles.p.elasticsearch]\nurl = \"https://es:9200\"\nusername = \"u\"\npassword_env = \"PW\"",
		"[profiles.p.elasticsearch]\nurl = \"https://es:9200\"\n" + long + " = 1",
		"[profiles.p.elasticsearch]\nurl = \"https://es:9200\" " + long, // a syntax error
		"[profiles.p.elasticsearch]\nurl = \"" + long + "",              // unterminated
	} {
		path := write(t, dir, "c.toml", body, 0o600)
		_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir, "PW": "x"})})
		if err == nil {
			t.Fatalf("%q: no error", body)
		}
		if strings.Contains(err.Error(), "s3cr3ts3cr3t") {
			t.Errorf("the error echoes a long value: %v", err)
		}
	}
	path := write(t, dir, "c.toml", "[profiles.p.elasticsearch]\nurl = \"es\x1b]0;pwned\x07\"\nusername = \"u\"\npassword_env = \"PW\"", 0o600)
	_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir, "PW": "x"})})
	if err == nil || strings.ContainsRune(err.Error(), 0x1b) || strings.ContainsRune(err.Error(), 0x07) {
		t.Fatalf("a control character reaches the message: %q", err)
	}
	_, err = Load(Options{NoFile: true, Getenv: env(map[string]string{"KIBANA_URL": long, "KIBANA_API_KEY": "k"})})
	if err == nil || strings.Contains(err.Error(), "s3cr3ts3cr3t") {
		t.Fatalf("an environment value: %v", err)
	}
}

// Only resolves one system: another section's credential helper never
// runs and its problems do not fail the load.
func TestOnlyResolvesOneSystem(t *testing.T) {
	dir := t.TempDir()
	broken := strings.NewReplacer(`url = "https://es.prod:9200"`, `url = "not a url"`,
		`password = "file-password"`, `password_command = "exit 3"`).Replace(twoProfiles)
	path := write(t, dir, "c.toml", broken, 0o600)
	var ran []string
	opts := Options{Path: path, Profile: "prod", Getenv: env(map[string]string{"HOME": dir, "KB_KEY": "k"}),
		RunCommand: func(c string) (string, error) { ran = append(ran, c); return "", errors.New("exit status 3") }}
	opts.Only = backend.Fleet
	cfg, err := Load(opts)
	if err != nil || cfg.Kibana == nil || cfg.Kibana.APIKey != "k" || cfg.Elasticsearch != nil || cfg.ECE != nil || len(ran) > 0 {
		t.Fatalf("Only fleet: %+v %v, commands run %q", cfg, err, ran)
	}
	if cfg.System(backend.Fleet) != cfg.Kibana || !strings.HasPrefix(Hint(backend.Fleet), "set KIBANA_URL,") {
		t.Fatal("Fleet is the kibana section")
	}
	opts.Only = ""
	if _, err := Load(opts); err == nil || !strings.Contains(err.Error(), "password_command") || !strings.Contains(err.Error(), `"not a url"`) || len(ran) != 1 {
		t.Fatalf("all systems: %v, commands run %q", err, ran)
	}
}

// A URL holding a password never reaches a message, whatever else is
// wrong with it.
func TestURLCredentialsAreNeverEchoed(t *testing.T) {
	for _, env := range []map[string]string{
		{"ELASTICSEARCH_URL": "http://elastic:hunter2@localhost:9200", "ELASTICSEARCH_PASSWORD": "x", "ELASTICSEARCH_USERNAME": "u"},
		{"ELASTICSEARCH_URL": "https://elastic:hunter2@localhost:99x", "ELASTICSEARCH_PASSWORD": "x", "ELASTICSEARCH_USERNAME": "u"},
		{"KIBANA_URL": "ftp://u:hunter2@kibana", "KIBANA_API_KEY": "k"},
	} {
		_, err := Load(Options{NoFile: true, Getenv: func(k string) string { return env[k] }})
		if err == nil {
			t.Fatalf("%v: no error", env)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the password reaches the message: %v", err)
		}
	}
}

// The environment wins over the file for every credential of every
// system: a file source it overrides is neither read (password_env naming
// an unset variable is no error) nor run; an API key from it replaces
// the file's username and password, a password the file's API key.
func TestEnvironmentWinsForEveryCredential(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "c.toml", `
[profiles.p.elasticsearch]
url = "https://es:9200"
username = "elastic"
password_env = "ELASTIC_PASSWORD"

[profiles.p.kibana]
url = "https://kb:5601"
api_key_command = "exit 3"

[profiles.p.ece]
url = "https://ece:12443"
username = "admin"
password_command = "exit 3"
`, 0o600)
	e := map[string]string{"HOME": dir, "ELASTICSEARCH_PASSWORD": "x", "KIBANA_API_KEY": "a2V5OnNlY3JldA==", "EC_API_KEY": "ece-key"}
	cfg, err := Load(Options{Path: path, Getenv: env(e)})
	if err != nil {
		t.Fatalf("the environment overrides every failing file source: %v", err)
	}
	if cfg.Elasticsearch.Password != "x" || cfg.Elasticsearch.Username != "elastic" {
		t.Fatalf("es: %+v", cfg.Elasticsearch)
	}
	if cfg.Kibana.APIKey != "a2V5OnNlY3JldA==" {
		t.Fatalf("kibana: %+v", cfg.Kibana)
	}
	if cfg.ECE.APIKey != "ece-key" || cfg.ECE.Username != "" || cfg.ECE.Password != "" {
		t.Fatalf("ece: an API key from the environment replaces the file's user and password: %+v", cfg.ECE)
	}
}
