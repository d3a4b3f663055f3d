package enroll

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

func collectorEnv(s *sim.Stack) Env {
	env := demoEnv(s)
	env.FleetServerURL = s.FleetServerURL
	env.Collector = true
	return env
}

// The first OpAMP poll enrolls the collector; Kibana then lists it.
func TestFleetTokenEnrollsACollector(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	tok := fleetToken(t, s, "policy-linux-servers", 0)
	var got steps
	res, err := Run(context.Background(), collectorEnv(s), tok.APIKey, got.add)
	if err != nil {
		t.Fatalf("%v\n%s", err, got.text())
	}
	text := got.text()
	for _, want := range []string{"/v1/opamp, as OTel Collector ", "connected (OpAMP over plain HTTP, protobuf)",
		"Kibana lists the collector in policy policy-linux-servers"} {
		if !strings.Contains(text, want) {
			t.Errorf("steps lack %q:\n%s", want, text)
		}
	}
	n := 0
	for _, a := range s.Fleet.Agents() {
		if a.Type == "OPAMP" && a.PolicyID == "policy-linux-servers" {
			n++
		}
	}
	if n != 1 || !strings.Contains(res.Summary, "over OpAMP") || strings.Contains(text, tok.APIKey) {
		t.Fatalf("%d collectors; summary %q\n%s", n, res.Summary, text)
	}
}

// Fleet Server answers a refusal two ways: an empty 401 (the key does not
// authenticate) and, with status 200, an error_response (a valid API key
// that is no enrollment token cannot enroll).
func TestRefusedCollectors(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	revoked := fleetToken(t, s, "policy-linux-servers", 0)
	s.Fleet.Revoke(revoked.ID)
	key := s.Realm.CreateKey(&sim.User{Username: "elastic", Realm: "default_native", Cluster: []string{"all"}}, "not-a-token", 0, nil, nil)
	plainKey := base64.StdEncoding.EncodeToString([]byte(key.ID + ":" + key.Secret))
	before := len(s.Fleet.Agents())
	for token, reason := range map[string]string{
		revoked.APIKey: "Fleet Server refused the token (401): it is revoked, expired or unknown",
		plainKey:       "Fleet Server answered: failed to enroll agent",
	} {
		var got steps
		_, err := Run(context.Background(), collectorEnv(s), token, got.add)
		var re *RefusedError
		if !errors.As(err, &re) || re.Reason != reason {
			t.Errorf("got %v, want the refusal %q\n%s", err, reason, got.text())
		}
	}
	if len(s.Fleet.Agents()) != before {
		t.Error("a refused collector enrolled")
	}
}

// Kibana refusing the read of its agents ends the "Kibana's view" step at
// once, saying the view is unknown and why, instead of asking again until
// the command's deadline.
func TestCollectorKibanaViewStopsOnARefusal(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	tok := fleetToken(t, s, "policy-linux-servers", 0)
	env := collectorEnv(s)
	env.KibanaAuth = transport.Basic{Username: s.Creds.KibanaUsername, Password: "wrong"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour) // a refusal must not wait for this
	defer cancel()
	var got steps
	_, err := Run(ctx, env, tok.APIKey, got.add)
	if err == nil || !strings.Contains(err.Error(), "unknown (") || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v\n%s", err, got.text())
	}
}
