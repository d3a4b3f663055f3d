package fleet

import (
	"context"
	"errors"
	"net/url"

	"github.com/tokentui/tokentui/backend/transport"
)

// DefaultExpiration is the profile's lifetime for Fleet creates that name
// none ("" = none set, a create then needs an explicit choice).
func (c *Client) DefaultExpiration() string { return c.cfg.DefaultExpiration }

// Collectors counts the OpenTelemetry Collectors of a policy that are not
// inactive: agents of type OPAMP (contracts/fleet-server.md §10.5, §11.3).
// A collector has no credential of its own: it sends the enrollment token
// on every poll, so revoking the token cuts it off (within Fleet Server's
// API-key cache window, 10–15 minutes).
func (c *Client) Collectors(ctx context.Context, policyID string) (int, error) {
	q := url.Values{"page": {"1"}, "perPage": {"1"},
		"kuery": {"type:OPAMP and " + Filter{PolicyID: policyID}.Query()}}
	var resp struct {
		Total *int `json:"total"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: c.path("/api/fleet/agents"), Query: q}, &resp); err != nil {
		return 0, err
	}
	if resp.Total == nil {
		return 0, errNoTotal
	}
	return *resp.Total, nil
}

//lint:ignore ST1005 it starts with a proper noun
var errNoTotal = errors.New("Kibana's agent list gave no total")
