package sim

import (
	"encoding/json"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// Fleet Server's enrollment log lines in Elasticsearch (fleet-server.md
// §11): when the Fleet Server simulator's LogTo is set, each successful
// enrollment writes the document Elastic Agent's monitoring would ship
// into logs-elastic_agent.fleet_server-default, and the Elasticsearch
// simulator answers _search over it with the aggregations tokentui sends
// (terms with include and size, min, max, cardinality, value_count) and
// the filters (match_phrase, term, terms). Anything else is refused with a
// 400 rather than answered wrongly. With no log written the pattern
// matches no index and the answer has no shards, as a cluster where the
// logs are not collected.

// FleetServerLogStream is where the enrollment lines land.
const FleetServerLogStream = "logs-elastic_agent.fleet_server-default"

// EnrollLog is one "Elastic Agent successfully enrolled" line.
type EnrollLog struct {
	Timestamp                 time.Time
	APIKeyID, AgentID, Policy string
	AccessAPIKeyID, RequestID string
}

// logStore holds the log documents of one cluster.
type logStore struct {
	mu   sync.RWMutex
	docs []map[string]any
}

// IndexEnrollLog writes one enrollment line, flattened as Elastic Agent's
// filestream writes it (fields at the top level, dotted names).
func (s *Elasticsearch) IndexEnrollLog(l EnrollLog) {
	doc := map[string]any{
		"@timestamp": l.Timestamp.UTC().Format(time.RFC3339Nano), "log.level": "info",
		"message": "Elastic Agent successfully enrolled", "mod": "enroll",
		"fleet.enroll.apikey.id": l.APIKeyID, "fleet.agent.id": l.AgentID, "fleet.policy.id": l.Policy,
		"fleet.access.apikey.id": l.AccessAPIKeyID, "http.request.id": l.RequestID,
		"component.binary": "fleet-server", "data_stream.dataset": "elastic_agent.fleet_server",
		"data_stream.namespace": "default", "data_stream.type": "logs",
	}
	s.logs.mu.Lock()
	s.logs.docs = append(s.logs.docs, doc)
	s.logs.mu.Unlock()
}

type searchRequest struct {
	Size  int `json:"size"`
	Query *struct {
		Bool struct {
			Filter []map[string]map[string]any `json:"filter"`
		} `json:"bool"`
	} `json:"query"`
	Aggs map[string]aggSpec `json:"aggs"`
}

type aggSpec struct {
	Terms *struct {
		Field   string   `json:"field"`
		Size    int      `json:"size"`
		Include []string `json:"include"`
	} `json:"terms"`
	Min         *fieldSpec         `json:"min"`
	Max         *fieldSpec         `json:"max"`
	Cardinality *fieldSpec         `json:"cardinality"`
	ValueCount  *fieldSpec         `json:"value_count"`
	Aggs        map[string]aggSpec `json:"aggs"`
}

type fieldSpec struct {
	Field string `json:"field"`
}

// search serves GET|POST /<index>/_search over the log store, for the
// Fleet Server log pattern and stream (other indices are not modelled).
func (s *Elasticsearch) search(w http.ResponseWriter, r *http.Request, p *Principal) {
	if !holdsAny(p.User.Cluster, "all") { // index privileges are not modelled: superusers only
		esError(w, http.StatusForbidden, "security_exception", "action [indices:data/read/search] is unauthorized for user ["+p.User.Username+"]")
		return
	}
	var req searchRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 8<<20)).Decode(&req); err != nil && err != io.EOF {
		esError(w, http.StatusBadRequest, "x_content_parse_exception", "[1:1] [search] failed to parse: "+err.Error())
		return
	}
	index := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")[0]
	matched := false
	for _, pattern := range strings.Split(index, ",") {
		if ok, _ := path.Match(pattern, FleetServerLogStream); ok {
			matched = true
		}
	}
	s.logs.mu.RLock()
	defer s.logs.mu.RUnlock()
	if !matched || len(s.logs.docs) == 0 {
		if !matched && !strings.Contains(index, "*") && r.URL.Query().Get("ignore_unavailable") != "true" {
			esError(w, http.StatusNotFound, "index_not_found_exception", "no such index ["+index+"]")
			return
		}
		s.reply(w, r, http.StatusOK, map[string]any{"took": 0, "timed_out": false,
			"_shards": map[string]int{"total": 0, "successful": 0, "skipped": 0, "failed": 0},
			"hits":    map[string]any{"total": map[string]any{"value": 0, "relation": "eq"}, "max_score": 0, "hits": []any{}}})
		return
	}
	var hits []map[string]any
	for _, d := range s.logs.docs {
		ok, msg := matches(d, req)
		if msg != "" {
			esError(w, http.StatusBadRequest, "illegal_argument_exception", msg)
			return
		}
		if ok {
			hits = append(hits, d)
		}
	}
	aggs, msg := aggregate(hits, req.Aggs)
	if msg != "" {
		esError(w, http.StatusBadRequest, "illegal_argument_exception", msg)
		return
	}
	resp := map[string]any{"took": 1, "timed_out": false,
		"_shards": map[string]int{"total": 1, "successful": 1, "skipped": 0, "failed": 0},
		"hits":    map[string]any{"total": map[string]any{"value": len(hits), "relation": "eq"}, "max_score": nil, "hits": []any{}}}
	if len(req.Aggs) > 0 {
		resp["aggregations"] = aggs
	}
	s.reply(w, r, http.StatusOK, resp)
}

