package backend

import "sync"

// RunSecrets keeps the secrets of the tokens a client created in this
// run, by token id: a system that shows a secret only once
// (Elasticsearch, ECE) can show it again only from here. The zero value
// is ready to use; it is safe for concurrent use.
type RunSecrets struct {
	mu sync.Mutex
	m  map[string]Secret
}

// Keep holds id's secret.
func (r *RunSecrets) Keep(id string, s Secret) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]Secret{}
	}
	r.m[id] = s
}

// Forget drops id's secret (its token is revoked).
func (r *RunSecrets) Forget(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, id)
}

// Secret is id's secret, or a *SecretUnavailableError of sys when this run
// did not create it.
func (r *RunSecrets) Secret(sys System, id string) (Secret, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.m[id]; ok {
		return s, nil
	}
	return Secret{}, &SecretUnavailableError{System: sys, ID: id}
}
