package sim

import (
	"encoding/json"
	"net/http"
	"strings"
)

// reply writes an Elasticsearch answer, filtered by the request's
// filter_path, the response filtering every REST API accepts: comma-
// separated dot paths, * within a name, ** for any depth, a leading -
// to exclude; exclusions apply first. Nothing left gives {}.
func (s *Elasticsearch) reply(w http.ResponseWriter, r *http.Request, status int, v any) {
	spec := r.URL.Query().Get("filter_path")
	if spec == "" {
		writeJSON(w, status, v)
		return
	}
	raw, err := json.Marshal(v)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": err.Error(), "status": 500})
		return
	}
	var generic any
	_ = json.Unmarshal(raw, &generic)
	var include, exclude [][]string
	for _, p := range strings.Split(spec, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(p, "-"); ok {
			exclude = append(exclude, strings.Split(rest, "."))
		} else {
			include = append(include, strings.Split(p, "."))
		}
	}
	if len(exclude) > 0 {
		generic = excludePaths(generic, exclude)
	}
	if len(include) > 0 {
		var ok bool
		if generic, ok = includePaths(generic, include); !ok {
			generic = map[string]any{}
		}
	}
	writeJSON(w, status, generic)
}

// filterStep is what is left of each path after a field name: whether one path
// ended on it (the whole field is selected) and the remaining paths.
func filterStep(paths [][]string, key string) (whole bool, rest [][]string) {
	for _, p := range paths {
		if len(p) == 0 {
			continue
		}
		if p[0] == "**" {
			rest = append(rest, p) // ** goes on matching deeper
			if len(p) == 1 {
				whole = true
				continue
			}
			w, r := filterStep([][]string{p[1:]}, key) // or matches no level
			whole = whole || w
			rest = append(rest, r...)
			continue
		}
		if p[0] == key || (strings.Contains(p[0], "*") && globMatch(p[0], key)) {
			if len(p) == 1 {
				whole = true
			} else {
				rest = append(rest, p[1:])
			}
		}
	}
	return whole, rest
}

// includePaths keeps the fields on the paths (and their parents); arrays
// pass the paths to their elements.
func includePaths(v any, paths [][]string) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, child := range t {
			whole, rest := filterStep(paths, k)
			if whole {
				out[k] = child
			} else if len(rest) > 0 {
				if kept, ok := includePaths(child, rest); ok {
					out[k] = kept
				}
			}
		}
		return out, len(out) > 0
	case []any:
		var out []any
		for _, e := range t {
			if kept, ok := includePaths(e, paths); ok {
				out = append(out, kept)
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

// excludePaths drops the fields on the paths.
func excludePaths(v any, paths [][]string) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, child := range t {
			whole, rest := filterStep(paths, k)
			if whole {
				continue
			}
			if len(rest) > 0 {
				child = excludePaths(child, rest)
			}
			out[k] = child
		}
		return out
	case []any:
		out := make([]any, 0, len(t))
		for _, e := range t {
			out = append(out, excludePaths(e, paths))
		}
		return out
	}
	return v
}
