package config

// Profiles from the contexts of Elastic's official CLI (`elastic`, file
// ~/.elasticrc.yml). Choices where Elastic's CLI does otherwise or says
// nothing:
//   - Each context is the profile "elastic:<context>": the colon keeps it
//     apart from tokentui's own names, and tokentui's own profile of the
//     same name wins anyway.
//   - Only the selected context's $(…) expressions are resolved (the CLI
//     resolves every context's): a `cmd` of a context not in use never runs,
//     and a broken unused context does not break the one in use.
//   - A file that cannot be read is a problem only when one of its profiles
//     is asked for: a stray ~/.elasticrc never breaks tokentui's own config.
//   - `cmd` runs through tokentui's credential-helper machinery (sh -c,
//     its timeout, its process group, credentials withheld from the child)
//     and only from a file the user owns that nobody else may write.
//     keychain, secret_service, pass and credential_manager are refused by
//     name: tokentui does not read OS secret stores.
//   - Inline secrets need an owner-only file, as in tokentui's own file.
//   - The `cloud` block is ignored: it is Elastic Cloud's API, not ECE, and
//     the file has no ECE block. `version` and `elasticsearch: {via: kibana}`
//     are not used (the latter leaves Elasticsearch unconfigured).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/tokentui/tokentui/backend/childenv"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// ElasticCLIPrefix starts the name of a profile read from Elastic's CLI.
const ElasticCLIPrefix = "elastic:"

// elasticCLINames are looked for in the home directory, in this order.
var elasticCLINames = []string{".elasticrc", ".elasticrc.json", ".elasticrc.yaml", ".elasticrc.yml"}

const errElasticCLIScript = "JavaScript and TypeScript config files are not supported for security reasons. Use .elasticrc.yml instead."

// elasticCLIPath finds Elastic's CLI file: ELASTIC_CLI_CONFIG_FILE, else
// the first readable of ~/.elasticrc{,.json,.yaml,.yml}; "" when none.
func elasticCLIPath(getenv func(string) string) string {
	if p := getenv("ELASTIC_CLI_CONFIG_FILE"); p != "" {
		return p
	}
	home := homeDir(getenv)
	if home == "" {
		return ""
	}
	for _, name := range elasticCLINames {
		p := filepath.Join(home, name)
		if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
			continue // opening a FIFO would block; a directory is no config
		}
		if fh, err := os.Open(p); err == nil {
			fh.Close()
			return p
		}
	}
	return ""
}

type elasticCLIAuth struct {
	APIKey   string `yaml:"api_key"`
	Username string `yaml:"username"`
	Password string `yaml:"password"`
}

type elasticCLIService struct {
	URL  string          `yaml:"url"`
	Via  string          `yaml:"via"`
	Auth *elasticCLIAuth `yaml:"auth"`
}

type elasticCLIContext struct {
	Elasticsearch *elasticCLIService  `yaml:"elasticsearch"`
	Kibana        *elasticCLIService  `yaml:"kibana"`
	Cloud         *elasticCLIService  `yaml:"cloud"`
	Commands      *elasticCLICommands `yaml:"commands"`
}

type elasticCLIFile struct {
	Contexts       map[string]elasticCLIContext `yaml:"contexts"`
	Commands       *elasticCLICommands          `yaml:"commands"`
	DefaultProfile string                       `yaml:"default_profile"`

	path  string // as shown
	info  os.FileInfo
	names []string // profile names, sorted
}

// readElasticCLI reads and parses the file at path: a regular file only
// (never a FIFO or a device), at most maxFileSize. YAML reads JSON too.
func readElasticCLI(path string) (*elasticCLIFile, error) {
	shown := sanitize.Text(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".js", ".ts", ".mjs", ".cjs", ".mts", ".cts":
		return nil, fmt.Errorf("%s: %s", shown, errElasticCLIScript)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", shown, libMessage(err.Error()))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", shown)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", shown, libMessage(err.Error()))
	}
	defer fh.Close()
	if info, err = fh.Stat(); err != nil || !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", shown)
	}
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", shown, libMessage(err.Error()))
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than 1 MiB, the limit of a config file: is it the right file?", shown)
	}
	var f elasticCLIFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %s", shown, libMessage(err.Error()))
	}
	if len(f.Contexts) == 0 {
		return nil, fmt.Errorf("%s: contexts: at least one context is required", shown)
	}
	f.path, f.info = shown, info
	for name := range f.Contexts {
		f.names = append(f.names, ElasticCLIPrefix+name)
	}
	sort.Strings(f.names)
	return &f, nil
}

