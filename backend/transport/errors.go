package transport

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/tokentui/tokentui/backend"
)

// Kind sorts failures the way a user acts on them.
type Kind string

const (
	KindHTTP      Kind = "http"        // the server answered with a non-2xx status
	KindConnect   Kind = "connect"     // could not reach the server
	KindTimeout   Kind = "timeout"     // no complete answer in time
	KindTLS       Kind = "tls"         // certificate or handshake problem
	KindReset     Kind = "reset"       // the connection broke mid-way
	KindMalformed Kind = "malformed"   // a 2xx body that is not the expected JSON
	KindTooLarge  Kind = "too-large"   // body over the cap
	KindProduct   Kind = "not-elastic" // the server is not what we expected (a proxy page)
)

// Error is every failure of a call to a system. Its text never contains a
// secret: it is passed through the client's Redactor when built.
type Error struct {
	Kind   Kind
	Method string
	Path   string // the request path, without query or host
	Status int    // HTTP status, 0 when there was none

	// From the error body, whichever of the three shapes it had.
	Type   string // ES error.type, ECE error code, Kibana "error" (reason phrase)
	Reason string // the human message
	// Excerpt is the start of a non-JSON body (an HTML page from a proxy),
	// as plain text.
	Excerpt    string
	RetryAfter time.Duration
	Err        error // the underlying network or decoding error
	// ObjectNotFound: a 404 whose body is the server's own JSON "not found"
	// about an object (Kibana's Boom 404 with its message, Elasticsearch's
	// resource_not_found_exception or empty api_keys, ECE's not-found
	// codes). An HTML or plain 404 of a proxy, a wrong base path or an
	// unknown route is not one: it proves nothing about the object.
	ObjectNotFound bool
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Method + " " + e.Path + ": ")
	switch e.Kind {
	case KindHTTP:
		fmt.Fprintf(&b, "%d %s", e.Status, http.StatusText(e.Status))
		if e.Type != "" && e.Type != http.StatusText(e.Status) {
			b.WriteString(": " + oneLine(e.Type))
		}
		if e.Reason != "" {
			b.WriteString(": " + oneLine(e.Reason))
		}
		if e.Excerpt != "" {
			b.WriteString(": " + oneLine(e.Excerpt))
		}
		if e.RetryAfter > 0 {
			fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
		}
	default:
		b.WriteString(oneLine(e.Reason))
	}
	return b.String()
}

