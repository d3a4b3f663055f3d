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
