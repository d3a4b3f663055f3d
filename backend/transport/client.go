package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Request is one call. Path is relative to the base URL and must be
// already escaped where it embeds an id (use url.PathEscape).
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Body   any // marshalled as JSON when not nil; []byte is sent as is
	Header http.Header
	// NoAuth sends no Authorization header (a login call).
	NoAuth bool
	// MaxBody, when positive and below the client's cap, caps this
	// answer (a list page); Cap names it in the error ("the per-page cap").
	MaxBody int64
	Cap     string
}

type noAuthKey struct{}

// Response is a complete, size-checked answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// WithTimeout bounds ctx by the client's per-call timeout.
func (c *Client) WithTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.cfg.Timeout)
}

// Do sends req and returns the answer; a non-2xx answer is an *Error.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	if c.cfg.Guard != nil {
		if err := c.cfg.Guard(req.Method, req.Path); err != nil {
			return nil, err
		}
	}
	ctx, cancel := c.WithTimeout(ctx)
	defer cancel()
	if req.NoAuth {
		ctx = context.WithValue(ctx, noAuthKey{}, true)
	}
	var body io.Reader
	if req.Body != nil {
		b, ok := req.Body.([]byte)
		if !ok {
			var err error
			if b, err = json.Marshal(req.Body); err != nil {
				return nil, fmt.Errorf("encoding request body: %w", err)
			}
		}
		body = bytes.NewReader(b)
	}
	u := c.URL(req.Path, req.Query)
	hreq, err := http.NewRequestWithContext(ctx, req.Method, u, body)
	if err != nil {
		// Only a bad method fails here (the URL is built from a checked
		// base), and methods are the program's constants: no secret.
		return nil, &Error{Kind: KindConnect, Method: req.Method, Path: req.Path, Reason: err.Error()}
	}
	hreq.Header.Set("Accept", "application/json")
	if body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range req.Header {
		hreq.Header[k] = vs
	}
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return nil, c.Failure(req.Method, req.Path, err)
	}
	defer hresp.Body.Close()
	limit, capName := c.cfg.MaxBody, "response size cap"
	if req.MaxBody > 0 && req.MaxBody < limit {
		limit, capName = req.MaxBody, req.Cap
		if capName == "" {
			capName = "cap of this call"
		}
	}
	data, err := c.readBody(req.Method, req.Path, hresp.Body, hresp.ContentLength, limit, capName)
	if err != nil {
		return nil, err
	}
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		return nil, c.Redact(decodeError(req.Method, req.Path, hresp.StatusCode, hresp.Header, data))
	}
	return &Response{Status: hresp.StatusCode, Header: hresp.Header, Body: data}, nil
}

// JSON sends req and decodes a 2xx answer into out (when out is not nil).
func (c *Client) JSON(ctx context.Context, req Request, out any) error {
	resp, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	return c.Decode(req.Method, req.Path, resp.Body, out)
}

// Decode parses a 2xx body; anything that is not the expected JSON is a
// KindMalformed error that names the call.
func (c *Client) Decode(method, path string, body []byte, out any) error {
	unmarshal := json.Unmarshal
	if md, ok := out.(MemberDecoder); ok {
		unmarshal = func(data []byte, _ any) error { return decodeMembers(data, md.JSONMembers()) }
	}
	if err := unmarshal(body, out); err != nil {
		reason := "the server answered with malformed JSON"
		if len(bytes.TrimSpace(body)) == 0 {
			reason = "the server answered with an empty body"
		} else if t := bytes.TrimSpace(body); t[0] == '<' {
			reason = "the server answered with an HTML page instead of JSON (a proxy or login page?): " + strings.TrimPrefix(plainExcerpt(string(t), 120), "non-JSON body: ")
		} else {
			reason += ": " + err.Error()
		}
		return c.Redact(&Error{Kind: KindMalformed, Method: method, Path: path, Reason: reason, Err: err})
	}
	return nil
}

// readBody reads into one allocation when the size is announced (a list
// page is a megabyte or more: growing by doubling copied it several times).
// An announced size over the limit is refused before anything is read.
func (c *Client) readBody(method, path string, r io.Reader, size, limit int64, capName string) ([]byte, error) {
	tooLarge := func() error {
		return c.Redact(&Error{Kind: KindTooLarge, Method: method, Path: path,
			Reason: fmt.Sprintf("the response is larger than the %s of %s; refusing to read it", capName, sizeText(limit))})
	}
	if size > limit {
		return nil, tooLarge()
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(size) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	data := buf.Bytes()
	if err != nil {
		return nil, c.Failure(method, path, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge()
	}
	return data, nil
}

// sizeText says a byte count as people do: 32 MiB, 512 KiB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Failure turns a transport-level error into an *Error.
func (c *Client) Failure(method, path string, err error) error {
	return c.Redact(classify(method, path, c.base.Scheme+"://"+c.base.Host, c.cfg.Timeout, err))
}

// HTTPFailure builds the *Error for a non-2xx answer already read.
func (c *Client) HTTPFailure(method, path string, status int, header http.Header, body []byte) error {
	return c.Redact(decodeError(method, path, status, header, body))
}

// Redact scrubs the error's texts of every secret the client knows.
func (c *Client) Redact(e *Error) *Error {
	e.Reason = c.redactor.Redact(e.Reason)
	e.Excerpt = c.redactor.Redact(e.Excerpt)
	e.Type = c.redactor.Redact(e.Type)
	e.Path = c.redactor.Redact(e.Path)
	if e.Err != nil {
		e.Err = redactedErr{msg: c.redactor.Redact(e.Err.Error()), inner: e.Err}
	}
	return e
}

// redactedErr keeps errors.Is/As working on the cause while its text is
// scrubbed. It has no Unwrap: code that walks a chain to print each cause
// (the url.Error under it names the URL, query included) stops here.
type redactedErr struct {
	msg   string
	inner error
}

func (r redactedErr) Error() string        { return r.msg }
func (r redactedErr) Is(target error) bool { return errors.Is(r.inner, target) }
func (r redactedErr) As(target any) bool   { return errors.As(r.inner, target) }

// URL joins the base URL, path and query.
func (c *Client) URL(path string, q url.Values) string {
	u := *c.base
	u.RawPath = ""
	full := c.base.EscapedPath() + path
	unescaped, err := url.PathUnescape(full)
	if err != nil {
		unescaped = full
	}
	u.Path, u.RawPath = unescaped, full
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
