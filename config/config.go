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
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/childenv"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/system"
	_ "github.com/tokentui/tokentui/backend/system/builtin" // the systems tokentui ships
	"github.com/tokentui/tokentui/backend/transport"
)

// System is how to reach one system, fully resolved.
type System struct {
	URL                string
	Username, Password string
	APIKey             string
	CACertFiles        []string // PEM bundles to trust instead of the system roots
	CAFingerprint      string
	Insecure           bool
	// AllowPlainHTTP: the user consented to credentials over an http://
	// URL (allow_plain_http = true in the section, or --allow-plain-http).
	// Without it an http:// URL is a configuration problem.
	AllowPlainHTTP bool
	Timeout        time.Duration // 0: the default
	Space          string        // Kibana
	// DefaultExpiration is the lifetime of a Fleet token created without
	// one (Kibana; a duration such as 30d; "" = none set).
	DefaultExpiration string
	Region            string // ECE
	Source            string // where it came from, for messages ("profile prod", "environment", "ecctl ~/.ecctl/config.yaml")
	// Output is ECE's output setting as ecctl takes it: EC_OUTPUT over the
	// ecctl configuration's output key ("json" or "text"); "" when unset.
	Output string
	// Policy is the command policy of an Elastic CLI context, nil when
	// none (elasticcli_policy.go).
	Policy *CommandPolicy
}

// Settings are the credentials and options the system's client takes.
func (s *System) Settings() system.Settings {
	return system.Settings{Username: s.Username, Password: s.Password, APIKey: s.APIKey,
		Space: s.Space, DefaultExpiration: s.DefaultExpiration, Region: s.Region}
}

// PlainHTTP reports that credentials for this system travel in clear
// text (an http:// URL the user allowed): the CLI warns on every run and
// the UI shows a badge.
func (s *System) PlainHTTP() bool {
	return s != nil && s.AllowPlainHTTP && strings.HasPrefix(strings.ToLower(s.URL), "http://")
}

// Config is every system of the registry (backend/system), the three
// tokentui ships by name; a nil one is not configured.
type Config struct {
	Elasticsearch, Kibana, ECE *System
	others                     map[backend.System]*System // systems beyond the three
	Profile                    string                     // the profile in use, "" when none
	Profiles                   []string                   // every profile of the file
	Path                       string                     // the file read, "" when none
	// Refresh is how often the UI lists every tab again (top-level key
	// refresh, like "30s"); 0: only on r.
	Refresh time.Duration
	// AuditLogOff is the top-level audit_log = false: no audit trail of
	// mutations is written (it is on by default).
	AuditLogOff bool
}

// System returns the settings of one system (Fleet's are the Kibana
// section), nil when it is not configured or was not resolved.
func (c Config) System(sys backend.System) *System {
	switch sys {
	case backend.Elasticsearch:
		return c.Elasticsearch
	case backend.ECE:
		return c.ECE
	case backend.Fleet:
		return c.Kibana
	}
	return c.others[sys]
}

// set stores the settings of one system.
func (c *Config) set(sys backend.System, s *System) {
	switch sys {
	case backend.Elasticsearch:
		c.Elasticsearch = s
	case backend.ECE:
		c.ECE = s
	case backend.Fleet:
		c.Kibana = s
	default:
		if c.others == nil {
			c.others = map[backend.System]*System{}
		}
		c.others[sys] = s
	}
}

// Hint says what to set for an unconfigured system (its registry row's).
func Hint(sys backend.System) string {
	row, _ := system.Lookup(sys)
	return row.Hint
}

