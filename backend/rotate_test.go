package backend

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestRotationNameSaysWhatItReplaces(t *testing.T) {
	for _, c := range []struct{ name, id, want string }{
		{"ci", "a1", "ci (replaces a1)"},
		{"ci (replaces a0)", "a1", "ci (replaces a1)"},
		{"a1", "a1", "replaces a1"}, // an ECK-style name is its id
		{"", "a1", "replaces a1"},
	} {
		if got := RotationName(Token{System: Fleet, ID: c.id, Name: c.name}); got != c.want {
			t.Errorf("RotationName(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// rotateFake is a Service whose create and revoke fail on demand.
type rotateFake struct {
	Service
	createErr, revokeErr error
	revoked              []string
}

func (f *rotateFake) Create(context.Context, CreateSpec) (Created, error) {
	if f.createErr != nil {
		return Created{}, f.createErr
	}
	return Created{Token: Token{System: Fleet, ID: "new"}}, nil
}

func (f *rotateFake) Revoke(_ context.Context, id string) error {
	f.revoked = append(f.revoked, id)
	return f.revokeErr
}

func TestRotateHalfWay(t *testing.T) {
	// The registry's rows say how tokens are rotated; this package's
	// tests do not load it.
	defer SetRotation(Fleet, func(old Token, _ string) CreateSpec { return CreateSpec{PolicyID: old.PolicyID} }, "")()
	old := Token{System: Fleet, ID: "old", Name: "ci", PolicyID: "p", Status: Active}
	for name, c := range map[string]struct {
		fake     *rotateFake
		keep     bool
		new, was string
		revoked  int
	}{
		"done":           {&rotateFake{}, false, "created", "revoked", 1},
		"kept":           {&rotateFake{}, true, "created", "kept", 0},
		"create failed":  {&rotateFake{createErr: errors.New("409")}, false, "failed", "active", 0},
		"create unknown": {&rotateFake{createErr: &MaybeCreatedError{System: Fleet}}, false, "unknown", "active", 0},
		"revoke failed":  {&rotateFake{revokeErr: errors.New("500")}, false, "created", "not revoked", 1},
		"revoke unknown": {&rotateFake{revokeErr: &OutcomeUnknownError{Op: "revoke"}}, false, "created", "unknown", 1},
	} {
		r := Rotate(context.Background(), c.fake, old, "", func(Created) bool { return !c.keep })
		if r.NewOutcome() != c.new || r.OldOutcome() != c.was || len(c.fake.revoked) != c.revoked {
			t.Errorf("%s: new %s old %s revokes %d", name, r.NewOutcome(), r.OldOutcome(), len(c.fake.revoked))
		}
		if ok := c.new == "created" && (c.was == "revoked" || c.was == "kept"); r.OK() != ok || (r.Err() == nil) != ok {
			t.Errorf("%s: OK %v, Err %v", name, r.OK(), r.Err())
		}
		if !r.OK() && !strings.Contains(r.Err().Error(), "old token old") {
			t.Errorf("%s: the error does not say what became of the old token: %v", name, r.Err())
		}
	}
}

func TestProbablyECK(t *testing.T) {
	if ProbablyECK(Token{System: Fleet, ID: "u", Name: "u"}) == "" {
		t.Error("a never-expiring token named by its id is probably ECK's")
	}
	if ProbablyECK(Token{System: Fleet, ID: "u", Name: "ci"}) != "" {
		t.Error("a named token is not ECK's")
	}
}
