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
