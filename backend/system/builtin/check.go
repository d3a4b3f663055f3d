package builtin

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/fleet"
)

// The built-in systems' config checks (system.Row.Check).

func checkElasticsearch(ctx context.Context, svc backend.Service, url string) ([]string, error) {
	c := svc.(*elasticsearch.Client)
	var lines []string
	info, err := c.Info(ctx)
	if err != nil {
		return lines, err
	}
	lines = append(lines, fmt.Sprintf("reachable: %s (cluster %s, node %s, version %s)", url, info.ClusterName, info.Name, info.Version))
	who, err := c.Authenticate(ctx)
	if err != nil {
		return lines, err
	}
	lines = append(lines, fmt.Sprintf("authenticated: %s (%s, roles %s)", who.Username, who.AuthType, strings.Join(who.Roles, ", ")))
	if _, err := c.List(ctx); err != nil {
		return lines, fmt.Errorf("listing enrollment keys: %w", err)
	}
	lines = append(lines, "list and revoke: ok (the API key list answered)")
	switch {
	case who.AuthType == "api_key":
		lines = append(lines, "create: not possible with an API key; configure a user with manage_security")
	case slices.Contains(who.Roles, "superuser"):
		lines = append(lines, "create: ok (superuser)")
	default:
		lines = append(lines, "create: needs manage_security and monitor; not verifiable without creating a key")
	}
	return lines, nil
}

func checkECE(ctx context.Context, svc backend.Service, url string) ([]string, error) {
	tokens, err := svc.List(ctx)
	if err != nil {
		return nil, err
	}
	return []string{fmt.Sprintf("reachable and authenticated: %s (%d persistent tokens)", url, len(tokens)),
		"version: not reported by the enrollment-token API",
		"create and delete: not verifiable without creating a token"}, nil
}

func checkFleet(ctx context.Context, svc backend.Service, url string) ([]string, error) {
	c := svc.(*fleet.Client)
	var lines []string
	if _, err := c.ListFiltered(ctx, fleet.Filter{Kuery: "active:true"}); err != nil {
		return lines, err
	}
	lines = append(lines, "reachable and authenticated: "+url+" (tokens listed)")
	// The version is information: not reading it fails nothing.
	if v, err := c.KibanaVersion(ctx); err != nil {
		lines = append(lines, "version: could not be read: "+err.Error())
	} else {
		lines = append(lines, "version: "+v+" (Kibana)")
	}
	pols, err := c.Policies(ctx)
	if err != nil {
		return lines, fmt.Errorf("agent policies: %w", err)
	}
	lines = append(lines, fmt.Sprintf("agent policies: %d", len(pols)))
	if _, err := c.Hosts(ctx); err != nil {
		//lint:ignore ST1005 it starts with a proper noun
		return lines, fmt.Errorf("Fleet Server hosts (needed for enroll commands): %w", err)
	}
	return append(lines, "Fleet Server hosts: ok",
		"create and revoke: need the fleet-agents-all privilege; not verifiable without creating a token"), nil
}
