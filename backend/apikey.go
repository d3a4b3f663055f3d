package backend

import (
	"context"
	"time"
)

// APIKeyState is what Elasticsearch says of one API key, read by its id.
// Fleet tokens are backed by such a key (their api_key_id): Fleet may call a
// token active while Elasticsearch has invalidated its key (drift), and a
// Fleet force delete may remove the record while the key stays valid.
type APIKeyState struct {
	ID          string
	Found       bool // false: Elasticsearch's own answer has no key with this id
	Invalidated bool
	Expires     time.Time // zero: never expires
}

// Usable reports whether the key can still authenticate at now.
func (s APIKeyState) Usable(now time.Time) bool {
	return s.Found && !s.Invalidated && (s.Expires.IsZero() || s.Expires.After(now))
}

// APIKeyInspector reads API keys by id (Elasticsearch's GET
// /_security/api_key?id=). Only a client with Elasticsearch credentials has it.
type APIKeyInspector interface {
	APIKeyState(ctx context.Context, id string) (APIKeyState, error)
}
