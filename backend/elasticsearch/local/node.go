// Package local is what bin/elasticsearch-create-enrollment-token does on a
// node host, without the node's credentials: it reads the node's config
// directory ($ES_PATH_CONF: elasticsearch.yml with -E overrides, the HTTP
// CA) and adds a temporary superuser to the node's file realm (users,
// users_roles) for one run, removing it afterwards.
package local

import (
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tokentui/tokentui/backend/safefile"
)

// maxConfigFile caps elasticsearch.yml and a CA file: real ones are a
// few KiB (a yml pointing at /dev/zero must not fill memory).
const maxConfigFile = 4 << 20

// Node is a node's config directory as the official tool reads it.
type Node struct {
	Dir      string
	settings map[string]string // flattened, dotted keys
}

// Load reads dir/elasticsearch.yml; overrides (-E key=value) win over it.
func Load(dir string, overrides map[string]string) (*Node, error) {
	n := &Node{Dir: dir, settings: map[string]string{}}
	data, _, err := safefile.Read(filepath.Join(dir, "elasticsearch.yml"), maxConfigFile)
	if err != nil {
		return nil, fmt.Errorf("local mode (ES_PATH_CONF=%s): %w", dir, err)
	}
	var tree map[string]any
	if err := yaml.Unmarshal(data, &tree); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "elasticsearch.yml"), err)
	}
	flatten("", tree, n.settings)
	for k, v := range overrides {
		n.settings[k] = v
	}
	return n, nil
}

// flatten turns nested YAML maps into dotted keys, as Elasticsearch
// reads them ("xpack: {security: {enrollment: {enabled: true}}}").
func flatten(prefix string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, child := range x {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			flatten(key, child, out)
		}
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		out[prefix] = strings.Join(parts, ",")
	case nil:
	default:
		out[prefix] = fmt.Sprint(x)
	}
}

// EnrollmentEnabled is xpack.security.enrollment.enabled.
func (n *Node) EnrollmentEnabled() bool {
	return strings.EqualFold(n.settings["xpack.security.enrollment.enabled"], "true")
}

// URL is the node's base URL, as the official tool derives it when --url
// is not given: the scheme from xpack.security.http.ssl.enabled, the host
// from the publish or bind host settings, the port from http.port.
func (n *Node) URL() string {
	scheme := "http"
	if strings.EqualFold(n.settings["xpack.security.http.ssl.enabled"], "true") {
		scheme = "https"
	}
	host := ""
	for _, k := range []string{"http.publish_host", "network.publish_host", "http.host", "network.host"} {
		if v := strings.TrimSpace(strings.Split(n.settings[k], ",")[0]); v != "" {
			host = v
			break
		}
	}
	switch host {
	case "", "0.0.0.0", "::", "_local_", "_site_", "_global_":
		host = "localhost"
	}
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		host = "[" + host + "]"
	}
	port := "9200"
	for _, k := range []string{"http.publish_port", "http.port"} {
		if v := n.settings[k]; v != "" {
			port = strings.Split(v, "-")[0] // a range: its first port
			break
		}
	}
	return scheme + "://" + host + ":" + port
}

// HTTPCA is the PEM of the node's HTTP CA: the files named by
// xpack.security.http.ssl.certificate_authorities when the node's HTTP
// TLS is configured with PEM files (certificate, key,
// certificate_authorities), where the official tool fails with "not
// configured with a keystore"; otherwise certs/http_ca.crt, which
// security auto-configuration writes next to its keystore. Relative
// paths are resolved against the config directory, as Elasticsearch
// does. With several CAs the token's fingerprint is the one that issued
// the server's certificate.
func (n *Node) HTTPCA() ([]byte, error) {
	if list := n.settings["xpack.security.http.ssl.certificate_authorities"]; strings.TrimSpace(list) != "" {
		var out []byte
		for _, p := range strings.Split(list, ",") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(n.Dir, p)
			}
			b, _, err := safefile.Read(p, maxConfigFile)
			if err != nil {
				return nil, fmt.Errorf("reading the HTTP CA (xpack.security.http.ssl.certificate_authorities): %w", err)
			}
			out = append(append(out, b...), '\n')
		}
		return out, nil
	}
	p := filepath.Join(n.Dir, "certs", "http_ca.crt")
	b, _, err := safefile.Read(p, maxConfigFile)
	if err != nil {
		hint := ""
		if n.settings["xpack.security.http.ssl.certificate"] != "" {
			hint = " (the node's HTTP TLS uses PEM files: set xpack.security.http.ssl.certificate_authorities, or -E it, to its CA)"
		}
		return nil, fmt.Errorf("reading the HTTP CA: %w%s", err, hint)
	}
	return b, nil
}
