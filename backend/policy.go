package backend

import "context"

// Policy is an agent policy a Fleet token is made for, as a picker shows
// it.
type Policy struct {
	ID, Name, Namespace, Description string
	Managed, Agentless               bool
	Agents                           int
	HasAgentCount                    bool // false when the server gave no count (missing privilege)
	FleetServerHostID                string
}

// Selectable reports whether tokens can be made for the policy in the UI
// (Kibana hides managed and agentless policies from its picker).
func (p Policy) Selectable() bool { return !p.Managed && !p.Agentless }

// PolicyLister is offered by a service whose tokens belong to policies
// (Fleet): the create form picks one of them.
type PolicyLister interface {
	Policies(ctx context.Context) ([]Policy, error)
}

// CollectorCounter is offered by a service whose policies OpenTelemetry
// Collectors connect to over OpAMP (Fleet): it counts those that are not
// inactive. They send the policy's enrollment token on every poll, so a
// revoke cuts them off.
type CollectorCounter interface {
	Collectors(ctx context.Context, policyID string) (int, error)
}
