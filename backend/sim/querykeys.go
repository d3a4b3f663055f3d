package sim

import (
	"encoding/json"
	"io"
	"net/http"
)

// queryKeys serves POST /_security/_query/api_key for the one query shape
// tokentui sends: {"query":{"ids":{"values":[…]}},"size":n} (fleet.md
// §8.7). Other query clauses are refused with a 400 rather than answered
// wrongly. Visibility follows GET /_security/api_key: read_security,
// manage_api_key or manage_security see every key; manage_own_api_key
// only its own (an empty result, not an error, for Kibana's keys).
func (s *Elasticsearch) queryKeys(w http.ResponseWriter, r *http.Request, p *Principal) {
	const action = "cluster:admin/xpack/security/api_key/get"
	if !p.Can(action) {
		s.forbidden(w, p, action)
		return
	}
	var req struct {
		Size  *int `json:"size"`
		From  int  `json:"from"`
		Query *struct {
			IDs *struct {
				Values []string `json:"values"`
			} `json:"ids"`
		} `json:"query"`
		Source any `json:"_source"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 8<<20)).Decode(&req); err != nil && err != io.EOF {
		esError(w, http.StatusBadRequest, "x_content_parse_exception", "[1:1] [query_api_keys] failed to parse: "+err.Error())
		return
	}
	if req.Query != nil && req.Query.IDs == nil {
		esError(w, http.StatusBadRequest, "illegal_argument_exception", "the simulator answers only an ids query")
		return
	}
	size := 10
	if req.Size != nil {
		size = *req.Size
	}
	if req.From+size > 10000 {
		esError(w, http.StatusBadRequest, "illegal_argument_exception", "Result window is too large, from + size must be less than or equal to: [10000]")
		return
	}
	seeAll := holdsAny(p.User.Cluster, "read_security", "manage_api_key", "manage_security", "all")
	visible := func(k *APIKey) bool {
		return seeAll || (k.Username == p.User.Username && k.Realm == p.User.Realm)
	}
	var keys []APIKey
	s.Realm.mu.RLock()
	if req.Query != nil {
		for _, id := range req.Query.IDs.Values {
			if k, ok := s.Realm.keys[id]; ok && visible(k) {
				keys = append(keys, *k)
			}
		}
	} else {
		for _, id := range s.Realm.keyOrder {
			if k := s.Realm.keys[id]; visible(k) {
				keys = append(keys, *k)
			}
		}
	}
	s.Realm.mu.RUnlock()
	total := len(keys)
	keys = keys[min(req.From, total):min(req.From+size, total)]
	items := make([]keyDoc, 0, len(keys))
	for _, k := range keys {
		items = append(items, newKeyDoc(k))
	}
	s.reply(w, r, http.StatusOK, queryKeysAnswer{APIKeys: items, Count: len(items), Total: total})
}

// queryKeysAnswer and keyDoc are keyItem's answer as structs, members in
// the order a map's are written (sorted), so the bytes are the same: an
// audit asks 10,000 keys per profile, and building and sorting a map per
// key cost the simulator more than listing the tokens did.
type queryKeysAnswer struct {
	APIKeys []keyDoc `json:"api_keys"`
	Count   int      `json:"count"`
	Total   int      `json:"total"`
}

type keyDoc struct {
	Creation        int64                      `json:"creation"`
	Expiration      int64                      `json:"expiration,omitzero"`
	ID              string                     `json:"id"`
	Invalidated     bool                       `json:"invalidated"`
	Invalidation    int64                      `json:"invalidation,omitzero"`
	Metadata        map[string]any             `json:"metadata"`
	Name            string                     `json:"name"`
	Realm           string                     `json:"realm"`
	RealmType       string                     `json:"realm_type"`
	RoleDescriptors map[string]json.RawMessage `json:"role_descriptors,omitzero"`
	Type            string                     `json:"type"`
	Username        string                     `json:"username"`
}

// newKeyDoc is keyItem(k) as a keyDoc (a test pins the two to the byte).
func newKeyDoc(k APIKey) keyDoc {
	d := keyDoc{Creation: k.Creation.UnixMilli(), ID: k.ID, Invalidated: k.Invalidated, Metadata: k.Metadata,
		Name: k.Name, Realm: k.Realm, RealmType: realmType(k.Realm), RoleDescriptors: k.RoleDescriptors,
		Type: "rest", Username: k.Username}
	if !k.Expiration.IsZero() {
		d.Expiration = k.Expiration.UnixMilli()
	}
	if k.Invalidated {
		d.Invalidation = k.Invalidation.UnixMilli()
	}
	return d
}
