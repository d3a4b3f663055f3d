package main

import (
	"strings"
	"testing"
)

func TestFleetShowPrintsTheCollectorConfiguration(t *testing.T) {
	s, env := stackEnv(t)
	ci, _ := fleetTokenNamed(s, "ci-runners")
	r := cli(t, env, "", "fleet", "show", ci.ID, "--command", "--platform", "otel").want(t, 0,
		"cat > otel-opamp.yaml <<'EOF'", `endpoint: "`+s.FleetServerURL+`/v1/opamp"`,
		`Authorization: "ApiKey ${env:FLEET_ENROLLMENT_TOKEN}"`, "./otelcol-contrib --config ./otel-opamp.yaml")
	if !strings.Contains(r.stdout, "FLEET_ENROLLMENT_TOKEN='"+ci.APIKey+"'") {
		t.Fatalf("the run line lacks the token:\n%s", r.stdout)
	}
	r = cli(t, env, "", "fleet", "show", ci.ID, "--command", "--platform", "otel-read").want(t, 0, "read -rs FLEET_ENROLLMENT_TOKEN")
	if strings.Contains(r.stdout, ci.APIKey) {
		t.Fatalf("otel-read holds the token:\n%s", r.stdout)
	}
}
