package main

import (
	"encoding/json"
	"testing"
)

// After a collector enrolls with ci-runners' token, the audit warns on
// the active tokens of its policy that a revoke would cut it off.
func TestAuditWarnsAboutCollectors(t *testing.T) {
	s, env := stackEnv(t)
	ci, _ := fleetTokenNamed(s, "ci-runners")
	cli(t, env, ci.APIKey, "demo", "enroll", "--collector", "-").want(t, 0, "over OpAMP")
	r := cli(t, env, "", "audit", "--fail-on", "critical", "-o", "json").want(t, 0)
	var findings []struct {
		Rule    string
		TokenID string `json:"token_id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &findings); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	found := false
	for _, f := range findings {
		found = found || (f.Rule == "otel-collectors" && f.TokenID == ci.ID)
	}
	if !found {
		t.Fatalf("no otel-collectors finding on %s:\n%s", ci.ID, r.stdout)
	}
}
