package enroll

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

func demoEnv(s *sim.Stack) Env {
	return Env{
		ESURL: s.ESURL, ESAuth: transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword},
		KibanaURL: s.KibanaURL, KibanaAuth: transport.Basic{Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass},
		ECEURL: s.ECEURL, ECEAuth: transport.APIKey{Key: s.Creds.ECEAPIKey}, CACertPEM: s.CA.PEM,
	}
}

func esToken(t *testing.T, s *sim.Stack, clock *sim.FakeClock, scope string) (string, backend.Token) {
	t.Helper()
	c, err := elasticsearch.New(elasticsearch.Config{Transport: transport.Config{BaseURL: s.ESURL, CACertPEM: s.CA.PEM,
		Auth: transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}}, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.Create(context.Background(), backend.CreateSpec{Scope: scope})
	if err != nil {
		t.Fatal(err)
	}
	return created.Secret.Reveal(), created.Token
}

// steps records what Run reports, in order.
type steps []Step

func (s *steps) add(st Step) { *s = append(*s, st) }

func (s steps) text() string {
	var b strings.Builder
	for _, st := range s {
		if st.Done {
			b.WriteString(st.Title + ": " + st.Detail)
			if st.Err != nil {
				b.WriteString(" ERR " + st.Err.Error())
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// wantRefused runs token (called name) and fails unless Run refuses it
// with a reason that contains reason.
func wantRefused(t *testing.T, env Env, name, token, reason string) {
	t.Helper()
	var got steps
	_, err := Run(context.Background(), env, token, got.add)
	var re *RefusedError
	if !errors.As(err, &re) || !strings.Contains(re.Reason, reason) {
		t.Errorf("%s: %v, want a refusal with %q\n%s", name, err, reason, got.text())
	}
}

func TestNodeTokenJoinsTheCluster(t *testing.T) {
	s, clock := simtest.NewStack(t, 5, 0)
	tok, _ := esToken(t, s, clock, "node")
	before := s.ES.EnrolledNodes()
	var got steps
	res, err := Run(context.Background(), demoEnv(s), tok, got.add)
	if err != nil {
		t.Fatalf("%v\n%s", err, got.text())
	}
	if !strings.HasPrefix(res.Summary, "a new node would join tokentui-demo with ") {
		t.Errorf("summary %q", res.Summary)
	}
	if s.ES.EnrolledNodes() != before+1 {
		t.Errorf("the simulated cluster has %d enrolled nodes, want %d", s.ES.EnrolledNodes(), before+1)
	}
	text := got.text()
	for _, want := range []string{"Recognise the token: Elasticsearch enrollment token", "whose SHA-256 is the token's fgr",
		"GET /_security/enroll/node, as a new node: 200 from 127.0.0.1:", "with its RSA-", "the cluster now lists 2 nodes (was 1)"} {
		if !strings.Contains(text, want) {
			t.Errorf("steps lack %q:\n%s", want, text)
		}
	}
	dec, _ := elasticsearch.Decode(tok)
	_, secret, _ := strings.Cut(dec.Key, ":")
	if strings.Contains(text, tok) || strings.Contains(text, secret) {
		t.Error("a step shows the token or its key")
	}
	t.Log("\n" + text)
}

func TestKibanaTokenEnrollsKibana(t *testing.T) {
	s, clock := simtest.NewStack(t, 5, 0)
	tok, _ := esToken(t, s, clock, "kibana")
	for _, scope := range []string{"", "kibana"} { // found by trying, or told
		env := demoEnv(s)
		env.ESScope = scope
		var got steps
		res, err := Run(context.Background(), env, tok, got.add)
		if err != nil {
			t.Fatalf("scope %q: %v\n%s", scope, err, got.text())
		}
		text := got.text()
		for _, want := range []string{"authenticated as elastic/kibana", "compatible with Kibana", "GET /_security/enroll/kibana, as Kibana's setup: 200"} {
			if !strings.Contains(text, want) {
				t.Errorf("scope %q: steps lack %q:\n%s", scope, want, text)
			}
		}
		if !strings.HasPrefix(res.Summary, "a new Kibana ") {
			t.Errorf("summary %q", res.Summary)
		}
	}
	if s.ES.EnrolledNodes() != 0 {
		t.Error("trying a kibana token as a node joined a node")
	}
}

func TestRefusedElasticsearchTokens(t *testing.T) {
	s, clock := simtest.NewStack(t, 5, 0)
	revoked, rt := esToken(t, s, clock, "node")
	s.Realm.Invalidate(func(k *sim.APIKey) bool { return k.ID == rt.ID })
	expired, _ := esToken(t, s, clock, "node")
	clock.Advance(31 * time.Minute)
	dec, _ := elasticsearch.Decode(revoked)
	unknown := dec
	unknown.Key = "nosuchkeyid0000000000:c2VjcmV0c2VjcmV0c2VjcmV0"
	wrongFgr := dec
	wrongFgr.Fingerprint = strings.Repeat("ab", 32)
	enc := func(e elasticsearch.EnrollmentToken) string { s, _ := e.Encode(); return s }
	for name, c := range map[string]struct {
		token, want string
	}{
		"revoked":           {revoked, "401"},
		"expired":           {expired, "401"},
		"unknown":           {enc(unknown), "401"},
		"wrong fingerprint": {enc(wrongFgr), "wrong fingerprint"},
	} {
		wantRefused(t, demoEnv(s), name, c.token, c.want)
	}
	if s.ES.EnrolledNodes() != 0 {
		t.Error("a refused token joined a node")
	}
}

func TestNodeSkipsAnAddressThatDoesNotAnswer(t *testing.T) {
	s, clock := simtest.NewStack(t, 5, 0)
	tok, _ := esToken(t, s, clock, "node")
	dec, _ := elasticsearch.Decode(tok)
	dec.Addresses = append([]string{"127.0.0.1:1"}, dec.Addresses...)
	withDead, err := dec.Encode()
	if err != nil {
		t.Fatal(err)
	}
	var got steps
	if _, err := Run(context.Background(), demoEnv(s), withDead, got.add); err != nil {
		t.Fatalf("%v\n%s", err, got.text())
	}
	if !strings.Contains(got.text(), "ERR Unable to communicate with the node on https://127.0.0.1:1.") || s.ES.EnrolledNodes() != 1 {
		t.Errorf("%d nodes\n%s", s.ES.EnrolledNodes(), got.text())
	}
	dec.Addresses = []string{"127.0.0.1:1"}
	dead, _ := dec.Encode()
	if _, err := Run(context.Background(), demoEnv(s), dead, nil); err == nil || !strings.Contains(err.Error(), "could not communicate with the node on any of the addresses") {
		t.Errorf("no address answers: %v", err)
	}
}
