package backend

import (
	"slices"
	"sync"
)

// Registry holds one value per system, in the order registered: the
// system rows (backend/system) and the enroll commands' resolvers
// (backend/enrollcmd) are each one. It is safe for concurrent use; the
// zero value is empty and ready.
type Registry[T any] struct {
	mu   sync.RWMutex
	sys  []System
	vals []T
}

// Add appends v as sys's value, unless a value is in its way: the one
// held for sys, or one clash (when not nil) reports. Then it adds
// nothing and returns the value in the way and false. remove takes v
// away again (tests).
func (r *Registry[T]) Add(sys System, v T, clash func(held T) bool) (remove func(), inTheWay T, ok bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, held := range r.vals {
		if r.sys[i] == sys || (clash != nil && clash(held)) {
			return nil, held, false
		}
	}
	r.sys, r.vals = append(r.sys, sys), append(r.vals, v)
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		if i := slices.Index(r.sys, sys); i >= 0 {
			r.sys, r.vals = slices.Delete(r.sys, i, i+1), slices.Delete(r.vals, i, i+1)
		}
	}, inTheWay, true
}

// Get is sys's value.
func (r *Registry[T]) Get(sys System) (T, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if i := slices.Index(r.sys, sys); i >= 0 {
		return r.vals[i], true
	}
	var zero T
	return zero, false
}

// All are the values in the order registered.
func (r *Registry[T]) All() []T {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.vals)
}
