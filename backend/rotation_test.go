package backend

import (
	"slices"
	"testing"
)

// How a system's tokens rotate is what its registry row said.
func TestRotationIsTheRegisteredOne(t *testing.T) {
	old := Token{System: "x", ID: "a1", Roles: []string{"r"}, Status: Active}
	if why := CanRotate(old); why != "x tokens cannot be rotated: create a new one" {
		t.Errorf("unregistered: %q", why)
	}
	remove := SetRotation("x", nil, "x tokens live a minute")
	if why := CanRotate(old); why != "x tokens live a minute" {
		t.Errorf("refused: %q", why)
	}
	remove()
	defer SetRotation("x", func(old Token, exp string) CreateSpec { return CreateSpec{Roles: old.Roles, Expiration: exp} }, "")()
	spec, err := ReplacementSpec(old, "7d")
	if err != nil || !slices.Equal(spec.Roles, []string{"r"}) || spec.Expiration != "7d" {
		t.Errorf("ReplacementSpec = %+v, %v", spec, err)
	}
	old.Status = Revoked
	if _, err := ReplacementSpec(old, ""); err == nil {
		t.Error("a revoked token is not rotated")
	}
}
