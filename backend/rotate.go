package backend

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// Rotation is what a rotate did, step by step: create a replacement, then
// revoke the old token unless it is kept. Every step's outcome is kept, so
// a rotate that stops half way says exactly what exists.
type Rotation struct {
	Old       Token
	New       Created // zero unless Created
	Created   bool
	CreateErr error // why there is no new token (a *MaybeCreatedError when unknown)
	KeptOld   bool  // the old token was kept active, as asked
	Revoked   bool  // the old token's revoke was verified
	RevokeErr error // the revoke failed or its outcome is unknown
}

// ExpirationDefaulter is a Service with a profile lifetime for the
// tokens it creates (Fleet's default_expiration; "" = none set).
type ExpirationDefaulter interface{ DefaultExpiration() string }

// Replacer is the create that replaces a system's old token in a rotate,
// given the lifetime asked for ("" = never, or the system's default).
type Replacer func(old Token, expiration string) CreateSpec

// rotation is how a system's tokens are rotated: replace, or why they
// cannot be.
type rotation struct {
	replace Replacer
	refused string
}

// rotations are the registered systems': each registry row's
// (backend/system calls SetRotation).
var rotations Registry[rotation]

// SetRotation says how the system's tokens are rotated: replace makes the
// replacement's create; with replace nil they cannot be, refused says why
// ("" = the system's tokens cannot be rotated). remove undoes it (tests).
func SetRotation(s System, replace Replacer, refused string) (remove func()) {
	return mustAdd(&rotations, s, rotation{replace, refused})
}

func rotationOf(s System) rotation {
	rot, _ := rotations.Get(s)
	if rot.replace == nil && rot.refused == "" {
		rot.refused = s.Title() + " tokens cannot be rotated: create a new one"
	}
	return rot
}

// CanRotate reports why a token cannot be rotated ("" when it can).
func CanRotate(old Token) string {
	rot := rotationOf(old.System)
	switch {
	case rot.replace == nil:
		return rot.refused
	case old.SessionOnly:
		return "an ephemeral ECE token cannot be revoked, so it cannot be rotated: create a new one"
	case old.Status == Revoked:
		return "the token is already revoked: create a new one"
	}
	return ""
}

// replacesRE is the part of a name a rotate added before.
var replacesRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(` \(replaces [^()]*\)$`) })

// RotationName is the name of a Fleet token that replaces old: the old
// name (without an earlier rotate's note) and the id it replaces, so the
// list says where each token came from. Fleet names are unique per
// policy; the old id makes this one unique too.
func RotationName(old Token) string {
	base := replacesRE().ReplaceAllString(old.Name, "")
	if base == "" || base == old.ID {
		return "replaces " + old.ID
	}
	return base + " (replaces " + old.ID + ")"
}

// ReplacementSpec is the create that replaces old, as its system's
// registry row says (for Fleet the same policy and a name that says what
// it replaced, with the given lifetime; for ECE the same roles).
func ReplacementSpec(old Token, expiration string) (CreateSpec, error) {
	if why := CanRotate(old); why != "" {
		return CreateSpec{}, &InvalidInputError{Reason: why}
	}
	return rotationOf(old.System).replace(old, expiration), nil
}

// Rotate creates old's replacement and then revokes old if revokeOld
// (asked once the new token is known; nil: always) says so. The revoke is
// attempted only after a verified create: a create whose outcome is
// unknown leaves the old token alone.
func Rotate(ctx context.Context, svc Service, old Token, expiration string, revokeOld func(Created) bool) Rotation {
	r := Rotation{Old: old}
	spec, err := ReplacementSpec(old, expiration)
	if err != nil {
		r.CreateErr = err
		return r
	}
	r.New, r.CreateErr = svc.Create(ctx, spec)
	r.Created = r.CreateErr == nil
	if !r.Created {
		return r
	}
	if revokeOld != nil && !revokeOld(r.New) {
		r.KeptOld = true
		return r
	}
	r.RevokeErr = svc.Revoke(ctx, old.ID)
	r.Revoked = r.RevokeErr == nil
	return r
}

// OK reports whether the rotate did all it was asked to.
func (r Rotation) OK() bool { return r.Created && (r.KeptOld || r.Revoked) }

// NewOutcome is the replacement's outcome in a word: created, failed, or
// unknown (it may exist).
func (r Rotation) NewOutcome() string {
	var maybe *MaybeCreatedError
	switch {
	case r.Created:
		return "created"
	case errors.As(r.CreateErr, &maybe):
		return "unknown"
	}
	return "failed"
}

// OldOutcome is the old token's outcome in a word: revoked, kept (asked),
// active (nothing was tried), not revoked, or unknown.
func (r Rotation) OldOutcome() string {
	var unknown *OutcomeUnknownError
	switch {
	case r.Revoked:
		return "revoked"
	case r.KeptOld && r.Created:
		return "kept"
	case !r.Created:
		return "active"
	case errors.As(r.RevokeErr, &unknown):
		return "unknown"
	}
	return "not revoked"
}

// State says in a sentence what exists after the rotate.
func (r Rotation) State() string {
	list := r.Old.System.ListCommand() + " --all"
	if r.Old.System == ECE {
		list = r.Old.System.ListCommand()
	}
	newPart := map[string]string{
		"created": "the new token " + r.New.Token.ID + " exists",
		"unknown": "the new token may exist (run `" + list + "` to check)",
		"failed":  "no new token was created",
	}[r.NewOutcome()]
	oldPart := map[string]string{
		"revoked":     "the old token " + r.Old.ID + " is revoked",
		"kept":        "the old token " + r.Old.ID + " is still active, as asked: revoke it once nothing uses it (`" + revokeCommand(r.Old) + "`)",
		"active":      "the old token " + r.Old.ID + " is still active",
		"unknown":     "the old token " + r.Old.ID + " may still be active (run `" + list + "` to check)",
		"not revoked": "the old token " + r.Old.ID + " is still active: revoke it with `" + revokeCommand(r.Old) + "`",
	}[r.OldOutcome()]
	return newPart + "; " + oldPart
}

func revokeCommand(t Token) string {
	verb := "revoke"
	if t.System == ECE {
		verb = "delete"
	}
	return "tokentui " + string(t.System) + " " + verb + " " + t.ID
}

// Err is the rotate's failure, with what exists; nil when OK.
func (r Rotation) Err() error {
	if r.OK() {
		return nil
	}
	cause := r.CreateErr
	if r.Created {
		cause = r.RevokeErr
	}
	return fmt.Errorf("rotate of %s stopped half way: %s: %w", r.Old.ID, r.State(), cause)
}

// ProbablyECK says why a Fleet token looks like one Elastic Cloud on
// Kubernetes created (contracts/eck.md §4: its name is its id, it never
// expires, it is not hidden); "" when it does not. None of this is proof.
func ProbablyECK(t Token) string {
	if t.System != Fleet || t.Hidden || !t.Expires.IsZero() || t.Name != t.ID {
		return ""
	}
	return "token " + t.ID + " is probably ECK's (its name is its id and it never expires, as ECK creates them): " +
		"ECK does not switch to the new token; after the revoke it reuses another active token of the policy, or creates one"
}

// CollectorsWarning is the warning before an action that cuts n
// OpenTelemetry Collectors of a policy off ("" when n is 0).
func CollectorsWarning(n int, policy string) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf("%s on policy %s may use this token: collectors send the enrollment token on every poll, "+
		"so they lose access to Fleet within 10–15 minutes of the revoke; give them the new token first",
		Plural(n, "OpenTelemetry Collector", "OpenTelemetry Collectors"), strings.TrimSpace(policy))
}
