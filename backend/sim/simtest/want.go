package simtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

// WantMaybeCreated fails unless err is a *backend.MaybeCreatedError whose
// text says the token may exist and which list to run.
func WantMaybeCreated(t testing.TB, sys backend.System, err error) {
	t.Helper()
	var mc *backend.MaybeCreatedError
	if !errors.As(err, &mc) {
		t.Fatalf("a create with a lost or unreadable answer must be a *backend.MaybeCreatedError, got %T: %v", err, err)
	}
	if want := "the token may have been created; run `" + sys.ListCommand(); !strings.Contains(err.Error(), want) {
		t.Fatalf("the error must say %q: %v", want, err)
	}
}

// WantUnknown fails unless err is a *backend.OutcomeUnknownError whose text
// says the outcome is unknown and which list to run.
func WantUnknown(t testing.TB, sys backend.System, err error) {
	t.Helper()
	var ou *backend.OutcomeUnknownError
	if !errors.As(err, &ou) {
		t.Fatalf("a revoke with a lost or unreadable answer must be a *backend.OutcomeUnknownError, got %T: %v", err, err)
	}
	if !strings.Contains(err.Error(), "unknown") || !strings.Contains(err.Error(), sys.ListCommand()) {
		t.Fatalf("the error must say the outcome is unknown and to run %q: %v", sys.ListCommand(), err)
	}
}

// WantNotRevoked fails unless err is a *backend.NotRevokedError that says
// plainly the token was NOT revoked.
func WantNotRevoked(t testing.TB, err error) {
	t.Helper()
	var nr *backend.NotRevokedError
	if !errors.As(err, &nr) {
		t.Fatalf("a revoke the server did not perform must be a *backend.NotRevokedError once a read shows the token active, got %T: %v", err, err)
	}
	if !strings.Contains(err.Error(), "NOT revoked") {
		t.Fatalf("the error must say the token was NOT revoked: %v", err)
	}
}
