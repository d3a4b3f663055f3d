package ece

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

func fakeClient(t testing.TB, f *simtest.Fake) *Client {
	return simtest.Client(t, New, Config{Transport: f.Transport(transport.APIKey{Key: "ece-key"}), Now: simtest.Now}, nil)
}

const tokensPath = "/api/v1/platform/configuration/security/enrollment-tokens"

// A server that accepts the delete but still lists the token must not be
// reported as a delete.
func TestDeleteConfirmsTheTokenIsGone(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	f.Handle(simtest.Routes(map[string]http.HandlerFunc{
		"DELETE " + tokensPath + "/tok-1": simtest.Reply(200, `{}`),
		"GET " + tokensPath:               simtest.Reply(200, `{"tokens":[{"token_id":"tok-1","roles":[]}]}`),
	}))
	err := c.Revoke(context.Background(), "tok-1")
	var nr *backend.NotRevokedError
	if !errors.As(err, &nr) || !strings.Contains(err.Error(), "still listed") {
		t.Fatalf("want a *backend.NotRevokedError, got %T: %v", err, err)
	}
	if f.Hits("GET "+tokensPath) != 1 {
		t.Fatalf("the state must be confirmed with one read, got %d", f.Hits("GET "+tokensPath))
	}
	f.Handle(simtest.Routes(map[string]http.HandlerFunc{
		"DELETE " + tokensPath + "/tok-1": simtest.Reply(200, `{ }`),
		"GET " + tokensPath:               simtest.Reply(200, `{"tokens":[{"token_id":"tok-2","roles":["proxy"]}]}`),
	}))
	if err := c.Revoke(context.Background(), "tok-1"); err != nil {
		t.Fatalf("accepted and confirmed gone: %v", err)
	}
}

// A 2xx answer that is not a JSON object leaves the outcome unknown.
func TestDeleteNeedsTheContractAnswer(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	for _, body := range []string{`[]`, `null`, `"ok"`, `<html><body>Log in</body></html>`, ``, `{"tok`} {
		f.Handle(simtest.Reply(200, body))
		err := c.Revoke(context.Background(), "tok-1")
		simtest.WantUnknown(t, backend.ECE, err)
	}
}

// A 2xx create answer without the contract's fields may still have made a
// token.
func TestCreateNeedsTheContractAnswer(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	for _, body := range []string{`{}`, `{"token":"eyJhbGciOi"}`, `{"token_id":"x"}`, `[]`} {
		f.Handle(simtest.Reply(200, body))
		_, err := c.Create(context.Background(), backend.CreateSpec{Roles: []string{"proxy"}})
		simtest.WantMaybeCreated(t, backend.ECE, err)
	}
}

func TestListHasACap(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	var b strings.Builder
	b.WriteString(`{"tokens":[`)
	for i := range backend.MaxTokens + 1 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"token_id":"t` + strconv.Itoa(i) + `","roles":[]}`)
	}
	b.WriteString(`]}`)
	f.Handle(simtest.Reply(200, b.String()))
	_, err := c.List(context.Background())
	var le *backend.LimitError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), strconv.Itoa(backend.MaxTokens)) {
		t.Fatalf("want a *backend.LimitError naming the cap, got %v", err)
	}
	f.Handle(simtest.Reply(200, `{"items":[]}`))
	if _, err := c.List(context.Background()); err == nil || !strings.Contains(err.Error(), "no tokens list") {
		t.Fatalf("an answer without a tokens list: %v", err)
	}
}
