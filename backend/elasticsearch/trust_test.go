package elasticsearch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// noDNS resolves nothing: fuzzed node addresses never reach real DNS.
type noDNS struct{}

func (noDNS) LookupIPAddr(context.Context, string) ([]net.IPAddr, error) {
	return nil, errors.New("no DNS in tests")
}

func fakeClient(t testing.TB, f *simtest.Fake) *Client {
	auth := transport.Basic{Username: "elastic", Password: "changeme-123"}
	return simtest.Client(t, New, Config{Transport: f.Transport(auth), Resolver: noDNS{}, Now: simtest.Now}, nil)
}

const keyRoute = "/_security/api_key"

// The invalidation must name the key, and a read must show it invalidated.
func TestRevokeConfirmsTheKeyIsInvalidated(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	key := func(invalidated bool) string {
		if invalidated {
			return `{"api_keys":[{"id":"k1","name":"enrollment_token_API_key_x","invalidated":true}]}`
		}
		return `{"api_keys":[{"id":"k1","name":"enrollment_token_API_key_x","invalidated":false}]}`
	}
	for _, tc := range []struct {
		name, invalidate, get string
		check                 func(error) bool
	}{
		{"named, read shows it active", `{"invalidated_api_keys":["k1"],"previously_invalidated_api_keys":[],"error_count":0}`, key(false),
			func(err error) bool { var e *backend.NotRevokedError; return errors.As(err, &e) }},
		{"named, read agrees", `{"invalidated_api_keys":["k1"],"previously_invalidated_api_keys":[],"error_count":0}`, key(true),
			func(err error) bool { return err == nil }},
		{"invalidated before", `{"invalidated_api_keys":[],"previously_invalidated_api_keys":[],"error_count":0}`, key(true),
			func(err error) bool { return err == nil }},
		{"nothing matched, still active", `{"invalidated_api_keys":[],"previously_invalidated_api_keys":[],"error_count":0}`, key(false),
			func(err error) bool { var e *backend.NotRevokedError; return errors.As(err, &e) }},
		{"unknown id", `{"invalidated_api_keys":[],"previously_invalidated_api_keys":[],"error_count":0}`, `{"api_keys":[]}`,
			func(err error) bool { return errors.Is(err, backend.ErrNotFound) }},
		// An answer that is not the contract's is settled by the read.
		{"another key named, read shows it invalidated", `{"invalidated_api_keys":["k2"],"previously_invalidated_api_keys":[],"error_count":0}`, key(true),
			func(err error) bool { return err == nil }},
		{"another key named, read shows it active", `{"invalidated_api_keys":["k2"],"previously_invalidated_api_keys":[],"error_count":0}`, key(false),
			func(err error) bool { var e *backend.NotRevokedError; return errors.As(err, &e) }},
		{"not the contract's answer, read shows it invalidated", `{"acknowledged":true}`, key(true),
			func(err error) bool { return err == nil }},
		{"not the contract's answer, read shows it active", `{"acknowledged":true}`, key(false),
			func(err error) bool { var e *backend.NotRevokedError; return errors.As(err, &e) }},
		{"not the contract's answer, read fails", `{"acknowledged":true}`, `<html>Sign in</html>`,
			func(err error) bool { var e *backend.OutcomeUnknownError; return errors.As(err, &e) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.Handle(simtest.Routes(map[string]http.HandlerFunc{
				"DELETE " + keyRoute: simtest.Reply(200, tc.invalidate),
				"GET " + keyRoute:    simtest.Reply(200, tc.get),
			}))
			if err := c.Revoke(context.Background(), "k1"); !tc.check(err) {
				t.Fatalf("got %T: %v", err, err)
			}
		})
	}
}

func TestRevokeUnknownOutcomeSaysHowToCheck(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	for _, body := range []string{`<html>Sign in</html>`, `{"invalidated_api_keys":`, `[]`} {
		f.Handle(simtest.Reply(200, body))
		err := c.Revoke(context.Background(), "k1")
		simtest.WantUnknown(t, backend.Elasticsearch, err)
		wantStatusWords(t, err)
		if !strings.Contains(err.Error(), "a revoked key shows as revoked") {
			t.Fatalf("say how es list shows a revoked key: %v", err)
		}
	}
}

// createAnswers is a server that passes the health gate and node info and
// answers the key creation with body.
func createAnswers(body string) http.HandlerFunc {
	return simtest.Routes(map[string]http.HandlerFunc{
		"GET /_cluster/health":    simtest.Reply(200, `{"status":"green"}`),
		"GET /_nodes/_local/http": simtest.Reply(200, `{"nodes":{"n1":{"version":"9.1.0","http":{"bound_address":["127.0.0.1:9200"],"publish_address":"127.0.0.1:9200"}}}}`),
		"PUT " + keyRoute:         simtest.Reply(200, body),
	})
}

func TestCreateNeedsTheContractAnswer(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	for _, body := range []string{`{}`, `{"id":"k1","name":"someone_else","api_key":"s3cr3t-v4lue"}`, `{"id":"k1"}`, `"ok"`} {
		f.Handle(createAnswers(body))
		_, err := c.Create(context.Background(), backend.CreateSpec{Scope: "node"})
		simtest.WantMaybeCreated(t, backend.Elasticsearch, err)
		if strings.Contains(err.Error(), "s3cr3t-v4lue") {
			t.Fatalf("the error shows the key's secret: %v", err)
		}
	}
}

func TestListHasACap(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	body := `{"api_keys":[` + strings.Repeat(`{"id":"k"},`, backend.MaxTokens) + `{"id":"k"}]}`
	f.Handle(simtest.Reply(200, body))
	_, err := c.List(context.Background())
	var le *backend.LimitError
	if !errors.As(err, &le) {
		t.Fatalf("want a *backend.LimitError, got %v", err)
	}
	wantStatusWords(t, err)
}

// wantStatusWords fails when a user-facing text names a key's state in
// other words than `es list` shows (active, expired, revoked).
func wantStatusWords(t *testing.T, err error) {
	t.Helper()
	if strings.Contains(err.Error(), "invalidated keys") || strings.Contains(err.Error(), "shows as invalidated") {
		t.Fatalf("say revoked, as es list does: %v", err)
	}
}
