package main

import (
	"context"
	"errors"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/elasticsearch"
)

// usageRow is what Fleet Server's logs say a token enrolled, in fleet
// show's JSON. Collected false: the logs cannot say (Message tells why);
// the counts are then absent, never 0.
type usageRow struct {
	Agents      *int    `json:"agents,omitempty"`
	Collected   bool    `json:"collected"`
	Enrollments *int    `json:"enrollments,omitempty"`
	LastAt      *string `json:"last_at,omitempty"`
	Message     string  `json:"message"`
}

// tokenUsage asks the profile's Elasticsearch (when configured) what the
// token's key enrolled; anything that stops it is said in the row.
func (a *app) tokenUsage(ctx context.Context, apiKeyID string) usageRow {
	cfg, err := a.configFor(backend.Elasticsearch)
	var es *elasticsearch.Client
	if err == nil {
		var svc backend.Service
		if svc, err = a.clientFrom(cfg, backend.Elasticsearch); err == nil {
			es = svc.(*elasticsearch.Client)
		}
	}
	var nc *backend.NotConfiguredError
	switch {
	case errors.As(err, &nc):
		return usageRow{Message: "usage unknown: no Elasticsearch is configured to read Fleet Server's logs"}
	case err != nil:
		return usageRow{Message: "usage unknown: " + err.Error()}
	}
	rep, err := es.EnrollUsage(ctx, []string{apiKeyID})
	if err != nil {
		return usageRow{Message: "usage unknown: " + err.Error()}
	}
	u := rep.Of(apiKeyID)
	row := usageRow{Collected: rep.Collected, Message: u.Describe(rep)}
	if rep.Collected {
		row.Agents, row.Enrollments = ref(u.Agents), ref(u.Enrollments)
		if !u.Last.IsZero() {
			row.LastAt = ref(rfc3339(u.Last))
		}
	}
	return row
}
