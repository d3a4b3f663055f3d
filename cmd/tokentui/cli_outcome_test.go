package main

import (
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/sim"
)

// A revoke answered by a proxy's login page with status 200, or a
// malformed body, is not reported as done: exit 1, and the confirming read
// (the token is indeed still active) is said plainly.
func TestRevokeIsReportedOnlyWhenItHappened(t *testing.T) {
	s, env := stackEnv(t)

	fleetTok := s.Fleet.AddToken("policy-linux-servers", "victim", 0, time.Now())
	s.Fleet.Faults.Set("DELETE /api/fleet/enrollment_api_keys/*", sim.Fault{Body: sim.BodyHTML})
	r := cli(t, env, "", "fleet", "revoke", "--yes", fleetTok.ID).want(t, exitFailure, "NOT revoked", "instead of JSON")
	if strings.Contains(r.stdout, "Revoked") {
		t.Fatalf("reported revoked: %q", r.stdout)
	}
	if strings.HasPrefix(r.stderr, "tokentui: "+fleetTok.ID+":") {
		t.Fatalf("the error names the token twice: %q", r.stderr)
	}
	for _, tok := range s.Fleet.Tokens() {
		if tok.ID == fleetTok.ID && !tok.Active {
			t.Fatal("the simulator revoked it: the fault did not apply")
		}
	}
	s.Fleet.Faults.Clear()
	cli(t, env, "", "fleet", "revoke", "--yes", fleetTok.ID).want(t, 0, "Revoked "+fleetTok.ID)

	eceTok := s.ECE.Issue([]string{"proxy"}, true, 0)
	s.ECE.Faults.Set("DELETE /api/v1/*", sim.Fault{Body: sim.BodyHTML})
	r = cli(t, env, "", "ece", "delete", "--yes", eceTok.ID).want(t, exitFailure, "NOT revoked", "instead of JSON")
	if strings.Contains(r.stdout, "deleted") {
		t.Fatalf("reported deleted: %q", r.stdout)
	}
	s.ECE.Faults.Clear()
	cli(t, env, "", "ece", "delete", "--yes", eceTok.ID).want(t, 0, "Token "+eceTok.ID+" deleted.")

	tok, err := elasticsearch.Decode(strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "node").want(t, 0).stdout))
	if err != nil {
		t.Fatal(err)
	}
	s.ES.Faults.Set("DELETE /_security/api_key", sim.Fault{Body: sim.BodyMalformed})
	r = cli(t, env, "", "es", "revoke", "--yes", tok.KeyID()).want(t, exitFailure, "NOT revoked")
	if strings.Contains(r.stdout, "Revoked") { // the success line's word
		t.Fatalf("reported revoked: %q", r.stdout)
	}
	if k, _ := s.ES.Realm.KeyByID(tok.KeyID()); k.Invalidated {
		t.Fatal("the simulator invalidated it: the fault did not apply")
	}
}

// A revoke whose connection breaks after the server performed it is settled
// by the one confirming read: reported done, exit 0.
func TestRevokeWithALostAnswerIsConfirmedByARead(t *testing.T) {
	s, env := stackEnv(t)
	reset := sim.Fault{Commit: true, Body: sim.BodyReset}

	fleetTok := s.Fleet.AddToken("policy-linux-servers", "lost", 0, time.Now())
	s.Fleet.Faults.Set("DELETE /api/fleet/enrollment_api_keys/*", reset)
	cli(t, env, "", "fleet", "revoke", "--yes", fleetTok.ID).want(t, 0, "Revoked "+fleetTok.ID)

	eceTok := s.ECE.Issue([]string{"proxy"}, true, 0)
	s.ECE.Faults.Set("DELETE /api/v1/*", reset)
	cli(t, env, "", "ece", "delete", "--yes", eceTok.ID).want(t, 0, "Token "+eceTok.ID+" deleted.")

	tok, err := elasticsearch.Decode(strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "node").want(t, 0).stdout))
	if err != nil {
		t.Fatal(err)
	}
	s.ES.Faults.Set("DELETE /_security/api_key", reset)
	cli(t, env, "", "es", "revoke", "--yes", tok.KeyID()).want(t, 0, "Revoked "+tok.KeyID())
	if k, _ := s.ES.Realm.KeyByID(tok.KeyID()); !k.Invalidated {
		t.Fatal("the simulator did not invalidate it: the fault did not commit")
	}
}

// A create whose connection breaks after the server made the token says it
// may exist and how to look, and is sent once.
func TestCreateWithALostAnswerSaysTheTokenMayExist(t *testing.T) {
	s, env := stackEnv(t)
	reset := sim.Fault{Commit: true, Body: sim.BodyReset}

	before := len(s.Fleet.Tokens())
	s.Fleet.Faults.Set("POST /api/fleet/enrollment_api_keys", reset)
	cli(t, env, "", "fleet", "create", "--no-expiration", "--policy", "policy-linux-servers").
		want(t, exitFailure, "the token may have been created; run `tokentui fleet list`")
	if got := len(s.Fleet.Tokens()); got != before+1 || s.Fleet.Faults.Hits("POST /api/fleet/enrollment_api_keys") != 1 {
		t.Fatalf("%d tokens (was %d), %d requests", got, before, s.Fleet.Faults.Hits("POST /api/fleet/enrollment_api_keys"))
	}

	before = len(s.ECE.Tokens())
	s.ECE.Faults.Set("POST /api/v1/*", reset)
	cli(t, env, "", "ece", "create", "--role", "proxy").
		want(t, exitFailure, "the token may have been created; run `tokentui ece list`")
	if got := len(s.ECE.Tokens()); got != before+1 {
		t.Fatalf("%d tokens (was %d)", got, before)
	}

	s.ES.Faults.Set("PUT /_security/api_key", reset)
	cli(t, env, "", "es", "create", "-s", "node").
		want(t, exitFailure, "the token may have been created; run `tokentui es list`")
	if got := s.ES.Faults.Hits("PUT /_security/api_key"); got != 1 {
		t.Fatalf("sent %d times", got)
	}
}
