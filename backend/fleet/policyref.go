package fleet

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// PolicyNotFoundError is a policy reference that is neither the id nor the
// exact name of an agent policy.
type PolicyNotFoundError struct{ Ref string }

func (e *PolicyNotFoundError) Error() string {
	return fmt.Sprintf("no agent policy has the id or the name %q; run `tokentui fleet policies` to see them", e.Ref)
}

// PolicyAmbiguousError is a name that several agent policies share.
type PolicyAmbiguousError struct {
	Ref     string
	Matches []Policy
}

func (e *PolicyAmbiguousError) Error() string {
	ids := make([]string, len(e.Matches))
	for i, p := range e.Matches {
		ids[i] = p.ID
	}
	slices.Sort(ids)
	return fmt.Sprintf("%d agent policies are named %q: give one of their ids instead: %s", len(e.Matches), e.Ref, strings.Join(ids, ", "))
}

// FindPolicy picks the policy that ref names: its id, else its exact name
// (case and spaces matter, as Kibana shows them). An id wins over a name.
func FindPolicy(policies []Policy, ref string) (Policy, error) {
	var named []Policy
	for _, p := range policies {
		if p.ID == ref {
			return p, nil
		}
		if p.Name == ref {
			named = append(named, p)
		}
	}
	switch len(named) {
	case 0:
		return Policy{}, &PolicyNotFoundError{Ref: ref}
	case 1:
		return named[0], nil
	}
	return Policy{}, &PolicyAmbiguousError{Ref: ref, Matches: named}
}

// ResolvePolicy reads the agent policies and picks the one ref names (an
// id or an exact name).
func (c *Client) ResolvePolicy(ctx context.Context, ref string) (Policy, error) {
	pols, err := c.Policies(ctx)
	if err != nil {
		return Policy{}, err
	}
	return FindPolicy(pols, ref)
}