// loadElasticCLI finds and reads Elastic's CLI file: (nil, nil) when there
// is none.
func loadElasticCLI(getenv func(string) string) (*elasticCLIFile, error) {
	path := elasticCLIPath(getenv)
	if path == "" {
		return nil, nil
	}
	return readElasticCLI(path)
}

// addElasticCLIProfiles appends the contexts' profile names after names
// (tokentui's own), except those tokentui's own file already has.
func addElasticCLIProfiles(names []string, ecli *elasticCLIFile) []string {
	if ecli == nil {
		return names
	}
	own := len(names)
	for _, n := range ecli.names {
		dup := false
		for _, o := range names[:own] {
			dup = dup || o == n
		}
		if !dup {
			names = append(names, n)
		}
	}
	return names
}

// elasticCLIProfile resolves the profile name (elastic:<context>) into
// Elasticsearch and Kibana settings, used as the layer under the
// environment (as ecctl's file is for ECE). ok is false when name is not
// one of the file's profiles.
func elasticCLIProfile(ecli *elasticCLIFile, name string, opts Options, probs *Problems) (es, kb *System, ok bool) {
	ctxName, isElastic := strings.CutPrefix(name, ElasticCLIPrefix)
	if ecli == nil || !isElastic {
		return nil, nil, false
	}
	c, found := ecli.Contexts[ctxName]
	if !found {
		return nil, nil, false
	}
	at := func(key string) string { return fmt.Sprintf("%s: contexts.%s.%s", ecli.path, echoName(ctxName), key) }
	if c.Elasticsearch == nil && c.Kibana == nil && c.Cloud == nil {
		*probs = append(*probs, at("")+": at least one service block (elasticsearch, kibana, or cloud) is required")
		return nil, nil, true
	}
	policy, err := ecli.policy(ctxName, c)
	if err != nil {
		*probs = append(*probs, err.Error())
		return nil, nil, true
	}
	service := func(block string, s *elasticCLIService) *System {
		if s == nil || s.URL == "" {
			return nil // absent, or Elasticsearch via Kibana: no URL of its own
		}
		before := len(*probs)
		sys := &System{Source: "Elastic CLI " + ecli.path + " context " + sanitize.Text(ctxName), Policy: policy}
		sys.URL = ecli.resolve(s.URL, at(block+".url"), opts, probs)
		checkURL(sys.URL, at(block+".url"), probs)
		a := s.Auth
		switch {
		case a == nil || (a.APIKey == "" && a.Username == "" && a.Password == ""):
			*probs = append(*probs, at(block+".auth")+": missing: tokentui needs an api_key, or a username and password")
		case a.APIKey != "" && (a.Username != "" || a.Password != ""):
			*probs = append(*probs, at(block+".auth")+": exactly one of api_key or username/password")
		case a.APIKey != "":
			sys.APIKey = ecli.secret(a.APIKey, at(block+".auth.api_key"), opts, probs)
		case a.Username == "" || a.Password == "":
			*probs = append(*probs, at(block+".auth")+": username and password go together")
		default:
			sys.Username = ecli.resolve(a.Username, at(block+".auth.username"), opts, probs)
			sys.Password = ecli.secret(a.Password, at(block+".auth.password"), opts, probs)
		}
		if len(*probs) > before {
			return nil
		}
		return sys
	}
	wanted := func(sys string) bool { return opts.Only == "" || string(opts.Only) == sys }
	if wanted("elasticsearch") {
		es = service("elasticsearch", c.Elasticsearch)
	}
	if wanted("fleet") {
		kb = service("kibana", c.Kibana)
	}
	return es, kb, true
}

// secret resolves a credential; an inline one needs an owner-only file.
func (f *elasticCLIFile) secret(v, at string, opts Options, probs *Problems) string {
	if !exprRE().MatchString(v) && (!modeShowsReaders() || f.info.Mode()&0o077 != 0) {
		*probs = append(*probs, fmt.Sprintf("%s: an inline secret in a file others may read: run chmod 600 %s, or use $(env:NAME) or $(file:PATH)", at, f.path))
		return ""
	}
	return f.resolve(v, at, opts, probs)
}

