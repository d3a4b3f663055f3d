// Package config says how to reach each system: a TOML file of profiles
// (like kubectl contexts), environment variables over the file, flags
// over the environment, credentials inline (in an owner-only file), from
// a variable or from a command, and — when nothing configures ECE —
// ecctl's own configuration.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/tokentui/tokentui/backend/transport"
)

// System is how to reach one system, fully resolved.
type System struct {
	URL                string
	Username, Password string
	APIKey             string
	CACertFiles        []string // PEM bundles to trust, on top of the system pool
	CAFingerprint      string
	Insecure           bool
	Timeout            time.Duration // 0: the default
	Space              string        // Kibana
	Region             string        // ECE
	Source             string        // where it came from, for messages ("profile prod", "environment", "ecctl ~/.ecctl/config.yaml")
}

// Config is the three systems; a nil one is not configured.
type Config struct {
	Elasticsearch, Kibana, ECE *System
	Profile                    string   // the profile in use, "" when none
	Profiles                   []string // every profile of the file
	Path                       string   // the file read, "" when none
}

// Hints say what to set for an unconfigured system.
const (
	HintElasticsearch = "set ELASTICSEARCH_URL, and ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD (creating tokens needs a user with manage_security), or ELASTICSEARCH_API_KEY to list and revoke only; or add an [profiles.<name>.elasticsearch] section to the config file (tokentui config init)"
	HintKibana        = "set KIBANA_URL, and KIBANA_USERNAME and KIBANA_PASSWORD, or KIBANA_API_KEY; or add a [profiles.<name>.kibana] section to the config file (tokentui config init)"
	HintECE           = "set EC_HOST, and EC_API_KEY or EC_USER and EC_PASS (an ecctl configuration in ~/.ecctl is read too); or add a [profiles.<name>.ece] section to the config file (tokentui config init)"
)

// Overrides are the command-line flags that win over everything.
type Overrides struct {
	Insecure bool
	Timeout  time.Duration
	ESURL    string // es create --url
}

// Options say what to load.
type Options struct {
	Path      string // --config; "" = $TOKENTUI_CONFIG, then the XDG default
	Profile   string // --profile
	Getenv    func(string) string
	Overrides Overrides
	// RunCommand runs a *_command credential helper; default: sh -c.
	RunCommand func(command string) (string, error)
	// NoFile reads no config file (and no ecctl file): the environment alone.
	NoFile bool
}

// Problems is every validation problem found, one per line.
type Problems []string

func (p Problems) Error() string {
	if len(p) == 1 {
		return p[0]
	}
	return fmt.Sprintf("%d problems in the configuration:\n  %s", len(p), strings.Join(p, "\n  "))
}

// DefaultPath is where the config file is looked for.
func DefaultPath(getenv func(string) string) string {
	if p := getenv("TOKENTUI_CONFIG"); p != "" {
		return p
	}
	return filepath.Join(configBase(getenv), "tokentui", "config.toml")
}

// Load reads, merges, resolves and validates.
func Load(opts Options) (Config, error) {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.RunCommand == nil {
		opts.RunCommand = runCommand
	}
	path, explicit := opts.Path, opts.Path != "" || opts.Getenv("TOKENTUI_CONFIG") != ""
	if path == "" {
		path = DefaultPath(opts.Getenv)
	}
	var cfg Config
	var probs Problems
	file, err := readFile(path)
	switch {
	case opts.NoFile:
		file = nil
	case errors.Is(err, os.ErrNotExist) && !explicit:
		file = nil // no file: the environment alone
	case err != nil:
		return cfg, err
	default:
		cfg.Path = path
	}
	var prof *profileFile
	if file != nil {
		probs = append(probs, file.problems...)
		for name := range file.Profiles {
			cfg.Profiles = append(cfg.Profiles, name)
		}
		sort.Strings(cfg.Profiles)
		name := opts.Profile
		if name == "" {
			name = file.DefaultProfile
		}
		if name == "" && len(cfg.Profiles) == 1 {
			name = cfg.Profiles[0]
		}
		if name != "" {
			p, ok := file.Profiles[name]
			if !ok {
				probs = append(probs, fmt.Sprintf("%s: no profile %q (profiles: %s)", path, name, strings.Join(cfg.Profiles, ", ")))
			} else {
				prof, cfg.Profile = &p, name
				file.profile = name
			}
		}
	} else if opts.Profile != "" {
		probs = append(probs, fmt.Sprintf("--profile %s: no config file at %s (tokentui config init writes one)", opts.Profile, path))
	}
	r := resolver{path: path, opts: opts, file: file}
	var es, kb, ec *sectionFile
	if prof != nil {
		es, kb, ec = prof.Elasticsearch.section(), prof.Kibana.section(), prof.ECE.section()
	}
	cfg.Elasticsearch = r.system("elasticsearch", es, envNames{"ELASTICSEARCH_URL", "ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD", "ELASTICSEARCH_API_KEY"}, &probs)
	cfg.Kibana = r.system("kibana", kb, envNames{"KIBANA_URL", "KIBANA_USERNAME", "KIBANA_PASSWORD", "KIBANA_API_KEY"}, &probs)
	cfg.ECE = r.system("ece", ec, envNames{"EC_HOST", "EC_USER", "EC_PASS", "EC_API_KEY"}, &probs)
	if cfg.ECE == nil && !opts.NoFile {
		cfg.ECE = r.ecctl(&probs)
	}
	if s := cfg.Elasticsearch; s != nil && opts.Overrides.ESURL != "" {
		s.URL = opts.Overrides.ESURL
	}
	if ca := opts.Getenv("TOKENTUI_CA_CERT"); ca != "" {
		if _, err := os.Stat(ca); err != nil {
			probs = append(probs, "TOKENTUI_CA_CERT: "+err.Error())
		}
	}
	for _, s := range []*System{cfg.Elasticsearch, cfg.Kibana, cfg.ECE} {
		if s == nil {
			continue
		}
		if ca := opts.Getenv("TOKENTUI_CA_CERT"); ca != "" {
			s.CACertFiles = append(s.CACertFiles, ca)
		}
		if opts.Overrides.Insecure {
			s.Insecure = true
		}
		if opts.Overrides.Timeout > 0 {
			s.Timeout = opts.Overrides.Timeout
		}
	}
	if len(probs) > 0 {
		return cfg, probs
	}
	return cfg, nil
}

