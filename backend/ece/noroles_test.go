package ece

import (
	"testing"

	"github.com/tokentui/tokentui/backend"
)

func TestNoRolesOnlyWhenAskedFor(t *testing.T) {
	if p := ValidateSpec(backend.CreateSpec{}); len(p) != 1 || p[0].Field != "roles" {
		t.Fatalf("no roles without asking: %v", p)
	}
	if p := ValidateSpec(backend.CreateSpec{NoRoles: true}); len(p) != 0 {
		t.Fatalf("asked for: %v", p)
	}
	if p := ValidateSpec(backend.CreateSpec{NoRoles: true, Roles: []string{"proxy"}}); len(p) != 1 {
		t.Fatalf("both: %v", p)
	}
	spec := backend.CreateSpec{NoRoles: true}
	if err := checkSpecRoles(&spec); err != nil || spec.Roles == nil || len(spec.Roles) != 0 {
		t.Fatalf("roles are sent as [], not null: %#v %v", spec.Roles, err)
	}
}
