package enroll

import (
	"context"
	"testing"

	"github.com/tokentui/tokentui/backend/sim/simtest"
)

func TestCensusCountsWhatAnEnrollmentAdds(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	env := demoEnv(s)
	env.FleetServerURL = s.FleetServerURL
	before := ReadCensus(context.Background(), env)
	if before.NodesErr != nil || before.AgentsErr != nil || before.RunnerErr != nil {
		t.Fatalf("census: %+v", before)
	}
	if before.Nodes < 1 || before.Runners < 1 || before.Cluster == "" {
		t.Fatalf("census: %+v", before)
	}
	tok := fleetToken(t, s, "policy-linux-servers", 0)
	if _, err := Run(context.Background(), env, tok.APIKey, nil); err != nil {
		t.Fatal(err)
	}
	after := ReadCensus(context.Background(), env)
	if after.Agents["policy-linux-servers"] != before.Agents["policy-linux-servers"]+1 {
		t.Fatalf("agents of the policy: %d, then %d", before.Agents["policy-linux-servers"], after.Agents["policy-linux-servers"])
	}

	if c := ReadCensus(context.Background(), Env{}); c.NodesErr == nil || c.AgentsErr == nil || c.RunnerErr == nil {
		t.Fatalf("a system not configured reads as unknown: %+v", c)
	}
}