type envNames struct{ url, user, pass, key string }

type resolver struct {
	path string
	opts Options
	file *fileData
}

// system merges file, environment and resolves credentials for one system.
func (r resolver) system(name string, sec *sectionFile, env envNames, probs *Problems) *System {
	getenv := r.opts.Getenv
	at := func(key string) string { return fmt.Sprintf("%s: %s.%s", r.path, name, key) }
	if r.file != nil && r.file.profile != "" {
		at = func(key string) string {
			return fmt.Sprintf("%s: profiles.%s.%s.%s", r.path, r.file.profile, name, key)
		}
	}
	s := &System{}
	fromFile := sec != nil && sec.URL != ""
	credProblem := false // a credential source already failed: say it once
	if sec != nil {
		s.Source = "config file"
		s.URL, s.Username, s.CAFingerprint, s.Insecure, s.Space, s.Region = sec.URL, sec.Username, sec.CAFingerprint, sec.Insecure, sec.Space, sec.Region
		if sec.CACert != "" {
			s.CACertFiles = append(s.CACertFiles, expandHome(sec.CACert, getenv))
		}
		if sec.Timeout != "" {
			d, err := time.ParseDuration(sec.Timeout)
			if err != nil || d <= 0 {
				*probs = append(*probs, at("timeout")+fmt.Sprintf(": %q is not a duration (like 30s or 2m)", sec.Timeout))
			}
			s.Timeout = d
		}
		before := len(*probs)
		s.Password = r.secret(sec.Password, sec.PasswordEnv, sec.PasswordCommand, at, "password", probs)
		s.APIKey = r.secret(sec.APIKey, sec.APIKeyEnv, sec.APIKeyCommand, at, "api_key", probs)
		credProblem = len(*probs) > before
	}
	// The environment wins over the file, field by field.
	if v := strings.TrimSpace(getenv(env.url)); v != "" {
		s.URL, s.Source = v, "environment"
		at = func(string) string { return env.url }
	}
	if v := getenv(env.user); v != "" {
		s.Username = v
	}
	if v := getenv(env.pass); v != "" {
		s.Password = v
	}
	if v := getenv(env.key); v != "" {
		s.APIKey = v
	}
	if name == "ece" {
		if v := getenv("EC_REGION"); v != "" {
			s.Region = v
		}
		if getenv("EC_INSECURE") == "true" {
			s.Insecure = true
		}
	}
	if s.URL == "" {
		if sec != nil && !fromFile && (sec.Username != "" || sec.Password != "" || sec.APIKey != "") {
			*probs = append(*probs, at("url")+": missing (the section has credentials but no URL)")
		}
		return nil
	}
	checkURL(s.URL, at("url"), probs)
	if s.CAFingerprint != "" {
		if _, err := transport.NormalizeFingerprint(s.CAFingerprint); err != nil {
			*probs = append(*probs, at("ca_fingerprint")+": "+err.Error())
		}
	}
	for _, f := range s.CACertFiles {
		if _, err := os.Stat(f); err != nil {
			*probs = append(*probs, at("ca_cert")+": "+err.Error())
		}
	}
	switch {
	case s.APIKey != "" && (s.Username != "" || s.Password != ""):
		*probs = append(*probs, at("api_key")+": set either an API key or a username and password, not both")
	case s.APIKey == "" && (s.Username == "" || s.Password == "") && !credProblem:
		*probs = append(*probs, at("username")+": missing credentials: set username and password (or password_env / password_command), or api_key")
	}
	return s
}

