package sim

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-telemetry/opamp-go/client"
	"github.com/open-telemetry/opamp-go/client/types"
	"github.com/open-telemetry/opamp-go/protobufs"
	"google.golang.org/protobuf/proto"
)

// activeFleetToken is an active token of a selectable policy.
func activeFleetToken(t *testing.T, s *Stack) FleetToken {
	t.Helper()
	for _, tok := range s.Fleet.Tokens() {
		if tok.Active && !tok.Hidden && tok.ExpireAt.IsZero() {
			return tok
		}
	}
	t.Fatal("no active Fleet token in the demo")
	return FleetToken{}
}

// opampPost sends one AgentToServer as opamp-go's HTTP client does.
func opampPost(t *testing.T, s *Stack, auth string, msg *protobufs.AgentToServer) (int, http.Header, *protobufs.ServerToAgent) {
	t.Helper()
	body, err := proto.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", s.FleetServerURL+"/v1/opamp", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-protobuf")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := newRaw(t, s, s.FleetServerURL, "").client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out protobufs.ServerToAgent
	if resp.StatusCode == 200 {
		if err := proto.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
	} else if len(raw) != 0 {
		t.Fatalf("status %d with a body: %q", resp.StatusCode, raw)
	}
	return resp.StatusCode, resp.Header, &out
}

func collectorDescription(host string) *protobufs.AgentDescription {
	kv := func(k, v string) *protobufs.KeyValue {
		return &protobufs.KeyValue{Key: k, Value: &protobufs.AnyValue{Value: &protobufs.AnyValue_StringValue{StringValue: v}}}
	}
	return &protobufs.AgentDescription{
		IdentifyingAttributes:    []*protobufs.KeyValue{kv("service.name", "otelcontribcol"), kv("service.version", "0.130.0")},
		NonIdentifyingAttributes: []*protobufs.KeyValue{kv("host.name", host), kv("os.type", "linux"), kv("tags", "prod, eu")},
	}
}

func TestOpAMPContract(t *testing.T) {
	s, clock := startStack(t)
	tok := activeFleetToken(t, s)
	auth := "ApiKey " + tok.APIKey
	uid := []byte("0123456789abcdef")

	// §10.3: every authentication failure is an empty 401 in protobuf.
	for _, bad := range []string{"", "Bearer x", "ApiKey !!", "ApiKey " + base64Std("nocolon"), "ApiKey " + base64Std("id:wrong")} {
		if code, h, _ := opampPost(t, s, bad, &protobufs.AgentToServer{InstanceUid: uid}); code != 401 || h.Get("Content-Type") != "application/x-protobuf" {
			t.Fatalf("%q: %d %v", bad, code, h)
		}
	}
	// §10.4 step 1: an empty message gets 200 and BAD_REQUEST.
	_, _, resp := opampPost(t, s, auth, &protobufs.AgentToServer{})
	if e := resp.GetErrorResponse(); e.GetType() != protobufs.ServerErrorResponseType_ServerErrorResponseType_BadRequest || e.GetErrorMessage() != "failed to parse instance_uid" {
		t.Fatalf("empty message: %v", resp)
	}
	// An unknown collector enrolls into the token's policy as an OPAMP agent.
	_, _, resp = opampPost(t, s, auth, &protobufs.AgentToServer{InstanceUid: uid, AgentDescription: collectorDescription("web-01")})
	if resp.GetErrorResponse() != nil || !bytes.Equal(resp.GetInstanceUid(), uid) || resp.GetFlags() != 1 || resp.GetCapabilities() != 5 || resp.GetCustomCapabilities() == nil {
		t.Fatalf("enrollment answer: %v", resp)
	}
	var got *Agent
	for _, a := range s.Fleet.Agents() {
		if a.ID == "30313233-3435-3637-3839-616263646566" {
			got = &a
		}
	}
	if got == nil || got.Type != "OPAMP" || got.PolicyID != tok.PolicyID || got.AgentType != "otelcontribcol" || got.Version != "0.130.0" ||
		got.PolicyRevision != 1 || strings.Join(got.Tags, ",") != "otelcontribcol,prod,eu" || s.Fleet.AgentStatus(got.ID) != "online" {
		t.Fatalf("agent record: %+v", got)
	}
	newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass)).do("GET", `/api/fleet/agents?kuery=type:OPAMP`, "").want(t, 200, `"type":"otelcontribcol"`, `"total":1`)
	// A known collector: no capabilities once online.
	if _, _, resp = opampPost(t, s, auth, &protobufs.AgentToServer{InstanceUid: uid, SequenceNum: 1}); resp.GetCapabilities() != 0 || resp.GetFlags() != 1 {
		t.Fatalf("known collector: %v", resp)
	}
	// Bad protobuf: 400, empty.
	req, _ := http.NewRequest("POST", s.FleetServerURL+"/v1/opamp", strings.NewReader("\xff\xff\xff"))
	req.Header.Set("Content-Type", "application/x-protobuf")
	req.Header.Set("Authorization", auth)
	if r, err := newRaw(t, s, s.FleetServerURL, "").client.Do(req); err != nil || r.StatusCode != 400 {
		t.Fatalf("bad protobuf: %v %v", r, err)
	}

	// §9.4 with a cache: after the revoke a known collector keeps working
	// until the API-key entry expires; a new one cannot enroll.
	s.FleetServer.APIKeyCacheTTL = 10 * time.Minute
	opampPost(t, s, auth, &protobufs.AgentToServer{InstanceUid: uid, SequenceNum: 2}) // warms the cache
	s.Fleet.Revoke(tok.ID)
	if code, _, resp := opampPost(t, s, auth, &protobufs.AgentToServer{InstanceUid: uid, SequenceNum: 3}); code != 200 || resp.GetErrorResponse() != nil {
		t.Fatalf("cached key after the revoke: %d %v", code, resp)
	}
	other := []byte("fedcba9876543210")
	if _, _, resp := opampPost(t, s, auth, &protobufs.AgentToServer{InstanceUid: other}); resp.GetErrorResponse().GetErrorMessage() != "failed to enroll agent" {
		t.Fatalf("new collector with a revoked token: %v", resp)
	}
	clock.Advance(10*time.Minute + time.Second)
	if code, _, _ := opampPost(t, s, auth, &protobufs.AgentToServer{InstanceUid: uid, SequenceNum: 4}); code != 401 {
		t.Fatalf("after the cache window: %d, want 401", code)
	}
}

