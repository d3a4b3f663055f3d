package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/tokentui/tokentui/backend/sanitize"
)

// ECEFlags are ecctl's connection flags given to tokentui ece (--host,
// --api-key, --user, --pass, --region). As in ecctl they win over the
// environment, which wins over the configuration; "" leaves a setting to
// the layers below.
type ECEFlags struct {
	Host, APIKey, User, Pass, Region string
}

func (f ECEFlags) any() bool {
	return f.Host != "" || f.APIKey != "" || f.User != "" || f.Pass != "" || f.Region != ""
}

// ecctlExts are the file forms read, in the order ecctl (through viper)
// looks for them: the first that exists is the configuration.
var ecctlExts = []string{"json", "toml", "yaml", "yml"}

// ecctl reads $HOME/.ecctl/<name>.json|toml|yaml|yml, where <name> is
// EC_CONFIG (a bare name, as ecctl takes it) or "config", so ecctl users
// need no setup. It returns nil when there is no such file, or when the
// file configures Elastic Cloud rather than ECE (no host). Keys are matched
// without regard to case, as viper does; api-key is the same as api_key.
func (r resolver) ecctl(probs *Problems) *System {
	getenv := r.opts.Getenv
	home := homeDir(getenv)
	if home == "" {
		return nil
	}
	name := getenv("EC_CONFIG")
	if name == "" {
		name = "config"
	}
	for _, ext := range ecctlExts {
		path := filepath.Join(home, ".ecctl", name+"."+ext)
		raw, err := readECCTL(path, ext)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		shown := sanitize.Text(path)
		if err != nil {
			*probs = append(*probs, fmt.Sprintf("%s: %s", shown, err))
			return nil
		}
		at := func(key string) string { return shown + ": " + key }
		str := func(key string) string {
			v, ok := raw[key]
			if !ok || v == nil {
				return ""
			}
			if s, ok := v.(string); ok {
				return s
			}
			*probs = append(*probs, at(key)+fmt.Sprintf(": must be a string, not %T", v))
			return ""
		}
		host := str("host")
		if host == "" {
			return nil // an Elastic Cloud (not ECE) configuration
		}
		s := &System{URL: strings.TrimRight(host, "/"), APIKey: str("api_key"), Username: str("user"), Password: str("pass"),
			Region: str("region"), Output: str("output"), Source: "ecctl " + path}
		if s.APIKey == "" {
			s.APIKey = str("api-key")
		}
		switch v := raw["insecure"].(type) {
		case nil:
		case bool:
			s.Insecure = v
		case string:
			b, err := strconv.ParseBool(v)
			if err != nil {
				*probs = append(*probs, at("insecure")+": must be true or false")
			}
			s.Insecure = b
		default:
			*probs = append(*probs, at("insecure")+": must be true or false")
		}
		if t := str("timeout"); t != "" {
			s.Timeout, _ = time.ParseDuration(t) // ecctl's timeout bounds only the dial: a bad one is not worth failing over
		}
		return s
	}
	return nil
}

// readECCTL decodes one ecctl configuration file into a map with
// lower-case keys.
func readECCTL(path, ext string) (map[string]any, error) {
	data, _, err := readRegular(path, maxFileSize)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, err
	case errors.Is(err, errTooLarge):
		return nil, errors.New("larger than 1 MiB, the limit of a config file: is it the right file?")
	case err != nil:
		return nil, errors.New(libMessage(err.Error()))
	}
	if ext == "toml" {
		if err := checkTOMLDepth(data); err != nil {
			return nil, err
		}
	}
	var raw map[string]any
	switch ext {
	case "json":
		err = json.Unmarshal(data, &raw)
	case "toml":
		_, err = toml.Decode(string(data), &raw)
	default:
		err = yaml.Unmarshal(data, &raw)
	}
	if err != nil {
		return nil, errors.New(libMessage(err.Error()))
	}
	out := make(map[string]any, len(raw))
	for k, v := range raw {
		out[strings.ToLower(k)] = v
	}
	return out, nil
}

// checkECCTLOutput validates ecctl's output setting, in ecctl's words.
func checkECCTLOutput(v, at string, probs *Problems) {
	if v != "" && v != "json" && v != "text" {
		*probs = append(*probs, at+": output must be one either json or text")
	}
}

// ECCTLName reports whether value, given as tokentui ece --config, is an
// ecctl configuration's name rather than a path to tokentui's config
// file: a bare name (no path separator, no dot, as ecctl's --config takes
// it) for which $HOME/.ecctl/<value>.json|toml|yaml|yml exists.
func ECCTLName(value string, getenv func(string) string) bool {
	home := homeDir(getenv)
	if value == "" || home == "" || strings.ContainsAny(value, `/\.`) {
		return false
	}
	for _, ext := range ecctlExts {
		if _, err := os.Stat(filepath.Join(home, ".ecctl", value+"."+ext)); err == nil {
			return true
		}
	}
	return false
}
