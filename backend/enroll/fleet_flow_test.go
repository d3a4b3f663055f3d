package enroll

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

func fleetToken(t *testing.T, s *sim.Stack, policy string, ttl time.Duration) sim.FleetToken {
	t.Helper()
	return *s.Fleet.AddToken(policy, "demo-"+randomHex(3), ttl, s.Clock.Now())
}

func TestFleetTokenEnrollsAnAgent(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	tok := fleetToken(t, s, "policy-linux-servers", 0)
	before := len(s.Fleet.Agents())
	env := demoEnv(s)
	env.FleetServerURL = s.FleetServerURL
	var got steps
	res, err := Run(context.Background(), env, tok.APIKey, got.add)
	if err != nil {
		t.Fatalf("%v\n%s", err, got.text())
	}
	if len(s.Fleet.Agents()) != before+1 {
		t.Errorf("%d agents, want %d", len(s.Fleet.Agents()), before+1)
	}
	text := got.text()
	for _, want := range []string{"POST /api/fleet/agents/enroll, as Elastic Agent ", "created: agent ", "in policy policy-linux-servers",
		"Kibana lists the agent; policy \"Linux servers\" now has "} {
		if !strings.Contains(text, want) {
			t.Errorf("steps lack %q:\n%s", want, text)
		}
	}
	if !strings.Contains(res.Summary, `enrolled into policy "Linux servers"`) || strings.Contains(text, tok.APIKey) {
		t.Errorf("summary %q\n%s", res.Summary, text)
	}
	// Without FLEET_SERVER_URL: Kibana's default Fleet Server host.
	env.FleetServerURL = ""
	if _, err := Run(context.Background(), env, tok.APIKey, got.add); err != nil {
		t.Errorf("through Kibana's default host: %v\n%s", err, got.text())
	}
}

func TestRefusedFleetTokens(t *testing.T) {
	s, clock := simtest.NewStack(t, 5, 0)
	revoked := fleetToken(t, s, "policy-linux-servers", 0)
	s.Fleet.Revoke(revoked.ID)
	expired := fleetToken(t, s, "policy-linux-servers", time.Hour)
	clock.Advance(2 * time.Hour)
	env := demoEnv(s)
	env.FleetServerURL = s.FleetServerURL
	before := len(s.Fleet.Agents())
	for name, token := range map[string]string{
		"revoked": revoked.APIKey, "expired": expired.APIKey,
		"unknown": "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==",
	} {
		wantRefused(t, env, name, token, "401 ErrUnauthorized: unauthorized")
	}
	if len(s.Fleet.Agents()) != before {
		t.Error("a refused token enrolled an agent")
	}
}

// An enrollment that Kibana cannot show is not reported as a success.
func TestFleetEnrollUnseenByKibanaFails(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	tok := fleetToken(t, s, "policy-linux-servers", 0)
	env := demoEnv(s)
	env.FleetServerURL = s.FleetServerURL
	s.Fleet.Faults.Set("GET /api/fleet/agents", sim.Fault{Status: 500})
	var got steps
	if _, err := Run(context.Background(), env, tok.APIKey, got.add); err == nil || !strings.Contains(err.Error(), "unknown") {
		t.Fatalf("want an unknown outcome, got %v\n%s", err, got.text())
	}
}

// A Fleet Server URL's credentials never reach a step or an error.
func TestFleetServerURLCredentialsAreNotShown(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	tok := fleetToken(t, s, "policy-linux-servers", 0)
	env := demoEnv(s)
	for _, u := range []string{strings.Replace(s.FleetServerURL, "https://", "https://u:hunter2@", 1), "https://u:hunter2@exa mple"} {
		env.FleetServerURL = u
		var got steps
		_, err := Run(context.Background(), env, tok.APIKey, got.add)
		if err == nil || strings.Contains(got.text(), "hunter2") || strings.Contains(err.Error(), "hunter2") {
			t.Fatalf("%v\n%s", err, got.text())
		}
	}
}
