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
