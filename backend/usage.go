package backend

import (
	"context"
	"time"
)

// EnrollUsage is what Fleet Server's logs say one Fleet token enrolled:
// its "Elastic Agent successfully enrolled" lines (fleet-server.md §11).
type EnrollUsage struct {
	Enrollments int       // enrollment lines
	Agents      int       // distinct agents among them
	Last        time.Time // the newest line; zero when none
}

// UsageReport answers a usage question for a set of Fleet tokens.
type UsageReport struct {
	// Collected is false when no Fleet Server log data stream exists in
	// the cluster: usage is then unknown, never "unused".
	Collected bool
	// Since is the oldest enrollment line kept (zero when none): a token
	// with no line may still have enrolled before it.
	Since time.Time
	ByKey map[string]EnrollUsage // by the token's api_key_id; absent = no line
}

// Of is the usage of one token's key (zero when the logs have no line).
func (r UsageReport) Of(apiKeyID string) EnrollUsage { return r.ByKey[apiKeyID] }

// UsageUnknown is said where Fleet Server's logs cannot answer.
const UsageUnknown = "usage unknown: Fleet Server's logs are not collected"

// UsageReader reads Fleet Server's enrollment logs (an Elasticsearch with
// the logs-elastic_agent.fleet_server-* data stream).
type UsageReader interface {
	EnrollUsage(ctx context.Context, apiKeyIDs []string) (UsageReport, error)
}

// APIKeyBatchInspector reads many API keys at once (Elasticsearch's query
// API with an ids query), for audits of thousands of Fleet tokens. A key
// absent from the map was not found.
type APIKeyBatchInspector interface {
	APIKeyStates(ctx context.Context, ids []string) (map[string]APIKeyState, error)
}

// Describe is the usage as one line ("enrolled 3 agents, last at T").
func (u EnrollUsage) Describe(r UsageReport) string {
	switch {
	case !r.Collected:
		return UsageUnknown
	case u.Enrollments == 0 && r.Since.IsZero():
		return "no enrollment in Fleet Server's logs (they hold none yet)"
	case u.Enrollments == 0:
		return "no enrollment in Fleet Server's logs since " + r.Since.UTC().Format(time.RFC3339)
	}
	return "enrolled " + Plural(u.Agents, "agent", "agents") + " (" + Plural(u.Enrollments, "enrollment", "enrollments") + "), last at " + u.Last.UTC().Format(time.RFC3339)
}
