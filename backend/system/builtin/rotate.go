package builtin

import "github.com/tokentui/tokentui/backend"

// The built-in systems' rotations (system.Row.Replace): an Elasticsearch
// enrollment token is not rotated (system.Row.NoRotate).

// replaceFleet: the same policy, a name that says what it replaced, the
// lifetime asked for ("" = never).
func replaceFleet(old backend.Token, expiration string) backend.CreateSpec {
	return backend.CreateSpec{PolicyID: old.PolicyID, Name: backend.RotationName(old), Expiration: expiration}
}

// replaceECE: the same roles, persistent like every listed token.
func replaceECE(old backend.Token, _ string) backend.CreateSpec {
	return backend.CreateSpec{Roles: append([]string(nil), old.Roles...), NoRoles: len(old.Roles) == 0}
}
