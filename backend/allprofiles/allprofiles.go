// Package allprofiles joins one system's services of several profiles
// into one backend.Service: a list lists every profile at once (with a
// bound) and tags each token with its profile, and every action on a
// token goes to the service of the profile it was listed from. A create
// has no row to follow: it needs the one profile it goes to, which the
// caller picks (ForProfile).
package allprofiles

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/tokentui/tokentui/backend"
)

// Concurrency bounds the profiles listed at once.
const Concurrency = 4

// Member is one profile's service.
type Member struct {
	Profile string
	Service backend.Service
}

// Service is one system across profiles.
type Service struct {
	system  backend.System
	members []Member

	mu    sync.Mutex
	owner map[string][]string // token id → profiles that listed it (last list)
}

// New joins members, all of system; a profile without the system
// configured is left out by the caller. A Fleet join deletes too.
func New(system backend.System, members []Member) backend.Service {
	s := &Service{system: system, members: members, owner: map[string][]string{}}
	deleters := 0
	for _, m := range members {
		if _, ok := m.Service.(broken); ok {
			continue // it lists nothing, so nothing of it is deleted
		}
		if _, ok := m.Service.(backend.Deleter); !ok {
			return s
		}
		deleters++
	}
	if deleters == 0 {
		return s
	}
	return &deleting{s}
}

// ForProfile is the service of one profile, for what has no row to
// follow (a create, a rotate's new token).
func (s *Service) ForProfile(name string) (backend.Service, bool) {
	for _, m := range s.members {
		if m.Profile == name {
			return m.Service, true
		}
	}
	return nil, false
}

// Profiles are the joined profiles, in order.
func (s *Service) Profiles() []string {
	names := make([]string, len(s.members))
	for i, m := range s.members {
		names[i] = m.Profile
	}
	return names
}

func (s *Service) System() backend.System { return s.system }

// ProfileError is one profile's failed list.
type ProfileError struct {
	Profile string
	Err     error
}

// PartialError is a list where some profiles failed: the tokens returned
// with it are the other profiles'.
type PartialError struct{ Failed []ProfileError }

func (e *PartialError) Error() string {
	parts := make([]string, len(e.Failed))
	for i, f := range e.Failed {
		parts[i] = "profile " + f.Profile + ": " + f.Err.Error()
	}
	return strings.Join(parts, "; ")
}

// FailedProfiles names the profiles that failed, in order.
func (e *PartialError) FailedProfiles() []string {
	names := make([]string, len(e.Failed))
	for i, f := range e.Failed {
		names[i] = f.Profile
	}
	return names
}

// Unwrap gives each profile's error (errors.Is/As see through).
func (e *PartialError) Unwrap() []error {
	errs := make([]error, len(e.Failed))
	for i, f := range e.Failed {
		errs[i] = f.Err
	}
	return errs
}

// List lists every profile, at most Concurrency at once. When some fail
// it returns the others' tokens with a *PartialError; when all fail, no
// tokens and the error.
func (s *Service) List(ctx context.Context) ([]backend.Token, error) {
	lists := make([][]backend.Token, len(s.members))
	errs := make([]error, len(s.members))
	sem := make(chan struct{}, Concurrency)
	var wg sync.WaitGroup
	for i, m := range s.members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			lists[i], errs[i] = m.Service.List(ctx)
		}()
	}
	wg.Wait()
	// Sized once, and each profile's list let go once copied: 100,000
	// tokens grown by doubling beside their lists held them three times.
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	tokens := make([]backend.Token, 0, n) // not nil: a partial list is a list
	var failed []ProfileError
	owner := make(map[string][]string, n)
	for i, m := range s.members {
		if errs[i] != nil {
			failed = append(failed, ProfileError{Profile: m.Profile, Err: errs[i]})
			continue
		}
		only := []string{m.Profile} // shared by the ids of this profile alone (full: an append copies it)
		for _, t := range lists[i] {
			t.Profile = m.Profile
			if prev, ok := owner[t.ID]; ok {
				owner[t.ID] = append(prev[:len(prev):len(prev)], m.Profile)
			} else {
				owner[t.ID] = only
			}
			tokens = append(tokens, t)
		}
		lists[i] = nil
	}
	s.mu.Lock()
	for id, ps := range owner { // a failed profile's tokens are not forgotten: their rows may still be acted on
		s.owner[id] = ps
	}
	s.mu.Unlock()
	if len(failed) == 0 {
		return tokens, nil
	}
	err := &PartialError{Failed: failed}
	if len(failed) == len(s.members) {
		return nil, err
	}
	return tokens, err
}

// of is the service of the profile that listed id. An id two profiles
// listed is refused rather than guessed.
func (s *Service) of(id string) (backend.Service, string, error) {
	s.mu.Lock()
	ps := s.owner[id]
	s.mu.Unlock()
	switch len(ps) {
	case 0:
		return nil, "", fmt.Errorf("token %s was not listed by any profile: refresh (r) and try again", id)
	case 1:
		svc, _ := s.ForProfile(ps[0])
		return svc, ps[0], nil
	}
	return nil, "", fmt.Errorf("token %s is listed by profiles %s: pick one profile (p) to act on it", id, strings.Join(ps, ", "))
}

