package elasticsearch

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/tokentui/tokentui/backend/transport"
)

// esRequest is one call to Elasticsearch. The client sends what
// go-elasticsearch's esapi sent for the same call (method, path, query
// keys sorted and escaped by url.Values.Encode, Content-Type
// application/json with a body); the transport adds auth, retries of GETs
// only, the size cap and error decoding.
type esRequest struct {
	Method, Path string
	Query        url.Values
	Body         []byte // JSON, or nil
}

// getAPIKeyByID is GET /_security/api_key?id=<id> (contract §3.4).
func getAPIKeyByID(id string) esRequest {
	return esRequest{Method: http.MethodGet, Path: "/_security/api_key", Query: url.Values{"id": {id}}}
}

// errUnknownProduct is go-elasticsearch's text for a server that is not
// Elasticsearch (its genuineCheckHeader), kept as the error's cause.
var errUnknownProduct = errors.New("the client noticed that the server is not Elasticsearch and we do not support this unknown product")

// call sends req and returns the size-checked body of a 2xx answer;
// anything else is a *transport.Error.
func (c *Client) call(ctx context.Context, req esRequest) ([]byte, error) {
	tr := transport.Request{Method: req.Method, Path: req.Path, Query: req.Query}
	if req.Body != nil {
		tr.Body = req.Body
	}
	res, err := c.tr.Do(ctx, tr)
	if err != nil {
		return nil, err
	}
	if err := c.checkProduct(req.Method, req.Path, res.Header); err != nil {
		return nil, err
	}
	return res.Body, nil
}

func (c *Client) callJSON(ctx context.Context, req esRequest, out any) error {
	body, err := c.call(ctx, req)
	if err != nil {
		return err
	}
	return c.tr.Decode(req.Method, req.Path, body, out)
}

// checkProduct is go-elasticsearch's product check (contract §2.3): the
// first 2xx answer of a client must carry X-Elastic-Product:
// Elasticsearch; once one did, later answers are not checked. Non-2xx
// answers never reach here (the transport made them errors).
func (c *Client) checkProduct(method, path string, h http.Header) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.genuine {
		return nil
	}
	if h.Get("X-Elastic-Product") != "Elasticsearch" {
		return c.tr.Redact(&transport.Error{Kind: transport.KindProduct, Method: method, Path: path,
			Reason: "the server did not identify as Elasticsearch (no X-Elastic-Product header): is the URL right, or is a proxy answering?", Err: errUnknownProduct})
	}
	c.genuine = true
	return nil
}
