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

// TestCollectorEnrollsAndRevokeWarns enrolls an OTel Collector with
// demo enroll --collector (opamp-go), then checks that a revoke warns
// about it and that the token no longer enrolls a collector afterwards.
func TestCollectorEnrollsAndRevokeWarns(t *testing.T) {
	s, env := stackEnv(t)
	ci, _ := fleetTokenNamed(s, "ci-runners")
	cli(t, env, ci.APIKey, "demo", "enroll", "--collector", "-").want(t, 0,
		"✓ POST ", "/v1/opamp, as OTel Collector ", "which now has 1 OpenTelemetry Collector(s)", "over OpAMP")
	collectors := 0
	for _, a := range s.Fleet.Agents() {
		if a.Type == "OPAMP" && a.PolicyID == ci.PolicyID {
			collectors++
		}
	}
	if collectors != 1 {
		t.Fatalf("%d collectors on the policy, want 1", collectors)
	}
	// The agent flow (E in the UI) counts them too.
	cli(t, env, ci.APIKey, "demo", "enroll", "-").want(t, 0, "1 of them OpenTelemetry Collectors")
	for _, args := range [][]string{
		{"fleet", "revoke", "--dry-run", ci.ID},
		{"fleet", "delete", "--dry-run", ci.ID},
		{"fleet", "rotate", "--dry-run", "--no-expiration", ci.ID},
	} {
		cli(t, env, "", args...).want(t, 0, "1 OpenTelemetry Collector on policy "+ci.PolicyID+" may use this token")
	}
	cli(t, env, "", "fleet", "revoke", "--yes", ci.ID).want(t, 0, "OpenTelemetry Collector", "Revoked "+ci.ID)
	cli(t, env, ci.APIKey, "demo", "enroll", "--collector", "-").want(t, 1, "refused")
}
