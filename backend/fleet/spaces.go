package fleet

import (
	"context"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/transport"
)

// Spaces lists the ids of the Kibana spaces the caller may see
// (GET /api/spaces/space, fleet.md §8.4), "default" included.
func (c *Client) Spaces(ctx context.Context) ([]string, error) {
	var resp []struct {
		ID string `json:"id"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: "/api/spaces/space"}, &resp); err != nil {
		return nil, err
	}
	if len(resp) > backend.MaxTokens {
		return nil, &backend.LimitError{What: "Kibana spaces", Limit: backend.MaxTokens}
	}
	ids := make([]string, 0, len(resp))
	for _, s := range resp {
		if s.ID != "" {
			ids = append(ids, s.ID)
		}
	}
	return ids, nil
}

// Space is the Kibana space the client works in ("default" when none).
func (c *Client) Space() string {
	if c.cfg.Space == "" {
		return "default"
	}
	return c.cfg.Space
}

// InSpace is a client for another space over the same connection and
// credentials.
func (c *Client) InSpace(space string) *Client {
	cfg := c.cfg
	cfg.Space = space
	return &Client{tr: c.tr, cfg: cfg}
}
