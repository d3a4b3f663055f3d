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

// eachField keeps the fields of m that keep keeps, as it changes them;
// keep learns what the paths say of a field: whole (a path ends at it) and
// rest (the paths that go on below it).
func eachField(m map[string]any, paths [][]string, keep func(child any, whole bool, rest [][]string) (any, bool)) map[string]any {
	out := map[string]any{}
	for k, child := range m {
		whole, rest := filterStep(paths, k)
		if kept, ok := keep(child, whole, rest); ok {
			out[k] = kept
		}
	}
	return out
}

// includePaths keeps the fields on the paths (and their parents); arrays
// pass the paths to their elements.
func includePaths(v any, paths [][]string) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		out := eachField(t, paths, func(child any, whole bool, rest [][]string) (any, bool) {
			if whole {
				return child, true
			}
			if len(rest) > 0 {
				return includePaths(child, rest)
			}
			return nil, false
		})
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
		return eachField(t, paths, func(child any, whole bool, rest [][]string) (any, bool) {
			if whole {
				return nil, false
			}
			if len(rest) > 0 {
				return excludePaths(child, rest), true
			}
			return child, true
		})
	case []any:
		out := make([]any, 0, len(t))
		for _, e := range t {
			out = append(out, excludePaths(e, paths))
		}
		return out
	}
	return v
}
