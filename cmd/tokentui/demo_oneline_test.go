package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// demo enroll's refusals name what a token or a server said (an address,
// a reason): on one line, escaped, as every error of the CLI.
func TestDemoEnrollRefusalsStayOnOneLine(t *testing.T) {
	s, env := stackEnv(t)
	oneLine := func(what string, r result) {
		t.Helper()
		if r.code == 0 || strings.Contains(r.stderr, "\nforged") || !strings.Contains(r.stderr, `\nforged`) {
			t.Fatalf("%s (exit %d):\n%s", what, r.code, r.stderr)
		}
	}
	// A Fleet Server that is not the demo's.
	fleetTok := strings.TrimSpace(cli(t, env, "", "fleet", "create", "--policy", "policy-linux-servers", "--no-expiration").want(t, 0).stdout)
	env["FLEET_SERVER_URL"] = "https://evil\nforged: yes:8220"
	oneLine("a Fleet Server that is not the demo", cli(t, env, fleetTok, "demo", "enroll", "-"))
	delete(env, "FLEET_SERVER_URL")

	// The control listener refuses an ECE token, in its own words.
	refuse := simtest.NewEchoSigned(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		writeControlError(w, http.StatusForbidden, "Refused", "no\nforged: yes")
	}), s.CA)
	env["TOKENTUI_DEMO_CONTROL_URL"] = refuse.URL
	var created struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(cli(t, env, "", "-o", "json", "ece", "create", "--role", "allocator").want(t, 0).stdout), &created); err != nil {
		t.Fatal(err)
	}
	oneLine("a refusal's reason", cli(t, env, created.Token, "demo", "enroll", "-"))
}
