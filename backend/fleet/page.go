package fleet

import (
	"bytes"
	"encoding/json"
)

// JSONMembers makes a list page decode only what tokentui reads: every
// page also carries the deprecated "list" array, a full copy of "items",
// which the transport skips by a scan instead of decoding it.
func (p *pageJSON) JSONMembers() map[string]any {
	return map[string]any{"items": (*pageItems)(p), "total": &p.Total}
}

// pageItems decodes a page's items and notes that they were there: {} or
// {"items":null} is not an empty page (the items array is required).
type pageItems pageJSON

func (p *pageItems) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	p.hasItems = true
	return json.Unmarshal(data, &p.Items)
}
