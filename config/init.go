package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Example is what `tokentui config init` writes.
const Example = `# tokentui configuration. Profiles work like kubectl contexts: pick one with
# --profile NAME, or press p in the UI; default_profile is used otherwise.
#
# Credentials can be inline (this file must then be readable by you alone:
# chmod 600), read from a variable (*_env), or printed by a command run once
# (*_command), as git credential helpers do. Environment variables
# (ELASTICSEARCH_URL, KIBANA_URL, EC_HOST, …) win over this file, and flags
# win over both.

default_profile = "prod"
# refresh = "1m"                           # the UI lists every tab again this often (default: only on r)

[profiles.prod.elasticsearch]
url = "https://es01.example.com:9200"
username = "elastic"
password_env = "ELASTIC_PASSWORD"          # or password = "…", or password_command = "pass show es/elastic"
# ca_cert = "~/.config/tokentui/http_ca.crt"  # the cluster's HTTP CA (certs/http_ca.crt)
# ca_fingerprint = "ce:48:0d:…"             # or pin its SHA-256
# insecure = false
# allow_plain_http = false                 # true: send credentials over an http:// URL (clear text)
# timeout = "30s"

[profiles.prod.kibana]
url = "https://kibana.example.com:5601"
api_key_env = "KIBANA_API_KEY"             # base64(id:api_key), the "encoded" value
# space = "default"

[profiles.prod.ece]
url = "https://coordinator.example.com:12443"
api_key_command = "pass show ece/api-key"
# region = "ece-region"
# insecure = true                          # ECE's default certificates are self-signed

# [profiles.staging.elasticsearch]
# url = "https://es.staging.example.com:9200"
# username = "tokentui"
# password_command = "op read op://staging/es/password"
`

// Init writes the example config to path with mode 0600; it never
// overwrites an existing file.
func Init(path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists already; not overwriting it", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(Example); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
