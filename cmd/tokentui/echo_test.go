package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// Through the real commands: each server learns what the CLI sends and
// answers (the Kibana and Elasticsearch passwords, ECE's login password
// and the token its login returns, a Fleet api_key read before a delete), then
// echoes all of it in a later failure, in every error shape. No secret
// reaches stdout or stderr.
func TestEchoedSecretsNeverReachTheCLI(t *testing.T) {
	s, env := stackEnv(t)
	esE := simtest.NewEcho(t, s.ES.Handler())
	kbE := simtest.NewEcho(t, s.Fleet.Handler())
	ecE := simtest.NewEcho(t, s.ECE.Handler())
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, slices.Concat(s.CA.PEM, esE.CAPEM, kbE.CAPEM, ecE.CAPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	env["ELASTICSEARCH_URL"], env["KIBANA_URL"], env["EC_HOST"], env["TOKENTUI_CA_CERT"] = esE.URL, kbE.URL, ecE.URL, ca
	delete(env, "EC_API_KEY") // ECE logs in with a username and password
	env["EC_USER"], env["EC_PASS"] = s.Creds.ECEUsername, s.Creds.ECEPassword
	fleetID := s.Fleet.AddToken("policy-linux-servers", "echoed", 0, time.Now()).ID // read (its api_key learned), then deleted
	// Past the collectors warning's lookups, a token is read only by the
	// delete itself: its api_key is registered there or nowhere.
	deleteMany := []string{"fleet", "delete", "--yes"}
	for i := range maxCollectorLookups + 1 {
		deleteMany = append(deleteMany, s.Fleet.AddToken("policy-linux-servers", fmt.Sprint("echoed-", i), 0, time.Now()).ID)
	}
	for _, form := range simtest.EchoForms {
		for _, c := range []struct {
			echo  *simtest.Echo
			route string // the later call that fails
			args  []string
		}{
			{kbE, "POST /api/fleet/enrollment_api_keys/_bulk_delete", []string{"fleet", "delete", "--yes", fleetID}},
			{kbE, "POST /api/fleet/enrollment_api_keys/_bulk_delete", deleteMany},
			{ecE, "POST /api/v1/regions", []string{"ece", "create", "--role", "proxy"}},
			{esE, "GET /_cluster/health", []string{"es", "create", "-s", "node"}},
		} {
			c.echo.Forget()
			c.echo.Arm(form, c.route)
			r := cli(t, env, "", c.args...)
			c.echo.Arm("", "")
			what := form + ": " + strings.Join(c.args, " ")
			// The echo reached the output, redacted (a body that is not
			// JSON is named, not quoted).
			if form != "json-200" && !strings.Contains(r.stdout+r.stderr, "[redacted]") {
				t.Fatalf("%s: the echo did not reach the output (exit %d):\nstderr: %s", what, r.code, r.stderr)
			}
			if leak := c.echo.Leaked(r.stdout + r.stderr); leak != "" || len(c.echo.Learned()) == 0 {
				t.Fatalf("%s shows the secret %q:\nstdout: %s\nstderr: %s", what, leak, r.stdout, r.stderr)
			}
		}
	}
}
