package sim

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
)

// kibanaRelease is a simulated Kibana version, major.minor.patch; ok is
// false when Version is empty or unreadable (then the newest behaviour).
func (f *Fleet) kibanaRelease() (major, minor, patch int, ok bool) {
	if f.Version == "" {
		return 0, 0, 0, false
	}
	n, _ := fmt.Sscanf(f.Version, "%d.%d.%d", &major, &minor, &patch)
	return major, minor, patch, n >= 2
}

// honoursExpiration reports whether the simulated Kibana forwards a
// create's `expiration` to Elasticsearch and returns `expire_at`
// (kibana#281324). Releases with the fix, from contracts/fleet.md §8.1:
// 8.19.21, 9.4.6 and 9.5.1 (observed by QA), everything from 9.6 on. The
// first 9.3 patch with the backport is not known, so every 9.3 is
// simulated without it, which is the safe side for a client that must
// check `expire_at`. Before the fix the value is accepted by the schema
// without validation and silently dropped (kibana#191575).
func (f *Fleet) honoursExpiration() bool {
	major, minor, patch, ok := f.kibanaRelease()
	if !ok {
		return true
	}
	switch {
	case major > 9 || major == 9 && minor >= 6:
		return true
	case major == 9 && minor == 5:
		return patch >= 1
	case major == 9 && minor == 4:
		return patch >= 6
	case major == 8 && minor == 19:
		return patch >= 21
	}
	return false
}

// deleteQueryProblem checks the query of DELETE …/enrollment_api_keys/{id}
// as Kibana 9.5 declares it (forceDelete and includeHidden, booleans):
// the schema error's text, or "" when the query is valid. Kibana's
// boolean schema takes the strings "true" and "false" only.
func deleteQueryProblem(q url.Values) string {
	keys := slices.Sorted(maps.Keys(q))
	for _, k := range keys {
		if k != "forceDelete" && k != "includeHidden" {
			return "[request query." + k + "]: definition for this key is missing"
		}
	}
	for _, k := range keys {
		if v := q[k]; len(v) != 1 || (v[0] != "true" && v[0] != "false") {
			return "[request query." + k + "]: expected value of type [boolean] but got [string]"
		}
	}
	return ""
}