// Overrides are the command-line flags that win over everything.
type Overrides struct {
	Insecure       bool
	AllowPlainHTTP bool // --allow-plain-http, for every system
	Timeout        time.Duration
	ESURL          string // es create --url
	ECE            ECEFlags
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
	// Only, when set, resolves that system's section alone (its settings
	// and credentials, including any *_command), so that a command for
	// one system never fails on, or runs a credential helper of, another.
	Only backend.System
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
		if t := opts.Overrides.Timeout; t > 0 && t < helperTimeout {
			// --timeout bounds each helper too: a shorter one is obeyed.
			opts.RunCommand = func(command string) (string, error) { return runHelper(command, t) }
		}
	}
	path, explicit := opts.Path, opts.Path != "" || opts.Getenv("TOKENTUI_CONFIG") != ""
	if path == "" {
		path = DefaultPath(opts.Getenv)
	}
	shown := sanitize.Text(path) // for messages
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
		cfg.Refresh, _ = time.ParseDuration(file.Refresh) // checked when read
		cfg.AuditLogOff = file.AuditLog != nil && !*file.AuditLog
	}
	var prof profileFile
	name := opts.Profile
	if file != nil {
		probs = append(probs, file.problems...)
		for name := range file.Profiles {
			cfg.Profiles = append(cfg.Profiles, name)
		}
		sort.Strings(cfg.Profiles)
		if name == "" {
			name = file.DefaultProfile
		}
		if name == "" && len(cfg.Profiles) == 1 {
			name = cfg.Profiles[0]
		}
		if name != "" {
			p, ok := file.Profiles[name]
			if !ok && !strings.HasPrefix(name, ElasticCLIPrefix) {
				probs = append(probs, fmt.Sprintf("%s: no profile %s (profiles: %s)", shown, echo(name), echoNames(cfg.Profiles)))
			} else if ok {
				prof, cfg.Profile = p, name
				file.profile = name
			}
		}
	} else if opts.Profile != "" && !strings.HasPrefix(opts.Profile, ElasticCLIPrefix) {
		probs = append(probs, fmt.Sprintf("--profile %s: no config file at %s (tokentui config init writes one)", echoName(opts.Profile), shown))
	}
	esBase, kbBase := useElasticCLI(opts, name, &cfg, &probs)
	r := resolver{path: shown, opts: opts, file: file}
	// Another tool's configuration is the bottom layer of a system with
	// no section of ours: the Elastic CLI's context for Elasticsearch and
	// Kibana (esBase, kbBase), ecctl's for ECE.
	bases := map[backend.System]*System{backend.Elasticsearch: esBase, backend.Fleet: kbBase}
	for _, row := range system.All() {
		if opts.Only != "" && opts.Only != row.System {
			continue
		}
		sec, base, flags := prof[row.Section], bases[row.System], ECEFlags{}
		if row.System == backend.ECE {
			// Under the environment and ecctl's flags, as in ecctl.
			if sec == nil && !opts.NoFile {
				base = r.ecctl(&probs)
			}
			flags = opts.Overrides.ECE
		}
		cfg.set(row.System, r.system(row, sec, base, flags, &probs))
	}
	if s := cfg.Elasticsearch; s != nil && opts.Overrides.ESURL != "" {
		s.URL = opts.Overrides.ESURL
	}
	if ca := opts.Getenv("TOKENTUI_CA_CERT"); ca != "" {
		if _, err := os.Stat(ca); err != nil {
			probs = append(probs, "TOKENTUI_CA_CERT: "+err.Error())
		}
	}
	for _, row := range system.All() {
		s := cfg.System(row.System)
		if s == nil {
			continue
		}
		if opts.Overrides.AllowPlainHTTP {
			s.AllowPlainHTTP = true
		}
		if strings.HasPrefix(strings.ToLower(s.URL), "http://") && !s.AllowPlainHTTP {
			name := row.Section
			probs = append(probs, fmt.Sprintf("%s: %s is plain HTTP: the credentials would travel in clear text; use https://, or opt in with allow_plain_http = true in the profile's %s section (or --allow-plain-http)",
				name+" ("+s.Source+")", echoURL(s.URL), name))
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
		return cfg, probs.unique()
	}
	return cfg, nil
}

