package ece

import "github.com/tokentui/tokentui/backend"

// checkSpecRoles checks a spec's roles. A token without roles is valid
// when asked for explicitly (spec.NoRoles, as ecctl's --role ""): ECE's
// API documents an empty role list as "system services only". Its roles
// are then sent as [] rather than null.
func checkSpecRoles(spec *backend.CreateSpec) error {
	if spec.NoRoles {
		if len(spec.Roles) > 0 {
			return &backend.InvalidInputError{Field: "roles", Reason: "a token without roles cannot have roles too"}
		}
		spec.Roles = []string{}
		return nil
	}
	return CheckRoles(spec.Roles)
}