// secret resolves one credential from its three possible sources.
func (r resolver) secret(inline, envName, command string, at func(string) string, key string, probs *Problems) string {
	set := 0
	for _, v := range []string{inline, envName, command} {
		if v != "" {
			set++
		}
	}
	if set > 1 {
		*probs = append(*probs, at(key)+fmt.Sprintf(": set only one of %s, %s_env and %s_command", key, key, key))
		return ""
	}
	switch {
	case inline != "":
		if r.file != nil && !modeShowsReaders() {
			*probs = append(*probs, fmt.Sprintf("%s holds a %s, but on Windows tokentui cannot check that only you can read the file: use %s_env or %s_command",
				r.path, key, key, key))
			return ""
		}
		if r.file != nil && r.file.mode&0o077 != 0 {
			*probs = append(*probs, fmt.Sprintf("%s holds a %s but other users can read it (mode %04o): run chmod 600 %s, or use %s_env or %s_command",
				r.path, key, r.file.mode.Perm(), r.path, key, key))
			return ""
		}
		return inline
	case envName != "":
		v := r.opts.Getenv(envName)
		if v == "" {
			*probs = append(*probs, at(key+"_env")+fmt.Sprintf(": the variable %s is not set", envName))
		}
		return v
	case command != "":
		v, err := r.opts.RunCommand(command)
		if err != nil {
			*probs = append(*probs, at(key+"_command")+": "+err.Error())
			return ""
		}
		if v == "" {
			*probs = append(*probs, at(key+"_command")+": the command printed nothing")
		}
		return v
	}
	return ""
}

func checkURL(raw, at string, probs *Problems) {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		*probs = append(*probs, at+fmt.Sprintf(": %q is not a URL", raw))
	case u.Scheme != "http" && u.Scheme != "https":
		*probs = append(*probs, at+fmt.Sprintf(": %q needs http:// or https://", raw))
	case u.Host == "":
		*probs = append(*probs, at+fmt.Sprintf(": %q has no host", raw))
	case u.User != nil:
		*probs = append(*probs, at+": put credentials in username/password, not in the URL")
	}
}

func expandHome(p string, getenv func(string) string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		return filepath.Join(getenv("HOME"), rest)
	}
	return p
}

// sectionFile is one system's section of a profile.
type sectionFile struct {
	URL             string `toml:"url"`
	Username        string `toml:"username"`
	Password        string `toml:"password"`
	PasswordEnv     string `toml:"password_env"`
	PasswordCommand string `toml:"password_command"`
	APIKey          string `toml:"api_key"`
	APIKeyEnv       string `toml:"api_key_env"`
	APIKeyCommand   string `toml:"api_key_command"`
	CACert          string `toml:"ca_cert"`
	CAFingerprint   string `toml:"ca_fingerprint"`
	Insecure        bool   `toml:"insecure"`
	Timeout         string `toml:"timeout"`
	Space           string `toml:"space"`  // kibana only
	Region          string `toml:"region"` // ece only
}

func (s *sectionFile) section() *sectionFile { return s }

type profileFile struct {
	Elasticsearch *sectionFile `toml:"elasticsearch"`
	Kibana        *sectionFile `toml:"kibana"`
	ECE           *sectionFile `toml:"ece"`
}

type fileData struct {
	DefaultProfile string                 `toml:"default_profile"`
	Profiles       map[string]profileFile `toml:"profiles"`

	mode     os.FileMode
	problems Problems
	profile  string
}

func readFile(path string) (*fileData, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	var f fileData
	md, err := toml.DecodeFile(path, &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("%s: line %d: %s", path, perr.Position.Line, perr.Message)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	f.mode = info.Mode()
	for _, key := range md.Undecoded() {
		f.problems = append(f.problems, fmt.Sprintf("%s: unknown key %s", path, key.String()))
	}
	for name, p := range f.Profiles {
		if p.Elasticsearch != nil && p.Elasticsearch.Space != "" {
			f.problems = append(f.problems, fmt.Sprintf("%s: profiles.%s.elasticsearch.space: space belongs in the kibana section", path, name))
		}
		if p.Elasticsearch != nil && p.Elasticsearch.Region != "" || p.Kibana != nil && p.Kibana.Region != "" {
			f.problems = append(f.problems, fmt.Sprintf("%s: profiles.%s: region belongs in the ece section", path, name))
		}
	}
	if f.DefaultProfile != "" {
		if _, ok := f.Profiles[f.DefaultProfile]; !ok {
			f.problems = append(f.problems, fmt.Sprintf("%s: default_profile: no profile %q", path, f.DefaultProfile))
		}
	}
	return &f, nil
}

// FromEnv reads the environment alone (no file, no profile).
func FromEnv(getenv func(string) string) (Config, error) {
	return Load(Options{NoFile: true, Getenv: getenv})
}
