package config

import (
	"fmt"
	"strings"
)

// The command policy of an Elastic CLI context (`commands`: profile,
// allowed, blocked), applied to tokentui's requests before they are sent.
//
// Mapped (the contract names these commands; their stack.kb paths are
// themselves [UNCONFIRMED] upstream):
//
//	GET    /api/fleet/enrollment_api_keys              stack.kb.fleet-enrollment-api-keys.get-fleet-enrollment-api-keys
//	POST   /api/fleet/enrollment_api_keys              ….post-fleet-enrollment-api-keys
//	GET    /api/fleet/enrollment_api_keys/{id}         ….get-fleet-enrollment-api-keys-keyid
//	DELETE /api/fleet/enrollment_api_keys/{id}         ….delete-fleet-enrollment-api-keys-keyid (revoke and delete)
//	POST   /api/fleet/enrollment_api_keys/_bulk_delete ….post-fleet-enrollment-api-keys-bulk-delete
//
// Elasticsearch: the contract names no command for the security APIs, so
// a mutation under /_security is "stack.es.security.<unknown>": it is
// refused when a blocked pattern covers that whole group (stack.*,
// stack.es.*, stack.es.security.*) and, failing closed, when an allow-list
// does not. Every other request (Kibana status, agent policies, Fleet
// Server's logs, Elasticsearch reads) has no command named by the contract
// and is not checked. block_destructive and the like are not in the
// released schema: they are ignored, as the CLI ignores them.

// elasticCLICommands is a `commands` block.
type elasticCLICommands struct {
	Profile string   `yaml:"profile"`
	Allowed []string `yaml:"allowed"`
	Blocked []string `yaml:"blocked"`
}

// CommandPolicy is a context's effective policy.
type CommandPolicy struct {
	allowed, blocked []string // allowed nil: no allow-list
	where            string   // for messages: the context and the file
}

// builtinProfiles are the CLI's resolveBuiltinProfile.
func builtinProfile(name string) (allowed, blocked []string) {
	switch name {
	case "serverless", "default":
		allowed = []string{"version", "docs.*", "config.*", "sanitize.*", "es", "kb", "stack.*", "cloud.trust.*", "cloud.auth.*",
			"cloud.orgs.*", "cloud.users.*", "cloud.billing.*", "cloud.serverless.*"}
		for _, ns := range strings.Fields("ccr dangling-indices ilm license logstash rollup searchable-snapshots slm snapshot ssl watcher") {
			blocked = append(blocked, "stack.es."+ns+".*")
		}
	}
	return allowed, blocked // stack: none
}

// policy is the context's policy: its own commands, else the root's;
// default_profile when no profile is set. nil: everything is allowed.
func (f *elasticCLIFile) policy(ctxName string, c elasticCLIContext) (*CommandPolicy, error) {
	cmds, at := c.Commands, "contexts."+echoName(ctxName)+".commands"
	if cmds == nil {
		cmds, at = f.Commands, "commands"
	}
	if cmds == nil {
		cmds = &elasticCLICommands{}
	}
	profile := cmds.Profile
	if profile == "" {
		profile = f.DefaultProfile
	}
	fail := func(msg string) error { return fmt.Errorf("%s: %s: %s", f.path, at, msg) }
	switch {
	case cmds.Allowed != nil && cmds.Profile != "":
		return nil, fail(`"profile" and "allowed" are mutually exclusive`)
	case cmds.Allowed != nil && cmds.Blocked != nil:
		return nil, fail(`"allowed" and "blocked" are mutually exclusive`)
	case cmds.Allowed != nil && len(cmds.Allowed) == 0:
		return nil, fail("allowed: must not be empty")
	case cmds.Blocked != nil && len(cmds.Blocked) == 0:
		return nil, fail("blocked: must not be empty")
	}
	p := &CommandPolicy{where: fmt.Sprintf("%s (context %s)", f.path, echoName(ctxName))}
	switch profile {
	case "", "stack", "serverless", "default":
	default:
		return nil, fail(fmt.Sprintf("profile: %s is not serverless, stack or default", echo(profile)))
	}
	if cmds.Allowed != nil {
		p.allowed = cmds.Allowed
	} else {
		p.allowed, p.blocked = builtinProfile(profile)
	}
	p.blocked = append(p.blocked, cmds.Blocked...)
	if p.allowed == nil && p.blocked == nil {
		return nil, nil
	}
	return p, nil
}

// elasticCLICommand names the CLI command a request corresponds to;
// known is false when only its group is known (then command is the
// group); "" when the contract names no command for it.
func elasticCLICommand(method, path string) (command string, known bool) {
	if rest, ok := strings.CutPrefix(path, "/s/"); ok { // a Kibana space
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			path = rest[i:]
		}
	}
	const fleet, ns = "/api/fleet/enrollment_api_keys", "stack.kb.fleet-enrollment-api-keys."
	switch {
	case path == fleet && method == "GET":
		return ns + "get-fleet-enrollment-api-keys", true
	case path == fleet && method == "POST":
		return ns + "post-fleet-enrollment-api-keys", true
	case path == fleet+"/_bulk_delete" && method == "POST":
		return ns + "post-fleet-enrollment-api-keys-bulk-delete", true
	case strings.HasPrefix(path, fleet+"/") && method == "GET":
		return ns + "get-fleet-enrollment-api-keys-keyid", true
	case strings.HasPrefix(path, fleet+"/") && method == "DELETE":
		return ns + "delete-fleet-enrollment-api-keys-keyid", true
	case strings.HasPrefix(path, "/_security/") && method != "GET" && method != "HEAD" &&
		!strings.HasPrefix(path, "/_security/_query/"):
		return "stack.es.security", false
	}
	return "", false
}

// matches is the CLI's rule: equal, or "x.*" and the path starts with "x.".
// For a group (known false) a pattern matches only when it covers the
// whole group.
func matches(pattern, command string, known bool) bool {
	prefix, wild := strings.CutSuffix(pattern, ".*")
	if !known {
		return wild && (command == prefix || strings.HasPrefix(command, prefix+"."))
	}
	return pattern == command || wild && strings.HasPrefix(command, prefix+".")
}

// Guard refuses a request the policy forbids, before it is sent; nil
// allows it. It goes into the transport's configuration.
func (p *CommandPolicy) Guard(method, path string) error {
	if p == nil {
		return nil
	}
	command, known := elasticCLICommand(method, path)
	if command == "" {
		return nil
	}
	shown := command
	if !known {
		shown = command + " (a command the policy does not name)"
	}
	if p.allowed != nil {
		ok := false
		for _, a := range p.allowed {
			ok = ok || matches(a, command, known)
		}
		if !ok {
			return fmt.Errorf("refused by the command policy in %s: %s is not in its allowed commands; nothing was sent", p.where, shown)
		}
	}
	for _, b := range p.blocked {
		if matches(b, command, known) {
			return fmt.Errorf("refused by the command policy in %s: %s is blocked by %s; nothing was sent", p.where, shown, b) // b matched a command: one of ours
		}
	}
	return nil
}
