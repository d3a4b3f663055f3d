package sim

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// TestKeyDocIsKeyItem pins the query API's struct answer to the map the
// get API writes, byte for byte, for keys with and without each optional
// member (an empty descriptor map is written, a nil one is not).
func TestKeyDocIsKeyItem(t *testing.T) {
	at := time.UnixMilli(1_700_000_000_123)
	keys := []APIKey{
		{ID: "a", Name: "n", Creation: at, Username: "elastic", Realm: "reserved"},
		{ID: "b", Name: "<&>", Creation: at, Expiration: at.Add(time.Hour), Invalidated: true, Invalidation: at.Add(time.Minute),
			Username: "u", Realm: "_service_account", Metadata: map[string]any{"managed_by": "fleet", "z": 1, "a": []any{"x"}},
			RoleDescriptors: map[string]json.RawMessage{"r2": json.RawMessage(`{ "b":1, "a":[] }`), "r1": json.RawMessage(`{}`)}},
		{ID: "c", Creation: at, RoleDescriptors: map[string]json.RawMessage{}},
		{ID: "d", Creation: at, Invalidated: true},
	}
	encode := func(v any) []byte {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, k := range keys {
		if got, want := encode(newKeyDoc(k)), encode(keyItem(k)); !bytes.Equal(got, want) {
			t.Errorf("key %s:\n got %s\nwant %s", k.ID, got, want)
		}
	}
	items := []map[string]any{keyItem(keys[1])}
	got := encode(queryKeysAnswer{APIKeys: []keyDoc{newKeyDoc(keys[1])}, Count: 1, Total: 7})
	if want := encode(map[string]any{"total": 7, "count": 1, "api_keys": items}); !bytes.Equal(got, want) {
		t.Errorf("answer:\n got %s\nwant %s", got, want)
	}
}