// unique is p with each problem once, in the order first found: a file
// readable by others is one problem, however many credentials it holds.
func (p Problems) unique() Problems {
	seen := map[string]bool{}
	var out Problems
	for _, s := range p {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

type resolver struct {
	path string
	opts Options
	file *fileData
}

// system merges file (or base, another tool's configuration), environment
// and flags (ECE only), and resolves credentials for one system.
func (r resolver) system(row system.Row, sec *sectionFile, base *System, flags ECEFlags, probs *Problems) *System {
	getenv, name, env := r.opts.Getenv, row.Section, row.Env
	at := func(key string) string { return fmt.Sprintf("%s: %s.%s", r.path, name, key) }
	if r.file != nil && r.file.profile != "" {
		at = func(key string) string {
			return fmt.Sprintf("%s: profiles.%s.%s.%s", r.path, echoName(r.file.profile), name, key)
		}
	}
	s := &System{}
	fromFile := sec != nil && sec.URL != ""
	credProblem := false // a credential source already failed: say it once
	isECE := row.System == backend.ECE
	ecctlWords := isECE && sec == nil
	if sec != nil {
		s.Source = "config file"
		s.URL, s.Username, s.CAFingerprint, s.Insecure, s.Space, s.Region = sec.URL, sec.Username, sec.CAFingerprint, sec.Insecure, sec.Space, sec.Region
		s.AllowPlainHTTP = sec.AllowPlainHTTP
		s.DefaultExpiration = sec.DefaultExpiration
		if err := fleet.CheckExpiration(sec.DefaultExpiration); err != nil {
			*probs = append(*probs, at("default_expiration")+fmt.Sprintf(": %s is not a duration such as 30d, 24h, 90m or 60s", echo(sec.DefaultExpiration)))
		}
		if sec.CACert != "" {
			s.CACertFiles = append(s.CACertFiles, expandHome(sec.CACert, getenv))
		}
		if sec.Timeout != "" {
			d, err := time.ParseDuration(sec.Timeout)
			if err != nil || d <= 0 {
				*probs = append(*probs, at("timeout")+fmt.Sprintf(": %s is not a duration (like 30s or 2m)", echo(sec.Timeout)))
			}
			s.Timeout = d
		}
		// The environment wins over the file for every credential: a
		// file source the environment overrides is neither read nor run
		// (password_env naming an unset variable is no error then). An
		// API key from the environment replaces the file's username and
		// password; a password from it, the file's API key.
		envPass, envKey := getenv(env.Password) != "", getenv(env.APIKey) != ""
		before := len(*probs)
		if !envPass && !envKey {
			s.Password = r.secret(sec.Password, sec.PasswordEnv, sec.PasswordCommand, at, "password", probs)
		}
		if !envKey && !envPass {
			s.APIKey = r.secret(sec.APIKey, sec.APIKeyEnv, sec.APIKeyCommand, at, "api_key", probs)
		}
		if envKey {
			s.Username = ""
		}
		credProblem = len(*probs) > before
	} else if base != nil {
		*s = *base
		shown := sanitize.Text(strings.TrimPrefix(base.Source, "ecctl "))
		at = func(key string) string { return shown + ": " + ecctlKey(key) }
	}
	// The environment wins over the file, field by field.
	if v := strings.TrimSpace(getenv(env.URL)); v != "" {
		s.URL, s.Source = v, "environment"
		at = func(string) string { return env.URL }
	}
	if v := getenv(env.Username); v != "" {
		s.Username = v
	}
	if v := getenv(env.Password); v != "" {
		s.Password = v
	}
	if v := getenv(env.APIKey); v != "" {
		s.APIKey = v
	}
	if isECE {
		if v := getenv("EC_REGION"); v != "" {
			s.Region = v
		}
		if v := getenv("EC_INSECURE"); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				*probs = append(*probs, "EC_INSECURE: must be true or false, not "+echo(v))
			}
			s.Insecure = s.Insecure || b
		}
		if v := getenv("EC_OUTPUT"); v != "" {
			s.Output = v
			checkECCTLOutput(v, "EC_OUTPUT", probs)
		} else if base != nil && sec == nil {
			checkECCTLOutput(s.Output, at("output"), probs)
		}
	}
	// ecctl's flags win over both.
	if flags.Host != "" {
		s.URL, s.Source = strings.TrimSpace(flags.Host), "flags"
		at = flagKey
	}
	for _, f := range []struct{ v, to *string }{{&flags.User, &s.Username}, {&flags.Pass, &s.Password}, {&flags.APIKey, &s.APIKey}, {&flags.Region, &s.Region}} {
		if *f.v != "" {
			*f.to = *f.v
		}
	}
	if s.URL == "" {
		switch {
		case flags.any():
			*probs = append(*probs, "--host: missing: the URL of the ECE coordinator, like https://coordinator.example:12443")
		case sec != nil && !fromFile && (sec.Username != "" || sec.Password != "" || sec.APIKey != ""):
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
	case s.APIKey != "" && (s.Username != "" || s.Password != "") && ecctlWords:
		*probs = append(*probs, at("api_key")+": cannot specify both api_key and user / pass")
	case s.APIKey != "" && (s.Username != "" || s.Password != ""):
		*probs = append(*probs, at("api_key")+": set either an API key or a username and password, not both")
	case s.APIKey == "" && (s.Username == "" || s.Password == "") && ecctlWords:
		*probs = append(*probs, at("username")+": api_key or user and pass must be specified (--api-key, or --user and --pass; or EC_API_KEY, or EC_USER and EC_PASS)")
	case s.APIKey == "" && (s.Username == "" || s.Password == "") && !credProblem:
		*probs = append(*probs, at("username")+": missing credentials: set username and password (or password_env / password_command), or api_key")
	}
	return s
}

// ecctlKey names one of our keys as ecctl's configuration spells it.
func ecctlKey(key string) string {
	switch key {
	case "url":
		return "host"
	case "username":
		return "user"
	case "password":
		return "pass"
	}
	return key
}

// flagKey names the ecctl flag that set a key.
func flagKey(key string) string {
	switch key {
	case "username":
		return "--user"
	case "password":
		return "--pass"
	case "api_key":
		return "--api-key"
	}
	return "--host"
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
			*probs = append(*probs, fmt.Sprintf("%s holds a %s, but on Windows tokentui cannot check that only you can read the file: use %s_env (or %s_command, run with sh)",
				r.path, key, key, key))
			return ""
		}
		if r.file != nil && r.file.mode&0o077 != 0 {
			*probs = append(*probs, fmt.Sprintf("%s holds credentials inline but other users can read it (mode %04o): run chmod 600 %s, or move them to the *_env or *_command keys",
				r.path, r.file.mode.Perm(), r.path))
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
		if why := r.file.unsafeToRun(); why != "" {
			*probs = append(*probs, fmt.Sprintf("%s: refusing to run %s_command: %s", at(key+"_command"), key, why))
			return ""
		}
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
	case strings.Contains(raw, "@") && (err != nil || u.User != nil):
		*probs = append(*probs, at+": put credentials in username/password, not in the URL")
	case err != nil:
		*probs = append(*probs, at+fmt.Sprintf(": %s is not a URL", echoURL(raw)))
	case u.Scheme != "http" && u.Scheme != "https":
		*probs = append(*probs, at+fmt.Sprintf(": %s needs http:// or https://", echoURL(raw)))
	case u.Host == "":
		*probs = append(*probs, at+fmt.Sprintf(": %s has no host", echoURL(raw)))
	}
}

