package transport

import (
	"errors"
	"net/http"
	"syscall"
)

// MayHaveHappened reports whether a failed call that changes something (a
// create, a revoke) may still have been carried out by the server: the
// request may have reached it and no clear refusal came back. A timeout, a
// broken connection, a 2xx answer that is not the expected JSON (a proxy's
// login page), an oversize body, or any 5xx (a server or gateway may fail
// after the change was made: Kibana's forceDelete, a gateway giving up on
// an upstream that acted) all qualify; a refused connection, a TLS failure
// or a 4xx refusal do not.
func MayHaveHappened(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Kind {
	case KindTimeout, KindReset, KindMalformed, KindTooLarge, KindProduct:
		return true
	case KindHTTP:
		return e.Status >= http.StatusInternalServerError
	case KindConnect:
		// Refused, unresolvable or unbuildable: nothing was sent. Any other
		// network failure may have come after the request went out.
		return e.Err != nil && !errors.Is(e.Err, syscall.ECONNREFUSED) && !isDNS(e.Err)
	}
	return false
}
