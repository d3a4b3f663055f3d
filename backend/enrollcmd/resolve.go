package enrollcmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/transport"
)

// Target is a token with everything its commands need, read once from the
// systems so that switching platform costs no request.
type Target struct {
	Kind  Kind
	Hint  Hint
	Fleet FleetInput
	// ESVersion is the cluster version, for the Docker images.
	ESVersion string
	ECE       ECEInput
}

// Default is the platform first shown for the target.
func (t Target) Default() Platform { return DefaultPlatform(t.Kind, t.Hint) }

// Command is the target's command on a platform.
func (t Target) Command(p Platform, secret backend.Secret) (backend.Secret, error) {
	switch t.Kind {
	case Fleet:
		return FleetCommand(p, t.Fleet, secret)
	case Node, Kibana:
		return ElasticsearchCommand(t.Kind, p, t.ESVersion, secret)
	case ECE:
		return ECECommand(t.ECE, secret)
	}
	return backend.Secret{}, fmt.Errorf("no enroll command for %q", t.Kind)
}

// Resolver reads what a token's commands need from its system's service.
type Resolver func(ctx context.Context, svc backend.Service, t backend.Token, secret backend.Secret) (Target, error)

// resolvers are each system's Resolver, keyed by its name in the registry
// (backend/system): a system's enroll commands start here.
var resolvers backend.Registry[Resolver]

func init() {
	resolvers.Add(backend.Fleet, resolveFleet, nil)
	resolvers.Add(backend.Elasticsearch, resolveElasticsearch, nil)
	resolvers.Add(backend.ECE, resolveECE, nil)
}

// Register sets the Resolver of a system beyond the three built in (a
// system whose tokens enroll nothing registers None). remove takes it
// away again (tests).
func Register(sys backend.System, r Resolver) (remove func()) {
	remove, _, ok := resolvers.Add(sys, r, nil)
	if !ok {
		panic("enrollcmd.Register: " + string(sys) + " has a resolver already")
	}
	return remove
}

// Registered reports whether sys has a Resolver.
func Registered(sys backend.System) bool {
	_, ok := resolvers.Get(sys)
	return ok
}

// None is the Resolver of a system whose tokens enroll nothing: it says
// why, for every token.
func None(why string) Resolver {
	return func(context.Context, backend.Service, backend.Token, backend.Secret) (Target, error) {
		return Target{}, errors.New(why)
	}
}

// Resolve reads what a token's commands need from its system: Fleet, the
// Fleet Server URL of the token's policy (its own host, else the default
// one, as Kibana chooses), Kibana's version and the policy's agents' OS;
// Elasticsearch, the version inside the token (else the cluster's);
// ECE, the coordinator host and the token's roles.
func Resolve(ctx context.Context, svc backend.Service, t backend.Token, secret backend.Secret) (Target, error) {
	r, ok := resolvers.Get(svc.System())
	if !ok {
		return Target{}, noCommand(svc)
	}
	return r(ctx, svc, t, secret)
}

func noCommand(svc backend.Service) error {
	return fmt.Errorf("no enroll command for %s tokens", svc.System().Title())
}

func resolveFleet(ctx context.Context, svc backend.Service, t backend.Token, _ backend.Secret) (Target, error) {
	c, ok := svc.(*fleet.Client)
	if !ok {
		return Target{}, noCommand(svc)
	}
	tg := Target{Kind: Fleet, Hint: Hint{PolicyName: t.PolicyName}}
	u, err := c.ServerURL(ctx, t.PolicyID)
	if err != nil {
		return tg, err
	}
	v, err := c.KibanaVersion(ctx)
	if err != nil {
		return tg, fmt.Errorf("reading Kibana's version (the agent version to download): %w", err)
	}
	tg.Fleet = FleetInput{URL: u, Version: v}
	if tg.Hint.PolicyName == "" {
		if pols, err := c.Policies(ctx); err == nil {
			for _, p := range pols {
				if p.ID == t.PolicyID {
					tg.Hint.PolicyName = p.Name
				}
			}
		}
	}
	// The collectors are counted for the warnings; a failure leaves
	// them unknown.
	if n, err := c.Collectors(ctx, t.PolicyID); err == nil {
		tg.Hint.Collectors, tg.Hint.CollectorsKnown = n, true
	}
	// The agents' OS only refines the default; a failure costs nothing.
	if agents, _, err := c.Agents(ctx, t.PolicyID, 100); err == nil {
		for _, a := range agents {
			tg.Hint.AgentOS = append(tg.Hint.AgentOS, a.OS)
		}
	}
	return tg, nil
}

func resolveElasticsearch(ctx context.Context, svc backend.Service, t backend.Token, secret backend.Secret) (Target, error) {
	c, ok := svc.(*elasticsearch.Client)
	if !ok {
		return Target{}, noCommand(svc)
	}
	tg := Target{Kind: Kind(t.Scope)}
	if tg.Kind != Node && tg.Kind != Kibana {
		return tg, fmt.Errorf("no enroll command for scope %q", t.Scope)
	}
	if tok, err := elasticsearch.Decode(secret.Reveal()); err == nil {
		tg.ESVersion = tok.Version
	} else if info, err := c.Info(ctx); err == nil {
		tg.ESVersion = info.Version
	}
	return tg, nil
}

func resolveECE(ctx context.Context, svc backend.Service, t backend.Token, _ backend.Secret) (Target, error) {
	c, ok := svc.(*ece.Client)
	if !ok {
		return Target{}, noCommand(svc)
	}
	return Target{Kind: ECE, ECE: ECEInput{Coordinator: c.Transport().BaseURL().Hostname(), Roles: t.Roles,
		Version: eceVersion(ctx, c.Transport())}}, nil
}

// eceVersion is the installation's version as its hosts report it
// (build_info.version), which the installer's --cloud-enterprise-version
// must match; "" when the runners cannot be read (the flag is optional).
func eceVersion(ctx context.Context, tr *transport.Client) string {
	var resp struct {
		Runners []struct {
			BuildInfo struct {
				Version string `json:"version"`
			} `json:"build_info"`
		} `json:"runners"`
	}
	if tr.JSON(ctx, transport.Request{Method: "GET", Path: "/api/v1/platform/infrastructure/runners"}, &resp) != nil {
		return ""
	}
	for _, r := range resp.Runners {
		if r.BuildInfo.Version != "" {
			return r.BuildInfo.Version
		}
	}
	return ""
}
