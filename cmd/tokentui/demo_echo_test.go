package main

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// demo enroll hands an ECE roles token to the demo's control listener: a
// listener that echoes it in its refusal, in any error shape, shows none
// of it.
func TestEchoedECETokenNeverReachesDemoEnroll(t *testing.T) {
	s, env := stackEnv(t)
	echo := simtest.NewEchoSigned(t, controlHandler(stackHosts{s.ECE}, s.Creds.ECEAPIKey), s.CA)
	var created struct {
		Token string `json:"token"`
	}
	out := cli(t, env, "", "-o", "json", "ece", "create", "--role", "allocator").want(t, 0).stdout
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatal(err)
	}
	env["TOKENTUI_DEMO_CONTROL_URL"] = echo.URL
	for _, form := range simtest.EchoForms {
		echo.Arm(form, "POST /hosts")
		r := cli(t, env, created.Token, "demo", "enroll", "-")
		if r.code == 0 {
			t.Fatalf("%s: the echoing listener's answer was accepted:\n%s", form, r.stdout)
		}
		if leak := echo.Leaked(r.stdout + r.stderr); leak != "" || !slices.Contains(echo.Learned(), created.Token) {
			t.Fatalf("%s shows the secret %q:\nstdout: %s\nstderr: %s", form, leak, r.stdout, r.stderr)
		}
	}
}