func expandHome(p string, getenv func(string) string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		return filepath.Join(homeDir(getenv), rest)
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
	AllowPlainHTTP  bool   `toml:"allow_plain_http"`
	Timeout         string `toml:"timeout"`
	Space           string `toml:"space"` // kibana only
	// DefaultExpiration: kibana only, the lifetime of Fleet creates.
	DefaultExpiration string `toml:"default_expiration"`
	Region            string `toml:"region"` // ece only
}

// profileFile is one profile: its sections by name (a registry row's
// Section); a section no row names stays undecoded, an unknown key.
type profileFile map[string]*sectionFile

type fileData struct {
	DefaultProfile string   `toml:"default_profile"`
	Refresh        string   `toml:"refresh"`
	AuditLog       *bool    `toml:"audit_log"`
	Sections       rawFiles `toml:"profiles"`
	// Profiles are the profiles, with the sections of the registry's
	// systems decoded.
	Profiles map[string]profileFile `toml:"-"`

	mode       os.FileMode
	owner      int  // the file's owner's uid
	ownerKnown bool // false where the platform does not say (Windows)
	problems   Problems
	profile    string
}

// unsafeToRun says why the file's *_command must not run, as ssh refuses a
// config file: anyone who can write it (other users, or its owner when
// that is someone else) could make tokentui run their command as you.
// Root's files are trusted, as by ssh. "" when it is safe (or no file).
func (f *fileData) unsafeToRun() string {
	switch {
	case f == nil:
		return ""
	case modeShowsReaders() && f.mode&0o022 != 0:
		return fmt.Sprintf("other users can write the file (mode %04o); run chmod go-w on it", f.mode.Perm())
	case f.ownerKnown && f.owner != currentUID() && f.owner != 0:
		return fmt.Sprintf("the file belongs to another user (uid %d); use a config file of your own", f.owner)
	}
	return ""
}

// maxFileSize bounds the config file: a real one is a few KiB.
const maxFileSize = 1 << 20

