// Package local is what bin/elasticsearch-create-enrollment-token does on a
// node host, without the node's credentials: it reads the node's config
// directory ($ES_PATH_CONF: elasticsearch.yml with -E overrides, the HTTP
// CA) and adds a temporary superuser to the node's file realm (users,
// users_roles) for one run, removing it afterwards.
package local

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Node is a node's config directory as the official tool reads it.
type Node struct {
	Dir      string
	settings map[string]string // flattened, dotted keys
}

// Load reads dir/elasticsearch.yml; overrides (-E key=value) win over it.
func Load(dir string, overrides map[string]string) (*Node, error) {
	n := &Node{Dir: dir, settings: map[string]string{}}
	data, err := os.ReadFile(filepath.Join(dir, "elasticsearch.yml"))
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

// HTTPCA is the PEM of the node's HTTP CA.
func (n *Node) HTTPCA() ([]byte, error) {
	p := filepath.Join(n.Dir, "certs", "http_ca.crt")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("reading the HTTP CA: %w", err)
	}
	return b, nil
}
