package sim

import (
	"encoding/json"
	"net/http"
	"slices"
)

// The runner routes behind ecctl's `platform runner delete`, `search`
// and `resync` (contracts/ece.md §11; cloud-sdk-go's
// platform_infrastructure client for the statuses and bodies):
//
//   DELETE …/runners/{runner_id}          200 {}; 404 runners.runner_not_found
//   POST   …/runners/_search              200 RunnerOverview {"runners":[…]}
//   POST   …/runners/{runner_id}/_resync  200 {}
//   POST   …/runners/_resync              202 ModelVersionIndexSynchronizationResults
//
// Choices where the sources are silent: _search understands an empty
// query or match_all only, and refuses any other with 501 and an error
// code of the simulator's own (search.query_not_simulated), so a script
// never mistakes a partial answer for ECE's; the resync of an unknown
// runner answers the spec's 500 runners.resync_failed (the spec lists no
// 404 for it); the resync of all answers {"results":{}} (which ids ECE
// lists per model version is not known).

func (e *ECE) runnerNotFound(w http.ResponseWriter, id string) {
	w.Header().Set("x-cloud-error-codes", "runners.runner_not_found")
	eceError(w, http.StatusNotFound, "runners.runner_not_found", "Unable to find the ["+id+"] specified runner. Edit your request, then try again.")
}

func (e *ECE) deleteRunner(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("runner_id")
	e.mu.Lock()
	i := slices.IndexFunc(e.runners, func(run *Runner) bool { return run.ID == id })
	if i >= 0 {
		e.runners = slices.Delete(e.runners, i, i+1)
	}
	e.mu.Unlock()
	if i < 0 {
		e.runnerNotFound(w, id)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

func (e *ECE) searchRunners(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Query map[string]json.RawMessage `json:"query"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil && err.Error() != "EOF" {
		eceError(w, http.StatusBadRequest, "root.malformed_request", "The request body is not valid JSON")
		return
	}
	for k := range req.Query {
		if k != "match_all" {
			eceError(w, http.StatusNotImplemented, "search.query_not_simulated", "the simulator answers only an empty or match_all query")
			return
		}
	}
	e.listRunners(w, r)
}

func (e *ECE) resyncRunner(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("runner_id")
	if !slices.ContainsFunc(e.Runners(), func(run Runner) bool { return run.ID == id }) {
		w.Header().Set("x-cloud-error-codes", "runners.resync_failed")
		eceError(w, http.StatusInternalServerError, "runners.resync_failed", "The runner resync operation failed for runner "+id+".")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

func (e *ECE) resyncRunners(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusAccepted, map[string]any{"results": map[string]any{}})
}
