package enroll

import (
	"context"
	"errors"
	"time"

	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/transport"
)

// Census is what the demo systems count, read with the demo's own
// credentials: how an enrollment shows (one more node, agent or runner).
// A count that could not be read has its error set.
type Census struct {
	Nodes    int
	Cluster  string
	NodesErr error
	// Agents is the agent count of each policy, by policy id.
	Agents    map[string]int
	AgentsErr error
	Runners   int
	RunnerErr error
}

// ReadCensus counts the nodes, the agents per policy and the runners of
// the configured demo systems; a system not configured reads as an error.
func ReadCensus(ctx context.Context, env Env) Census {
	if env.Timeout <= 0 {
		env.Timeout = 10 * time.Second
	}
	r := &runner{env: env, report: func(Step) {}}
	var c Census
	c.Nodes, c.Cluster, c.NodesErr = r.countNodes(ctx)
	c.Agents, c.AgentsErr = r.countAgents(ctx)
	c.Runners, c.RunnerErr = r.countRunners(ctx)
	return c
}

func (r *runner) countAgents(ctx context.Context) (map[string]int, error) {
	if r.env.KibanaURL == "" {
		return nil, errors.New("no Kibana configured")
	}
	kib, err := fleet.New(fleet.Config{Transport: transport.Config{BaseURL: r.env.KibanaURL, Auth: r.env.KibanaAuth,
		CACertPEM: r.env.CACertPEM, Timeout: r.env.Timeout, MaxTries: 1, Trail: r.env.Trail}})
	if err != nil {
		return nil, err
	}
	pols, err := kib.Policies(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(pols))
	for _, p := range pols {
		if p.HasAgentCount {
			out[p.ID] = p.Agents
		}
	}
	return out, nil
}

func (r *runner) countRunners(ctx context.Context) (int, error) {
	if r.env.ECEURL == "" {
		return 0, errors.New("no ECE configured")
	}
	c, err := r.client(r.env.ECEURL, r.env.ECEAuth, "")
	if err != nil {
		return 0, err
	}
	runners, err := listRunners(ctx, c)
	return len(runners), err
}
