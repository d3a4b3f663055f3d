package elasticsearch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// notElastic answers like a proxy: no X-Elastic-Product header.
func notElastic(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("X-Elastic-Product")
		h(w, r)
	}
}

// The product check of go-elasticsearch, kept: the first 2xx answer must
// say it is Elasticsearch; error answers are never checked; once one 2xx
// passed, later answers are trusted.
func TestProductCheckOnTheFirstSuccess(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	ctx := context.Background()

	f.Handle(notElastic(simtest.Reply(http.StatusOK, `{"name":"n","cluster_name":"c","version":{"number":"8.19.0"}}`)))
	_, err := c.Info(ctx)
	var te *transport.Error
	if !errors.As(err, &te) || te.Kind != transport.KindProduct {
		t.Fatalf("a 2xx without X-Elastic-Product: got %v, want a %s error", err, transport.KindProduct)
	}
	if !strings.Contains(err.Error(), "did not identify as Elasticsearch") || !errors.Is(err, errUnknownProduct) {
		t.Fatalf("error %q lost the product check's text or cause", err)
	}

	f.Handle(notElastic(simtest.Reply(http.StatusUnauthorized, `{"error":{"type":"security_exception","reason":"missing authentication credentials"},"status":401}`)))
	if _, err := c.Info(ctx); !transport.IsStatus(err, http.StatusUnauthorized) {
		t.Fatalf("an error answer is not product-checked: got %v, want the 401", err)
	}

	f.Handle(simtest.Reply(http.StatusOK, `{"name":"n","cluster_name":"c","version":{"number":"8.19.0"}}`))
	if _, err := c.Info(ctx); err != nil {
		t.Fatal(err)
	}
	f.Handle(notElastic(simtest.Reply(http.StatusOK, `{"name":"n","cluster_name":"c","version":{"number":"8.19.0"}}`)))
	if info, err := c.Info(ctx); err != nil || info.Version != "8.19.0" {
		t.Fatalf("after a genuine answer the header is not checked again: got %+v, %v", info, err)
	}
}

type seen struct {
	mu   sync.Mutex
	reqs []string // "METHOD path?query content-type body"
}

func (s *seen) record(w http.ResponseWriter, r *http.Request) string {
	body, _ := io.ReadAll(r.Body)
	line := r.Method + " " + r.URL.RequestURI() + " " + r.Header.Get("Content-Type") + " " + string(body)
	s.mu.Lock()
	s.reqs = append(s.reqs, strings.TrimSpace(line))
	s.mu.Unlock()
	return r.Method + " " + r.URL.RequestURI()
}

// The requests are the ones go-elasticsearch's esapi sent: same methods,
// paths, query strings (keys sorted, * escaped) and JSON content type.
func TestRequestsAreTheOnesEsapiSent(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	ctx := context.Background()
	var s seen
	f.Handle(func(w http.ResponseWriter, r *http.Request) {
		switch s.record(w, r) {
		case "GET /_security/api_key?name=enrollment_token_API_key_%2A":
			simtest.Reply(http.StatusForbidden, `{"error":{"type":"security_exception","reason":"action [cluster:admin/xpack/security/api_key/get] is unauthorized for user [ops]"},"status":403}`)(w, r)
		case "GET /_security/api_key?name=enrollment_token_API_key_%2A&owner=true":
			simtest.Reply(http.StatusOK, `{"api_keys":[{"id":"k1","name":"enrollment_token_API_key_x","invalidated":false}]}`)(w, r)
		case "DELETE /_security/api_key":
			simtest.Reply(http.StatusOK, `{"invalidated_api_keys":["k1"],"previously_invalidated_api_keys":[],"error_count":0}`)(w, r)
		case "GET /_security/api_key?id=k1":
			simtest.Reply(http.StatusOK, `{"api_keys":[{"id":"k1","name":"enrollment_token_API_key_x","invalidated":true}]}`)(w, r)
		case "GET /_security/_authenticate":
			simtest.Reply(http.StatusOK, `{"username":"elastic","roles":["superuser"],"authentication_realm":{"name":"reserved"},"authentication_type":"realm"}`)(w, r)
		default:
			simtest.Reply(http.StatusNotFound, `{}`)(w, r)
		}
	})
	if list, err := c.List(ctx); err != nil || len(list) != 1 {
		t.Fatalf("list with the owner=true fallback: %v, %v", list, err)
	}
	if err := c.Revoke(ctx, "k1"); err != nil {
		t.Fatal(err)
	}
	if st, err := c.APIKeyState(ctx, "k1"); err != nil || !st.Found || !st.Invalidated {
		t.Fatalf("APIKeyState: %+v, %v", st, err)
	}
	if w, err := c.Authenticate(ctx); err != nil || w.Username != "elastic" {
		t.Fatalf("Authenticate: %+v, %v", w, err)
	}
	want := []string{
		"GET /_security/api_key?name=enrollment_token_API_key_%2A",
		"GET /_security/api_key?name=enrollment_token_API_key_%2A&owner=true",
		`DELETE /_security/api_key application/json {"ids":["k1"]}`,
		"GET /_security/api_key?id=k1",
		"GET /_security/api_key?id=k1",
		"GET /_security/_authenticate",
	}
	if got := strings.Join(s.reqs, "\n"); got != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// A create is a PUT with a JSON body, the health and node reads plain GETs
// of the paths esapi built.
func TestCreateSendsThePathsEsapiBuilt(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	var s seen
	f.Handle(func(w http.ResponseWriter, r *http.Request) {
		switch s.record(w, r) {
		case "GET /_cluster/health":
			simtest.Reply(http.StatusOK, `{"status":"green"}`)(w, r)
		case "GET /_nodes/_local/http":
			simtest.Reply(http.StatusOK, `{"nodes":{"n1":{"version":"8.19.0","http":{"bound_address":["127.0.0.1:9200"],"publish_address":"127.0.0.1:9200"}}}}`)(w, r)
		default:
			simtest.Reply(http.StatusBadRequest, `{"error":{"type":"x_content_parse_exception","reason":"stop here"},"status":400}`)(w, r)
		}
	})
	_, err := c.Create(context.Background(), backend.CreateSpec{Scope: "node"})
	if !transport.IsStatus(err, http.StatusBadRequest) {
		t.Fatalf("got %v, want the scripted 400 of the key creation", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.reqs) != 3 {
		t.Fatalf("requests: %q", s.reqs)
	}
	got := strings.Join(s.reqs, "\n")
	for _, w := range []string{"GET /_cluster/health", "GET /_nodes/_local/http",
		`PUT /_security/api_key application/json {"expiration":"30m","name":"enrollment_token_API_key_`,
		`"role_descriptors":{"create_enrollment_token":{"cluster":["cluster:admin/xpack/security/enroll/node"]}}}`} {
		if !strings.Contains(got, w) {
			t.Fatalf("requests:\n%s\nlack %q", got, w)
		}
	}
}
