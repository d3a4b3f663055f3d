package sim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// esNode is one node of the simulated cluster. The first is the node that
// serves HTTP; the others joined through the enroll-node API.
type esNode struct {
	ID, Name      string
	TransportAddr string // publish address of the transport layer
	HTTPBound     []string
	HTTPPublish   string
}

// Build numbers a 9.x node reports next to its version.
const (
	esBuildHash        = "6f8e2d1c0b9a8877665544332211ffeeddccbbaa"
	esBuildDate        = "2026-10-14T09:12:44.512337801Z"
	esTransportVersion = 9_112_0_00
	esIndexVersion     = 9_039_0_00
)

// nodeMetrics are the metric names of the nodes-info API: a single path
// segment made only of these names is metrics, otherwise node IDs.
var nodeMetrics = []string{"settings", "os", "process", "jvm", "thread_pool", "transport", "http",
	"remote_cluster_server", "plugins", "ingest", "aggregations", "indices", "_all", "_none"}

func allMetrics(seg string) bool {
	for _, m := range strings.Split(seg, ",") {
		if !slices.Contains(nodeMetrics, m) {
			return false
		}
	}
	return true
}

// nodes serves GET /_nodes, /_nodes/{a}, /_nodes/{a}/{b} and
// /_nodes/{a}/info/{b}, the nodes-info API's forms.
func (s *Elasticsearch) nodes(w http.ResponseWriter, r *http.Request, p *Principal) {
	if !s.may(w, p, "cluster:monitor/nodes/info") {
		return
	}
	ids, metrics := "_all", "_all"
	switch a, b := r.PathValue("a"), r.PathValue("b"); {
	case a != "" && b != "":
		ids, metrics = a, b
	case a != "" && allMetrics(a):
		metrics = a
	case a != "":
		ids = a
	}
	withHTTP := false
	for _, m := range strings.Split(metrics, ",") {
		withHTTP = withHTTP || m == "http" || m == "_all"
	}
	s.mu.Lock()
	all := slices.Clone(s.nodeList)
	cfg := s.cfg
	s.mu.Unlock()
	out := map[string]any{}
	for i, n := range all {
		if !nodeSelected(ids, n, i == 0) {
			continue
		}
		info := map[string]any{
			"name": n.Name, "transport_address": n.TransportAddr, "host": "127.0.0.1", "ip": "127.0.0.1",
			"version": cfg.Version, "transport_version": esTransportVersion, "index_version": esIndexVersion,
			"component_versions": map[string]any{"ml_config_version": esIndexVersion, "transform_config_version": 10_000_0_96},
			"build_flavor":       "default", "build_type": "docker", "build_hash": esBuildHash,
			"roles": []string{"data", "ingest", "master"}, "attributes": map[string]any{},
		}
		if withHTTP {
			info["http"] = map[string]any{"bound_address": nonNil(n.HTTPBound), "publish_address": n.HTTPPublish,
				"max_content_length_in_bytes": 104857600}
		}
		out[n.ID] = info
	}
	s.reply(w, r, http.StatusOK, map[string]any{
		"_nodes":       map[string]any{"total": len(out), "successful": len(out), "failed": 0},
		"cluster_name": cfg.ClusterName, "nodes": out,
	})
}

// nodeSelected applies a node filter: _all, _local, _master (the local
// node here), IDs or names, with * wildcards, comma-separated.
func nodeSelected(filter string, n esNode, local bool) bool {
	for _, f := range strings.Split(filter, ",") {
		switch {
		case f == "_all", f == "*":
			return true
		case f == "_local", f == "_master":
			if local {
				return true
			}
		case f == n.ID, f == n.Name, strings.Contains(f, "*") && globMatch(f, n.Name):
			return true
		}
	}
	return false
}

// EnrolledNodes is how many nodes joined through the enroll-node API.
func (s *Elasticsearch) EnrolledNodes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.nodeList) - 1
}

// join adds a node that enrolled; it returns the transport publish
// addresses of the nodes that were there before, its discovery seeds.
func (s *Elasticsearch) join(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var seeds []string
	for _, n := range s.nodeList {
		seeds = append(seeds, n.TransportAddr)
	}
	k := len(s.nodeList)
	s.nodeList = append(s.nodeList, esNode{
		ID: id, Name: fmt.Sprintf("es%02d", k+1), TransportAddr: fmt.Sprintf("127.0.0.1:%d", 9300+k),
		HTTPBound: []string{fmt.Sprintf("127.0.0.1:%d", 9200+k)}, HTTPPublish: fmt.Sprintf("127.0.0.1:%d", 9200+k),
	})
	return seeds
}
