package backend

import (
	"errors"
	"fmt"
)

// SecretUnavailableError says why a system cannot give a token's secret again.
type SecretUnavailableError struct {
	System System
	ID     string
}

func (e *SecretUnavailableError) Error() string {
	switch e.System {
	case Elasticsearch:
		return fmt.Sprintf("the secret of enrollment token %s cannot be shown: Elasticsearch returns an API key's secret only once, when it is created; create a new token instead", e.ID)
	case ECE:
		return fmt.Sprintf("the secret of roles token %s cannot be shown: ECE returns a token only once, when it is created; create a new token instead", e.ID)
	}
	return fmt.Sprintf("the secret of token %s cannot be shown again", e.ID)
}

// NotConfiguredError says a system has no settings, and which to set.
type NotConfiguredError struct {
	System System
	Hint   string // e.g. "set ELASTICSEARCH_URL and ELASTICSEARCH_USERNAME/ELASTICSEARCH_PASSWORD"
}

func (e *NotConfiguredError) Error() string {
	return fmt.Sprintf("%s is not configured: %s", e.System.Title(), e.Hint)
}

// InvalidInputError is a request the client refuses before sending it.
type InvalidInputError struct {
	Field  string
	Reason string
}

func (e *InvalidInputError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// ErrNotFound is matched (errors.Is) by errors about a token that does not
// exist, whatever system said so.
var ErrNotFound = errors.New("not found")

// ErrUnreachable is matched (errors.Is) by errors that never got an answer
// from the server: it could not be reached, the connection was reset, or
// it did not answer in time. Callers tell "the server is down" from "the
// server said no" without knowing the transport.
var ErrUnreachable = errors.New("server unreachable")

// ListCommand is the CLI command that lists a system's tokens: what a user
// runs to see what a call with an unknown outcome left behind.
func (s System) ListCommand() string {
	switch s {
	case Elasticsearch:
		return "tokentui es list"
	case ECE:
		return "tokentui ece list"
	case Fleet:
		return "tokentui fleet list"
	}
	return "tokentui " + string(s) + " list"
}

// OutcomeUnknownError is a revoke (or another change) whose result cannot be
// known: the answer was lost, or it was not what the API's contract says a
// success looks like (an HTML login page with status 200, a malformed body).
// Err is the cause (often a *transport.Error); Check says how to find out.
type OutcomeUnknownError struct {
	Op    string // "revoke", "delete", "create"
	ID    string // the token the call was about; "" for a create
	Check string // e.g. "run `tokentui fleet list --all` and look at its status"
	Err   error
}

func (e *OutcomeUnknownError) Error() string {
	what := e.Op
	if e.ID != "" {
		what += " of " + e.ID
	}
	msg := "the outcome of the " + what + " is unknown"
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if e.Check != "" {
		msg += "; to check, " + e.Check
	}
	return msg
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// MaybeCreatedError is a create whose answer was lost or unreadable after the
// request was sent (a timeout, a broken connection, a body that is not the
// contract's): the server may have made the token. It is never retried, as a
// retry could make a second one. The UI refreshes the list when it sees one.
type MaybeCreatedError struct {
	System System
	Err    error
}

func (e *MaybeCreatedError) Error() string {
	msg := "the token may have been created; run `" + e.System.ListCommand() + "` to check"
	if e.Err != nil {
		msg = e.Err.Error() + ": " + msg
	}
	return msg
}

func (e *MaybeCreatedError) Unwrap() error { return e.Err }

// NotRevokedError is a revoke after which reading the token back shows it
// still usable: the server accepted the revoke (Err is nil), or its answer
// was lost or unreadable (Err says how).
type NotRevokedError struct {
	System System
	ID     string
	State  string // what the read showed, e.g. "still active"
	Err    error  // the lost or unreadable answer, or nil
}

func (e *NotRevokedError) Error() string {
	what := "the server accepted the revoke of " + e.ID + ", but"
	if e.Err != nil {
		what = "the answer to the revoke of " + e.ID + " was lost or unreadable (" + e.Err.Error() + "), and"
	}
	return fmt.Sprintf("%s reading it back shows it %s: it was NOT revoked; try again, or revoke it in %s",
		what, e.State, e.System.Console())
}

func (e *NotRevokedError) Unwrap() error { return e.Err }

// Console names the web console where a system's tokens are managed.
func (s System) Console() string {
	switch s {
	case Elasticsearch:
		return "Kibana (Stack Management → API keys)"
	case ECE:
		return "the ECE admin console"
	case Fleet:
		return "Kibana (Fleet → Enrollment tokens)"
	}
	return s.Title()
}

// LimitError is a list larger than tokentui holds: a hard cap that keeps a
// broken or hostile server from exhausting memory or sending requests forever.
type LimitError struct {
	What  string // "enrollment tokens", "pages of agent policies"
	Limit int
	Hint  string // how to narrow the list, or ""
}

func (e *LimitError) Error() string {
	msg := fmt.Sprintf("the server returned more than %d %s, the most tokentui reads at once", e.Limit, e.What)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Caps on every list, whatever the server says of its size. Lists of
// 100,000 tokens are a goal (about 120 MiB); the cap leaves room above it.
const (
	MaxTokens = 200_000 // items held from one list
	MaxPages  = 1_000   // pages fetched for one list
)

// ReadBackFailed is the cause of a revoke whose confirming read failed:
// answer is what went wrong with the revoke's own answer (nil when it was
// the contract's) and read is the read's error. The answer's error stays
// the one errors.As finds, as it is what the user saw fail first.
func ReadBackFailed(answer, read error) error {
	if answer == nil {
		return fmt.Errorf("the server accepted it, but reading the token back failed: %w", read)
	}
	return fmt.Errorf("%w; reading the token back to check failed too: %v", answer, read)
}