func readFile(path string) (*fileData, error) {
	shown := sanitize.Text(path)
	data, info, err := readRegular(path, maxFileSize)
	if err != nil {
		var pe *os.PathError
		switch {
		case errors.As(err, &pe):
			return nil, fmt.Errorf("config file %s: %w", shown, pe.Err)
		case errors.Is(err, errTooLarge):
			return nil, fmt.Errorf("%s: %v", shown, err)
		}
		return nil, fmt.Errorf("config file %s: %v", shown, libMessage(err.Error()))
	}
	if err := checkTOMLDepth(data); err != nil {
		return nil, fmt.Errorf("%s: %v", shown, err)
	}
	// Types first: the decoder silently ignores some mismatches
	// (profiles = 3), and words others in its own terms.
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, decodeError(shown, err)
	}
	if probs := checkTypes(raw, shown); len(probs) > 0 {
		return nil, probs
	}
	var f fileData
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		return nil, decodeError(shown, err)
	}
	f.mode = info.Mode()
	f.owner, f.ownerKnown = fileOwner(info)
	if f.Profiles, err = f.Sections.decode(md); err != nil {
		return nil, decodeError(shown, err)
	}
	for _, key := range undecoded(md) {
		parts := make([]string, len(key))
		for i, k := range key {
			parts[i] = echoName(k)
		}
		f.problems = append(f.problems, fmt.Sprintf("%s: unknown key %s", shown, strings.Join(parts, ".")))
	}
	for name, p := range f.Profiles {
		// Variables that hold credentials stay out of child processes.
		for _, sec := range p {
			childenv.Hide(sec.PasswordEnv, sec.APIKeyEnv)
		}
		es, kb, ec := p["elasticsearch"], p["kibana"], p["ece"]
		if es != nil && es.Space != "" {
			f.problems = append(f.problems, fmt.Sprintf("%s: profiles.%s.elasticsearch.space: space belongs in the kibana section", shown, echoName(name)))
		}
		if es != nil && es.DefaultExpiration != "" || ec != nil && ec.DefaultExpiration != "" {
			f.problems = append(f.problems, fmt.Sprintf("%s: profiles.%s: default_expiration belongs in the kibana section (Fleet tokens)", shown, echoName(name)))
		}
		if es != nil && es.Region != "" || kb != nil && kb.Region != "" {
			f.problems = append(f.problems, fmt.Sprintf("%s: profiles.%s: region belongs in the ece section", shown, echoName(name)))
		}
	}
	if f.Refresh != "" {
		if d, err := time.ParseDuration(f.Refresh); err != nil || d < time.Second {
			f.problems = append(f.problems, fmt.Sprintf("%s: refresh: %s is not a duration of at least 1s (like 30s or 5m)", shown, echo(f.Refresh)))
		}
	}
	if f.DefaultProfile != "" {
		if _, ok := f.Profiles[f.DefaultProfile]; !ok && !strings.HasPrefix(f.DefaultProfile, ElasticCLIPrefix) {
			f.problems = append(f.problems, fmt.Sprintf("%s: default_profile: no profile %s", shown, echo(f.DefaultProfile)))
		}
	}
	return &f, nil
}

func decodeError(shown string, err error) error {
	var perr toml.ParseError
	if errors.As(err, &perr) {
		return fmt.Errorf("%s: line %d: %s", shown, perr.Position.Line, libMessage(perr.Message))
	}
	return fmt.Errorf("%s: %s", shown, libMessage(err.Error()))
}

// sectionKinds maps each key of a system's section to its Go kind.
var sectionKinds = func() map[string]reflect.Kind {
	m := map[string]reflect.Kind{}
	t := reflect.TypeFor[sectionFile]()
	for i := range t.NumField() {
		m[t.Field(i).Tag.Get("toml")] = t.Field(i).Type.Kind()
	}
	return m
}()

// checkTypes names every key whose value has the wrong type.
func checkTypes(raw map[string]any, shown string) Problems {
	var probs Problems
	bad := func(key, want string, v any) {
		probs = append(probs, fmt.Sprintf("%s: %s must be %s, not %s", shown, key, want, tomlType(v)))
	}
	if v, ok := raw["default_profile"]; ok {
		if _, ok := v.(string); !ok {
			bad("default_profile", "a string (a profile name)", v)
		}
	}
	if v, ok := raw["audit_log"]; ok {
		if _, ok := v.(bool); !ok {
			bad("audit_log", "true or false", v)
		}
	}
	v, ok := raw["profiles"]
	if !ok {
		return probs
	}
	profiles, ok := v.(map[string]any)
	if !ok {
		bad("profiles", "a table of profiles, as [profiles.NAME.elasticsearch]", v)
		return probs
	}
	for name, p := range profiles {
		key := "profiles." + echoName(name)
		prof, ok := p.(map[string]any)
		if !ok {
			bad(key, "a table, as ["+key+".elasticsearch]", p)
			continue
		}
		for _, row := range system.All() {
			system := row.Section
			sv, ok := prof[system]
			if !ok {
				continue
			}
			sec, ok := sv.(map[string]any)
			if !ok {
				bad(key+"."+system, "a table, as ["+key+"."+system+"]", sv)
				continue
			}
			for field, fv := range sec {
				switch sectionKinds[field] {
				case reflect.Bool:
					if _, ok := fv.(bool); !ok {
						bad(key+"."+system+"."+field, "true or false", fv)
					}
				case reflect.String:
					if _, ok := fv.(string); !ok {
						bad(key+"."+system+"."+field, "a string (in quotes)", fv)
					}
				}
			}
		}
	}
	sort.Strings(probs)
	return probs
}

// tomlType names a decoded TOML value's type.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a %T", v)
}
