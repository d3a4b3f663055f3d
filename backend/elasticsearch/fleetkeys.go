package elasticsearch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/parallel"
)

var (
	_ backend.APIKeyBatchInspector = (*Client)(nil)
	_ backend.UsageReader          = (*Client)(nil)
)

// keyBatch is how many ids one query carries: the query API's from+size
// window is 10,000 hits; 1,000 keeps each answer small.
const keyBatch = 1000

// APIKeyStates reads many API keys by id with the query API
// (POST /_security/_query/api_key, an ids query; fleet.md §8.7). A key
// absent from the result was not found. The caller needs read_security,
// manage_api_key or manage_security to see keys Kibana made; with less,
// Elasticsearch returns none, so an empty answer for every batch is an
// error here, not "every key is gone". One empty batch among others is
// keys Elasticsearch deleted: the drift the audit looks for.
func (c *Client) APIKeyStates(ctx context.Context, ids []string) (map[string]backend.APIKeyState, error) {
	// The batches are read keyConcurrency at a time: one after another,
	// 10,000 keys were ten round trips in a row, the longest wait of an
	// audit. Reads only, so a batch sent after another failed costs
	// nothing but the read; the error reported is the first batch's.
	n := (len(ids) + keyBatch - 1) / keyBatch
	states := make([][]backend.APIKeyState, n)
	errs := make([]error, n)
	parallel.Each(n, keyConcurrency, func(b int) {
		states[b], errs[b] = c.keyStates(ctx, ids[b*keyBatch:min((b+1)*keyBatch, len(ids))])
	})
	out := make(map[string]backend.APIKeyState, len(ids))
	for b := range n {
		if errs[b] != nil {
			return nil, errs[b]
		}
		for _, s := range states[b] {
			out[s.ID] = s
		}
	}
	if len(ids) > 0 && len(out) == 0 {
		//lint:ignore ST1005 it starts with a proper noun
		return nil, fmt.Errorf("Elasticsearch showed none of %d Fleet token keys: its user probably lacks read_security or manage_api_key (with manage_own_api_key it sees none of Kibana's keys), unless every one of them was deleted", len(ids))
	}
	return out, nil
}

// keyConcurrency bounds the query API calls of one APIKeyStates.
const keyConcurrency = 4

// keyStates reads one batch of keys with the query API.
func (c *Client) keyStates(ctx context.Context, batch []string) ([]backend.APIKeyState, error) {
	body, _ := json.Marshal(map[string]any{
		"size":  len(batch),
		"query": map[string]any{"ids": map[string]any{"values": batch}},
	})
	// Only the fields a state needs: decoding each key's role
	// descriptors and name (apiKeyJSON) cost more than the rest of
	// the audit's reading of 10,000 keys.
	var resp struct {
		APIKeys []struct {
			ID          string `json:"id"`
			Expiration  int64  `json:"expiration"`
			Invalidated bool   `json:"invalidated"`
		} `json:"api_keys"`
	}
	if err := c.callJSON(ctx, esRequest{Method: http.MethodPost, Path: "/_security/_query/api_key", Body: body}, &resp); err != nil {
		return nil, err
	}
	out := make([]backend.APIKeyState, 0, len(resp.APIKeys))
	for _, k := range resp.APIKeys {
		s := backend.APIKeyState{ID: k.ID, Found: true, Invalidated: k.Invalidated}
		if k.Expiration > 0 {
			s.Expires = time.UnixMilli(k.Expiration)
		}
		out = append(out, s)
	}
	return out, nil
}

// FleetServerLogs is the data stream pattern of Fleet Server's own logs
// when its agent collects them (fleet-server.md §11.2).
const FleetServerLogs = "logs-elastic_agent.fleet_server-*"

// EnrolledMessage is Fleet Server's info line for each enrollment.
const EnrolledMessage = "Elastic Agent successfully enrolled"

// EnrollUsage asks Fleet Server's logs what each key enrolled: the query
// of fleet-server.md §11.3 ("last use of every token at once"), limited
// to the keys asked for with the terms aggregation's include list, and
// the oldest enrollment line kept. A pattern that matches no index
// answers with no shards: the logs are not collected.
func (c *Client) EnrollUsage(ctx context.Context, apiKeyIDs []string) (backend.UsageReport, error) {
	rep := backend.UsageReport{ByKey: map[string]backend.EnrollUsage{}}
	for start := 0; start == 0 || start < len(apiKeyIDs); start += keyBatch {
		batch := apiKeyIDs[start:min(start+keyBatch, len(apiKeyIDs))]
		aggs := map[string]any{"first": map[string]any{"min": map[string]any{"field": "@timestamp"}}}
		if len(batch) > 0 { // an empty include list would not mean "none"
			aggs["by_token"] = map[string]any{
				"terms": map[string]any{"field": "fleet.enroll.apikey.id", "size": len(batch), "include": batch},
				"aggs": map[string]any{
					"last":        map[string]any{"max": map[string]any{"field": "@timestamp"}},
					"agents":      map[string]any{"cardinality": map[string]any{"field": "fleet.agent.id"}},
					"enrollments": map[string]any{"value_count": map[string]any{"field": "fleet.agent.id"}},
				},
			}
		}
		body, _ := json.Marshal(map[string]any{
			"size":  0,
			"query": map[string]any{"bool": map[string]any{"filter": []any{map[string]any{"match_phrase": map[string]any{"message": EnrolledMessage}}}}},
			"aggs":  aggs,
		})
		var resp struct {
			Shards struct {
				Total int `json:"total"`
			} `json:"_shards"`
			Aggs struct {
				First   metric `json:"first"`
				ByToken struct {
					Buckets []struct {
						Key         string `json:"key"`
						Last        metric `json:"last"`
						Agents      metric `json:"agents"`
						Enrollments metric `json:"enrollments"`
					} `json:"buckets"`
				} `json:"by_token"`
			} `json:"aggregations"`
		}
		if err := c.callJSON(ctx, esRequest{Method: http.MethodPost, Path: "/" + FleetServerLogs + "/_search",
			Query: url.Values{"ignore_unavailable": {"true"}}, Body: body}, &resp); err != nil {
			return backend.UsageReport{}, err
		}
		if resp.Shards.Total == 0 {
			return backend.UsageReport{}, nil // not collected
		}
		rep.Collected = true
		rep.Since = resp.Aggs.First.time()
		for _, b := range resp.Aggs.ByToken.Buckets {
			rep.ByKey[b.Key] = backend.EnrollUsage{Enrollments: int(b.Enrollments.Value), Agents: int(b.Agents.Value), Last: b.Last.time()}
		}
		if len(apiKeyIDs) == 0 {
			break
		}
	}
	return rep, nil
}

// metric is a single-value aggregation's answer (null when no document).
type metric struct {
	Value float64 `json:"value"`
	Set   bool    `json:"-"`
}

func (m *metric) UnmarshalJSON(b []byte) error {
	var v struct {
		Value *float64 `json:"value"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.Value != nil {
		m.Value, m.Set = *v.Value, true
	}
	return nil
}

// time reads a date aggregation's epoch milliseconds.
func (m metric) time() time.Time {
	if !m.Set {
		return time.Time{}
	}
	return time.UnixMilli(int64(m.Value)).UTC()
}
