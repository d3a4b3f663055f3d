package transport

import (
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

// errCase is an error and what a predicate must say of it.
type errCase struct {
	err  error
	want bool
}

func TestMayHaveHappened(t *testing.T) {
	for _, tc := range []errCase{
		{&Error{Kind: KindTimeout}, true},
		{&Error{Kind: KindReset}, true},
		{&Error{Kind: KindMalformed}, true},
		{&Error{Kind: KindTooLarge}, true},
		{&Error{Kind: KindProduct}, true},
		{&Error{Kind: KindHTTP, Status: 502}, true},
		{&Error{Kind: KindHTTP, Status: 504}, true},
		{fmt.Errorf("wrapped: %w", &Error{Kind: KindReset}), true},
		{&Error{Kind: KindConnect, Err: errors.New("http2: stream closed")}, true},
		{&Error{Kind: KindConnect, Err: syscall.ECONNREFUSED}, false},
		{&Error{Kind: KindConnect}, false},
		{&Error{Kind: KindTLS}, false},
		{&Error{Kind: KindHTTP, Status: 500}, true}, // a change made, then a 500
		{&Error{Kind: KindHTTP, Status: 503}, true},
		{&Error{Kind: KindHTTP, Status: 404}, false},
		{&Error{Kind: KindHTTP, Status: 409}, false},
		{errors.New("not a transport error"), false},
		{nil, false},
	} {
		if got := MayHaveHappened(tc.err); got != tc.want {
			t.Errorf("MayHaveHappened(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// errors.Is(err, backend.ErrUnreachable) is true for a call that got no
// answer, and never for a server's own answer: callers (the UI's pickers)
// tell "down" from "said no" without the transport's types.
func TestUnreachableIsNoAnswer(t *testing.T) {
	for _, c := range []errCase{
		{&Error{Kind: KindConnect}, true},
		{&Error{Kind: KindTimeout}, true},
		{fmt.Errorf("listing policies: %w", &Error{Kind: KindReset}), true},
		{&Error{Kind: KindHTTP, Status: 503}, false},
		{&Error{Kind: KindHTTP, Status: 404, ObjectNotFound: true}, false},
		{errors.New("connection refused"), false},
	} {
		if got := errors.Is(c.err, backend.ErrUnreachable); got != c.want {
			t.Errorf("%v: ErrUnreachable %v, want %v", c.err, got, c.want)
		}
	}
}