// exprRE is the CLI's expression syntax: $(resolver:params).
var exprRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\(([a-z_][a-z0-9_]*):([^)]+)\)`) })

// resolve replaces every $(resolver:params) in v. The resolver's output
// is never part of a message.
func (f *elasticCLIFile) resolve(v, at string, opts Options, probs *Problems) string {
	failed := false
	out := exprRE().ReplaceAllStringFunc(v, func(expr string) string {
		m := exprRE().FindStringSubmatch(expr)
		s, err := f.resolveOne(m[1], m[2], opts)
		if err != nil {
			if !failed {
				*probs = append(*probs, fmt.Sprintf("%s: Failed to resolve config expressions: %v", at, err))
			}
			failed = true
		}
		return s
	})
	if failed {
		return ""
	}
	return out
}

// maxSecretFile is the CLI's limit for $(file:…).
const maxSecretFile = 64 << 10

func (f *elasticCLIFile) resolveOne(name, param string, opts Options) (string, error) {
	switch name {
	case "env":
		childenv.Hide(param) // a credential: kept from child processes
		v := opts.Getenv(param)
		if v == "" {
			//lint:ignore ST1005 the message config/elasticcli_test.go pins, capital included
			return "", fmt.Errorf("Environment variable %q is not set or is empty", param) // %q escapes what sanitize would
		}
		return v, nil
	case "file":
		shown := sanitize.Text(param)
		info, err := os.Stat(param)
		if err != nil {
			return "", fmt.Errorf("file %s: %v", shown, libMessage(err.Error()))
		}
		if !info.Mode().IsRegular() || info.Size() > maxSecretFile {
			return "", fmt.Errorf("file %s: not a regular file of at most 64 KiB", shown)
		}
		fh, err := os.Open(param)
		if err != nil {
			return "", fmt.Errorf("file %s: %v", shown, libMessage(err.Error()))
		}
		defer fh.Close()
		data, err := io.ReadAll(io.LimitReader(fh, maxSecretFile+1))
		if err != nil || len(data) > maxSecretFile {
			return "", fmt.Errorf("file %s: not a regular file of at most 64 KiB", shown)
		}
		return strings.TrimRight(string(data), " \t\r\n"), nil
	case "cmd":
		if !modeShowsReaders() || !ownedByCurrentUser(f.info) || f.info.Mode()&0o022 != 0 {
			return "", fmt.Errorf("$(cmd:…) runs only from a file you own that no one else can write (run chmod go-w %s)", f.path)
		}
		v, err := opts.RunCommand(param)
		if err != nil {
			return "", fmt.Errorf("$(cmd:…): %v", err)
		}
		if v == "" {
			return "", errors.New("$(cmd:…): the command printed nothing")
		}
		return v, nil
	case "keychain", "secret_service", "pass", "credential_manager":
		return "", fmt.Errorf("the %s resolver is not supported by tokentui (it does not read OS secret stores): use $(env:NAME), $(file:PATH) or $(cmd:COMMAND)", name)
	}
	return "", fmt.Errorf("unknown resolver %q (known: env, file, cmd, keychain, secret_service, pass, credential_manager)", name)
}

// useElasticCLI adds the Elastic CLI's profiles to cfg.Profiles, after
// tokentui's own, and, when the profile asked for (name) is one of them
// and tokentui's file has no profile of that name, resolves it into the
// layers under the environment.
func useElasticCLI(opts Options, name string, cfg *Config, probs *Problems) (es, kb *System) {
	if opts.NoFile {
		return nil, nil
	}
	ecli, err := loadElasticCLI(opts.Getenv)
	cfg.Profiles = addElasticCLIProfiles(cfg.Profiles, ecli)
	if cfg.Profile != "" || !strings.HasPrefix(name, ElasticCLIPrefix) {
		return nil, nil // tokentui's own profile, or none asked for
	}
	switch {
	case err != nil:
		*probs = append(*probs, fmt.Sprintf("profile %s: %v", echoName(name), err))
		return nil, nil
	case ecli == nil:
		*probs = append(*probs, fmt.Sprintf("profile %s: no Elastic CLI config file (ELASTIC_CLI_CONFIG_FILE, or ~/.elasticrc.yml)", echoName(name)))
		return nil, nil
	}
	es, kb, ok := elasticCLIProfile(ecli, name, opts, probs)
	if !ok {
		*probs = append(*probs, fmt.Sprintf("%s: no context %s (profiles: %s)", ecli.path, echo(strings.TrimPrefix(name, ElasticCLIPrefix)), echoNames(ecli.names)))
		return nil, nil
	}
	cfg.Profile, cfg.Path = name, ecli.path // the file whose profile is in use
	return es, kb
}

// ownedByCurrentUser reports that the current user owns the file; where
// the owner cannot be told (ACLs decide, on Windows): no.
func ownedByCurrentUser(info os.FileInfo) bool {
	uid, ok := fileOwner(info)
	return ok && uid == currentUID()
}
