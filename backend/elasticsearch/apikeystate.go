package elasticsearch

import (
	"context"
	"errors"
	"time"

	"github.com/tokentui/tokentui/backend"
)

var _ backend.APIKeyInspector = (*Client)(nil)

// APIKeyState reads one API key by id, whatever made it (a Fleet token's key
// included). Elasticsearch answers an unknown id with 404
// resource_not_found_exception or with an empty api_keys list; both mean no
// such key. What counts as that 404 is
// the transport's to say (errors.Is(err, backend.ErrNotFound)): only
// Elasticsearch's own not-found body, never a proxy's page.
func (c *Client) APIKeyState(ctx context.Context, id string) (backend.APIKeyState, error) {
	var resp struct {
		APIKeys []apiKeyJSON `json:"api_keys"`
	}
	err := c.callJSON(ctx, getAPIKeyByID(id), &resp)
	if errors.Is(err, backend.ErrNotFound) {
		return backend.APIKeyState{ID: id}, nil
	}
	if err != nil {
		return backend.APIKeyState{}, err
	}
	for _, k := range resp.APIKeys {
		if k.ID != id {
			continue
		}
		s := backend.APIKeyState{ID: id, Found: true, Invalidated: k.Invalidated}
		if k.Expiration > 0 {
			s.Expires = time.UnixMilli(k.Expiration)
		}
		return s, nil
	}
	return backend.APIKeyState{ID: id}, nil
}