func base64Std(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// opampLog keeps what opamp-go's client logs.
type opampLog struct {
	mu     sync.Mutex
	errors []string
}

func (l *opampLog) Debugf(context.Context, string, ...any) {}
func (l *opampLog) Errorf(_ context.Context, format string, v ...any) {
	l.mu.Lock()
	l.errors = append(l.errors, fmt.Sprintf(format, v...))
	l.mu.Unlock()
}

func (l *opampLog) saw(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.errors {
		if strings.Contains(e, s) {
			return true
		}
	}
	return false
}

// TestOpAMPGoClientIsCutOffByTheRevoke runs the real OpAMP client library
// against the simulated Fleet Server with a Fleet token: it connects and
// enrolls, and once the token is revoked every poll is refused.
func TestOpAMPGoClientIsCutOffByTheRevoke(t *testing.T) {
	s, _ := startStack(t)
	tok := activeFleetToken(t, s)
	pool := x509.NewCertPool()
	pool.AddCert(s.CA.Cert)
	log := &opampLog{}
	connected := make(chan struct{}, 100)
	c := client.NewHTTP(log)
	c.SetPollingInterval(20 * time.Millisecond)
	uid := types.InstanceUid([]byte("collector-otel01"))
	if err := c.SetAgentDescription(collectorDescription("otel-01")); err != nil {
		t.Fatal(err)
	}
	err := c.Start(context.Background(), types.StartSettings{
		OpAMPServerURL: s.FleetServerURL + "/v1/opamp",
		Header:         http.Header{"Authorization": {"ApiKey " + tok.APIKey}},
		TLSConfig:      &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
		InstanceUid:    uid,
		Callbacks: types.Callbacks{OnConnect: func(context.Context) {
			select {
			case connected <- struct{}{}:
			default:
			}
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop(context.Background())
	wait := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				log.mu.Lock()
				defer log.mu.Unlock()
				t.Fatalf("%s: not within a minute; client errors: %v", what, log.errors)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	select {
	case <-connected:
	case <-time.After(time.Minute):
		t.Fatal("the client did not connect within a minute")
	}
	wait("the collector's agent record", func() bool {
		for _, a := range s.Fleet.Agents() {
			if a.Type == "OPAMP" && a.PolicyID == tok.PolicyID {
				return true
			}
		}
		return false
	})
	s.Fleet.Revoke(tok.ID)
	wait("a refused poll", func() bool { return log.saw("invalid response from server: 401") })
}