// matches applies the bool filter; a clause the simulator does not model
// is a message for a 400.
func matches(d map[string]any, req searchRequest) (bool, string) {
	if req.Query == nil {
		return true, ""
	}
	for _, clause := range req.Query.Bool.Filter {
		for kind, body := range clause {
			for field, want := range body {
				got, _ := d[field].(string)
				switch kind {
				case "match_phrase", "term":
					if s, _ := want.(string); (kind == "term" && got != s) || (kind == "match_phrase" && !strings.Contains(got, s)) {
						return false, ""
					}
				case "terms":
					list, _ := want.([]any)
					if !slices.Contains(list, any(got)) {
						return false, ""
					}
				default:
					return false, "the simulator does not model the [" + kind + "] query"
				}
			}
		}
	}
	return true, ""
}

// aggregate computes the aggregations over docs.
func aggregate(docs []map[string]any, specs map[string]aggSpec) (map[string]any, string) {
	out := map[string]any{}
	for name, a := range specs {
		switch {
		case a.Min != nil || a.Max != nil:
			f := a.Min
			if f == nil {
				f = a.Max
			}
			var best *time.Time
			for _, d := range docs {
				s, _ := d[f.Field].(string)
				t, err := time.Parse(time.RFC3339Nano, s)
				if err != nil {
					continue
				}
				if best == nil || (a.Min != nil && t.Before(*best)) || (a.Max != nil && t.After(*best)) {
					best = &t
				}
			}
			if best == nil {
				out[name] = map[string]any{"value": nil}
			} else {
				out[name] = map[string]any{"value": float64(best.UnixMilli()), "value_as_string": best.UTC().Format("2006-01-02T15:04:05.000Z")}
			}
		case a.Cardinality != nil:
			seen := map[any]bool{}
			for _, d := range docs {
				if v, ok := d[a.Cardinality.Field]; ok {
					seen[v] = true
				}
			}
			out[name] = map[string]any{"value": len(seen)}
		case a.ValueCount != nil:
			n := 0
			for _, d := range docs {
				if _, ok := d[a.ValueCount.Field]; ok {
					n++
				}
			}
			out[name] = map[string]any{"value": n}
		case a.Terms != nil:
			groups := map[string][]map[string]any{}
			var keys []string
			for _, d := range docs {
				k, ok := d[a.Terms.Field].(string)
				if !ok || (a.Terms.Include != nil && !slices.Contains(a.Terms.Include, k)) {
					continue
				}
				if groups[k] == nil {
					keys = append(keys, k)
				}
				groups[k] = append(groups[k], d)
			}
			// doc_count descending, then key, as a terms aggregation orders.
			slices.SortFunc(keys, func(x, y string) int {
				if n := len(groups[y]) - len(groups[x]); n != 0 {
					return n
				}
				return strings.Compare(x, y)
			})
			size := a.Terms.Size
			if size <= 0 {
				size = 10
			}
			buckets := []any{}
			for _, k := range keys[:min(size, len(keys))] {
				b, msg := aggregate(groups[k], a.Aggs)
				if msg != "" {
					return nil, msg
				}
				b["key"], b["doc_count"] = k, len(groups[k])
				buckets = append(buckets, b)
			}
			other := 0
			for _, k := range keys[min(size, len(keys)):] {
				other += len(groups[k])
			}
			out[name] = map[string]any{"doc_count_error_upper_bound": 0, "sum_other_doc_count": other, "buckets": buckets}
		default:
			return nil, "the simulator does not model aggregation [" + name + "]"
		}
	}
	return out, ""
}