// tokenService is the service of a token's own profile.
func (s *Service) tokenService(t backend.Token) (backend.Service, error) {
	if t.Profile == "" {
		svc, _, err := s.of(t.ID)
		return svc, err
	}
	if svc, ok := s.ForProfile(t.Profile); ok {
		return svc, nil
	}
	return nil, fmt.Errorf("profile %s is not in this view", t.Profile)
}

// errCreate: a create follows no row, so it needs one profile.
var errCreate = errors.New("a create needs one profile: pick it with p (all profiles shows tokens, it creates in none)")

func (s *Service) Create(context.Context, backend.CreateSpec) (backend.Created, error) {
	return backend.Created{}, errCreate
}

func (s *Service) Secret(ctx context.Context, id string) (backend.Secret, error) {
	svc, _, err := s.of(id)
	if err != nil {
		return backend.Secret{}, err
	}
	return svc.Secret(ctx, id)
}

func (s *Service) Revoke(ctx context.Context, id string) error {
	svc, _, err := s.of(id)
	if err != nil {
		return err
	}
	return svc.Revoke(ctx, id)
}

func (s *Service) EnrollCommand(ctx context.Context, t backend.Token, secret backend.Secret) (backend.Secret, error) {
	svc, err := s.tokenService(t)
	if err != nil {
		return backend.Secret{}, err
	}
	t.Profile = ""
	return svc.EnrollCommand(ctx, t, secret)
}

// deleting is a join of services that delete (Fleet).
type deleting struct{ *Service }

// Delete sends each id to its profile; an id no single profile listed
// fails with the reason, and is not sent anywhere.
func (d *deleting) Delete(ctx context.Context, ids []string, opts backend.DeleteOptions) backend.DeleteReport {
	byProfile := map[string][]string{}
	var rep backend.DeleteReport
	results := map[string]backend.DeleteResult{}
	for _, id := range ids {
		_, p, err := d.of(id)
		if err != nil {
			results[id] = backend.DeleteResult{ID: id, Outcome: backend.DeleteFailed, Reason: err.Error()}
			continue
		}
		byProfile[p] = append(byProfile[p], id)
	}
	for p, group := range byProfile {
		svc, _ := d.ForProfile(p)
		del, ok := svc.(backend.Deleter)
		if !ok {
			for _, id := range group {
				results[id] = backend.DeleteResult{ID: id, Outcome: backend.DeleteFailed, Reason: "profile " + p + " cannot delete tokens"}
			}
			continue
		}
		r := del.Delete(ctx, group, opts)
		rep.NoDelete = rep.NoDelete || r.NoDelete
		for _, res := range r.Results {
			results[res.ID] = res
		}
	}
	for _, id := range ids {
		if res, ok := results[id]; ok {
			rep.Results = append(rep.Results, res)
			delete(results, id)
		}
	}
	return rep
}

// DeleteTokens sends each token to the profile it was listed from.
func (d *deleting) DeleteTokens(ctx context.Context, tokens []backend.Token, opts backend.DeleteOptions) backend.DeleteReport {
	byProfile := map[string][]backend.Token{}
	var order []string
	for _, t := range tokens {
		if _, ok := byProfile[t.Profile]; !ok {
			order = append(order, t.Profile)
		}
		byProfile[t.Profile] = append(byProfile[t.Profile], t)
	}
	var rep backend.DeleteReport
	for _, p := range order {
		group := byProfile[p]
		svc, _ := d.ForProfile(p)
		del, ok := svc.(backend.Deleter)
		if !ok {
			for _, t := range group {
				rep.Results = append(rep.Results, backend.DeleteResult{ID: t.ID, Outcome: backend.DeleteFailed, Reason: "profile " + p + " cannot delete tokens here"})
			}
			continue
		}
		r := del.DeleteTokens(ctx, group, opts)
		rep.NoDelete = rep.NoDelete || r.NoDelete
		rep.Results = append(rep.Results, r.Results...)
	}
	return rep
}

// Broken is a profile that could not be loaded: every call fails with
// err, so that the view shows it failing beside the others.
func Broken(system backend.System, err error) backend.Service { return broken{system, err} }

type broken struct {
	system backend.System
	err    error
}

func (b broken) System() backend.System                        { return b.system }
func (b broken) List(context.Context) ([]backend.Token, error) { return nil, b.err }
func (b broken) Secret(context.Context, string) (backend.Secret, error) {
	return backend.Secret{}, b.err
}
func (b broken) Revoke(context.Context, string) error { return b.err }
func (b broken) Create(context.Context, backend.CreateSpec) (backend.Created, error) {
	return backend.Created{}, b.err
}
func (b broken) EnrollCommand(context.Context, backend.Token, backend.Secret) (backend.Secret, error) {
	return backend.Secret{}, b.err
}
