package main

import (
	"errors"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/trail"
)

// The outcome words of -o json (docs/json.md): a fixed vocabulary, no
// spaces, so a script can switch on them.
const (
	outcomeRevoked           = "revoked"             // verified revoked
	outcomeDeleted           = "deleted"             // verified gone
	outcomeAlreadyGone       = "already_gone"        // delete: there was no such token
	outcomeNotFound          = "not_found"           // revoke, delete: the server says there is no such token
	outcomeRevokedNotDeleted = "revoked_not_deleted" // delete on a Kibana before 9.5
	outcomeSkipped           = "skipped"             // delete: a hidden token left alone
	outcomeFailed            = "failed"              // not done
	outcomeUnknown           = "unknown"             // the answer was lost: check with the list command
	outcomeRemovedUnverified = "removed_unverified"  // delete: the record is gone; its Elasticsearch API key was not checked
)

// outcomeRow is one token's outcome in JSON (revoke, delete, purge).
type outcomeRow struct {
	ID      string `json:"id"`
	Outcome string `json:"outcome"`
	Reason  string `json:"reason,omitempty"` // why, for every outcome but a success
}

// revokeOutcome is a revoke's word for its error.
func revokeOutcome(err error) string {
	switch {
	case err == nil:
		return outcomeRevoked
	case errors.Is(err, backend.ErrNotFound):
		return outcomeNotFound
	case trail.OutcomeOf(err) == trail.Unknown:
		return outcomeUnknown
	}
	return outcomeFailed
}

// deleteOutcome is a delete result's word.
func deleteOutcome(o backend.DeleteOutcome) string {
	switch o {
	case backend.DeleteDeleted:
		return outcomeDeleted
	case backend.DeleteAlreadyGone:
		return outcomeAlreadyGone
	case backend.DeleteRevokedOnly:
		return outcomeRevokedNotDeleted
	case backend.DeleteSkippedHidden:
		return outcomeSkipped
	case backend.DeleteFailed:
		return outcomeFailed
	case backend.DeleteNotFound:
		return outcomeNotFound
	case backend.DeleteRemovedUnverified:
		return outcomeRemovedUnverified
	}
	return outcomeUnknown
}