// lineBreaks are the server's line breaks, escaped so that one error is
// one line wherever it is printed (the program's own messages may still
// span lines; the sanitizer escapes every other control at the terminal).
var lineBreaks = strings.NewReplacer("\r\n", `\r\n`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`)

func oneLine(s string) string { return lineBreaks.Replace(s) }

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, backend.ErrNotFound) true only for the server's
// own not-found answer (ObjectNotFound), never for any 404; and
// errors.Is(err, backend.ErrUnreachable) for a call that got no answer.
func (e *Error) Is(target error) bool {
	switch target {
	case backend.ErrNotFound:
		return e.Kind == KindHTTP && e.Status == http.StatusNotFound && e.ObjectNotFound
	case backend.ErrUnreachable:
		return e.Kind == KindConnect || e.Kind == KindTimeout || e.Kind == KindReset
	}
	return false
}

// NotFoundNaming reports the server's own not-found answer that names id
// (Kibana: "EnrollmentAPIKey <id> not found"): a not-found about another
// object (a policy, a space, a route) does not settle this one.
func NotFoundNaming(err error, id string) bool {
	var e *Error
	return errors.Is(err, backend.ErrNotFound) && errors.As(err, &e) && id != "" && strings.Contains(e.Reason, id)
}

// Hint is one line telling the user what to do, or "".
func (e *Error) Hint() string {
	switch e.Kind {
	case KindConnect:
		return "check the URL and that the server is running and reachable"
	case KindTimeout:
		return "the server is slow or unreachable; try again, or raise the timeout"
	case KindTLS:
		return "set ca_cert or ca_fingerprint to trust the server's CA (insecure skips verification)"
	case KindHTTP:
		switch {
		case e.Status == 401:
			return "the credentials were rejected: check the username/password or API key"
		case e.Status == 403:
			return "the credentials lack a privilege this action needs"
		case e.Status == 429:
			return "the server is rate-limiting requests; wait and try again"
		case e.Status >= 500:
			return "the server failed; try again later"
		}
	}
	return ""
}

// IsStatus reports whether err is an HTTP error with that status.
func IsStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == KindHTTP && e.Status == status
}

// decodeError reads an error body of any of the three systems' shapes.
func decodeError(method, path string, status int, header http.Header, body []byte) *Error {
	e := &Error{Kind: KindHTTP, Method: method, Path: path, Status: status}
	if d, ok := parseRetryAfter(header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = d
	}
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		return e
	}
	var shapes struct {
		Error      json.RawMessage `json:"error"`
		Message    *string         `json:"message"`
		StatusCode int             `json:"statusCode"`
		Errors     []struct {
			Code    string   `json:"code"`
			Message string   `json:"message"`
			Fields  []string `json:"fields"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &shapes) != nil {
		e.Excerpt = plainExcerpt(trimmed, 200)
		return e
	}
	defer func() { e.ObjectNotFound = status == http.StatusNotFound && ownNotFound(e, shapes.StatusCode, body) }()
	switch {
	case len(shapes.Errors) > 0: // ECE BasicFailedReply
		var msgs []string
		for _, x := range shapes.Errors {
			m := x.Message
			if len(x.Fields) > 0 {
				m += " (" + strings.Join(x.Fields, ", ") + ")"
			}
			msgs = append(msgs, m)
		}
		e.Type = shapes.Errors[0].Code
		e.Reason = strings.Join(msgs, "; ")
	case shapes.Message != nil: // Kibana Boom {statusCode, error, message}
		_ = json.Unmarshal(shapes.Error, &e.Type)
		e.Reason = *shapes.Message
	case len(shapes.Error) > 0:
		var simple string
		if json.Unmarshal(shapes.Error, &simple) == nil { // ES simple form
			e.Reason = simple
			break
		}
		var cause struct {
			Type      string `json:"type"`
			Reason    string `json:"reason"`
			RootCause []struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"root_cause"`
			CausedBy *struct {
				Type   string `json:"type"`
				Reason string `json:"reason"`
			} `json:"caused_by"`
		}
		if json.Unmarshal(shapes.Error, &cause) == nil {
			e.Type, e.Reason = cause.Type, cause.Reason
			if e.Reason == "" && len(cause.RootCause) > 0 {
				e.Type, e.Reason = cause.RootCause[0].Type, cause.RootCause[0].Reason
			}
			if cause.CausedBy != nil && cause.CausedBy.Reason != "" && cause.CausedBy.Reason != e.Reason {
				e.Reason += " (caused by " + cause.CausedBy.Type + ": " + cause.CausedBy.Reason + ")"
			}
		}
	default:
		e.Excerpt = plainExcerpt(trimmed, 200)
	}
	return e
}

// ownNotFound recognises each system's own JSON answer about a missing
// object (contracts: Kibana Boom {statusCode:404, message:"<Type> <id> not
// found"}; Elasticsearch resource_not_found_exception, or {"api_keys":[]}
// from GET /_security/api_key?id=; ECE errors[].code such as
// enrollment_tokens.invalid_token_id or runners.runner_not_found). Kibana's
// and ECE's answers to an unknown route ("Not Found", root.resource_not_found)
// are not about an object.
func ownNotFound(e *Error, boomStatus int, body []byte) bool {
	switch {
	case boomStatus == http.StatusNotFound:
		return e.Reason != "" && e.Reason != "Not Found" && strings.Contains(strings.ToLower(e.Reason), "not found")
	case strings.HasPrefix(e.Type, "enrollment_tokens.") || strings.HasPrefix(e.Type, "runners."):
		return e.Type == "enrollment_tokens.invalid_token_id" || strings.HasSuffix(e.Type, "_not_found")
	case e.Type == "resource_not_found_exception":
		return true
	}
	var keys map[string]json.RawMessage
	return json.Unmarshal(body, &keys) == nil && len(keys) == 1 && string(keys["api_keys"]) == "[]"
}

var (
	tagRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>|<[^>]*>`)
	})
	spaceRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s+`) })
)

// plainExcerpt turns an HTML or text body into one short line.
func plainExcerpt(s string, max int) string {
	if strings.Contains(s, "<") {
		s = dedupeSegments(tagRE().Split(s, -1))
	}
	s = strings.TrimSpace(spaceRE().ReplaceAllString(s, " "))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > max {
		cut := max
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	if s == "" {
		return "(non-JSON body)"
	}
	return "non-JSON body: " + s
}

// dedupeSegments joins the texts between an HTML page's tags, each once:
// error pages repeat their title as their heading ("200 OK", "200 OK").
func dedupeSegments(segs []string) string {
	seen := map[string]bool{}
	var kept []string
	for _, seg := range segs {
		seg = strings.TrimSpace(spaceRE().ReplaceAllString(seg, " "))
		if seg != "" && !seen[seg] {
			seen[seg] = true
			kept = append(kept, seg)
		}
	}
	return strings.Join(kept, " ")
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// classify turns a transport-level failure into an Error.
func classify(method, path, base string, timeout time.Duration, err error) *Error {
	e := &Error{Method: method, Path: path, Err: err}
	var uerr x509.UnknownAuthorityError
	var herr x509.HostnameError
	var cerr x509.CertificateInvalidError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		e.Kind, e.Reason = KindTimeout, fmt.Sprintf("no answer from %s within %s", base, timeout)
	case errors.Is(err, context.Canceled):
		e.Kind, e.Reason = KindTimeout, "cancelled"
	case errors.Is(err, ErrPlainHTTP):
		e.Kind, e.Reason = KindTLS, fmt.Sprintf("%s to %s: use https://, or opt in with allow_plain_http = true in the profile's section for this system (or --allow-plain-http)", ErrPlainHTTP, base)
	case errors.Is(err, errFingerprintMismatch):
		e.Kind, e.Reason = KindTLS, "TLS: "+errFingerprintMismatch.Error()
	case errors.As(err, &uerr):
		e.Kind, e.Reason = KindTLS, "TLS: the server's certificate is signed by an unknown authority"
	case errors.As(err, &herr):
		e.Kind, e.Reason = KindTLS, "TLS: "+herr.Error()
	case errors.As(err, &cerr):
		e.Kind, e.Reason = KindTLS, "TLS: "+cerr.Error()
	case strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		e.Kind, e.Reason = KindTLS, "TLS: the server speaks plain HTTP; use an http:// URL"
	case strings.Contains(err.Error(), "tls: "):
		e.Kind, e.Reason = KindTLS, "TLS handshake failed: "+lastPart(err)
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Kind, e.Reason = KindConnect, fmt.Sprintf("cannot connect to %s: connection refused", base)
	case isDNS(err):
		e.Kind, e.Reason = KindConnect, fmt.Sprintf("cannot connect to %s: unknown host", base)
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "connection reset"):
		e.Kind, e.Reason = KindReset, fmt.Sprintf("the connection to %s broke before a complete answer", base)
	default:
		e.Kind, e.Reason = KindConnect, fmt.Sprintf("cannot reach %s: %s", base, lastPart(err))
	}
	return e
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isDNS(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de)
}

// lastPart drops the "Get \"https://…\":" prefix that url.Error adds.
func lastPart(err error) string {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return inner.Error()
		}
	}
	return err.Error()
}
