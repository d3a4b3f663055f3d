package enroll

import (
	"context"
	"testing"

	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// demo enroll sends the Fleet token to Fleet Server by hand (as the agent
// does, or an OTel Collector's first OpAMP poll, not as the transport's
// auth): a Fleet Server that echoes it in its refusal, in any error
// shape, shows none of it in the steps.
func TestEchoedFleetTokenNeverReachesTheSteps(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	tok := fleetToken(t, s, "policy-linux-servers", 0)
	for _, as := range []struct {
		name, route string
		env         func(*sim.Stack) Env
	}{
		{"agent", "POST /api/fleet/agents/enroll", demoEnv},
		{"collector", "POST " + opampPath, collectorEnv},
	} {
		for _, form := range simtest.EchoForms {
			t.Run(as.name+"/"+form, func(t *testing.T) {
				echo := simtest.NewEchoSigned(t, s.FleetServer.Handler(), s.CA)
				env := as.env(s)
				env.FleetServerURL = echo.URL
				echo.Arm(form, as.route)
				var got steps
				_, err := Run(context.Background(), env, tok.APIKey, got.add)
				if err == nil {
					t.Fatalf("the echoing server's answer was accepted:\n%s", got.text())
				}
				if leak := echo.Leaked(got.text() + err.Error()); leak != "" || len(echo.Learned()) == 0 {
					t.Fatalf("the steps show the secret %q:\n%s", leak, got.text())
				}
			})
		}
	}
}
