package sim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func esPost(t *testing.T, s *Stack, path, body string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(s.Creds.ESUsername, s.Creds.ESPassword)
	rec := httptest.NewRecorder()
	s.ES.Handler().ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

// The log search answers what a cluster would: no shards before any log
// is written, then the aggregations over the enrollment lines; a clause it
// does not model is a 400, never a wrong answer.
func TestFleetServerLogSearch(t *testing.T) {
	s, _ := startWith(t, Options{Seed: 1})
	const path = "/logs-elastic_agent.fleet_server-*/_search"
	query := `{"size":0,"query":{"bool":{"filter":[{"match_phrase":{"message":"Elastic Agent successfully enrolled"}}]}},
	  "aggs":{"by_token":{"terms":{"field":"fleet.enroll.apikey.id","size":1,"include":["k1","k2"]},
	    "aggs":{"agents":{"cardinality":{"field":"fleet.agent.id"}}}}}}`
	code, out := esPost(t, s, path, query)
	if code != http.StatusOK || out["_shards"].(map[string]any)["total"].(float64) != 0 {
		t.Fatalf("before any log: %d %v", code, out)
	}
	now := s.Clock.Now()
	for _, l := range []EnrollLog{{now, "k1", "a1", "p", "x", "r"}, {now, "k1", "a2", "p", "x", "r"}, {now, "k2", "a3", "p", "x", "r"}, {now, "k3", "a4", "p", "x", "r"}} {
		s.ES.IndexEnrollLog(l)
	}
	code, out = esPost(t, s, path, query)
	agg := out["aggregations"].(map[string]any)["by_token"].(map[string]any)
	buckets := agg["buckets"].([]any)
	first := buckets[0].(map[string]any)
	if code != http.StatusOK || len(buckets) != 1 || first["key"] != "k1" || first["doc_count"].(float64) != 2 ||
		first["agents"].(map[string]any)["value"].(float64) != 2 || agg["sum_other_doc_count"].(float64) != 1 {
		t.Fatalf("aggregation: %d %v", code, out)
	}
	if code, _ := esPost(t, s, path, `{"query":{"bool":{"filter":[{"wildcard":{"message":"x*"}}]}}}`); code != http.StatusBadRequest {
		t.Fatalf("an unmodelled query answered %d", code)
	}
	if code, _ := esPost(t, s, "/_security/_query/api_key", `{"query":{"match_all":{}}}`); code != http.StatusBadRequest {
		t.Fatalf("an unmodelled key query answered %d", code)
	}
}
