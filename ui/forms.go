package ui

import (
	"fmt"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/ui/form"
)

// newCreateForm builds the create form of a system.
func newCreateForm(sys backend.System) *form.Form {
	switch sys {
	case backend.Elasticsearch:
		scope := &form.Field{Key: "scope", Label: "Scope", Kind: form.Choice,
			Help:    "node: a new node joins the cluster · kibana: a Kibana instance connects",
			Options: []form.Option{{Label: "node", Value: "node"}, {Label: "kibana", Value: "kibana"}}}
		force := &form.Field{Key: "force", Label: "Force", Kind: form.Toggle,
			Help: "create even when the cluster health is RED (as -f)"}
		return form.New("New Elasticsearch enrollment token",
			"An API key valid for 30 minutes, as bin/elasticsearch-create-enrollment-token makes it.",
			[]*form.Field{scope, force}, nil)
	case backend.ECE:
		var opts []form.Option
		for _, r := range ece.Roles {
			opts = append(opts, form.Option{Label: r, Value: r})
		}
		roles := &form.Field{Key: "roles", Label: "Roles", Kind: form.Multi, Options: opts,
			Help: "←/→ move, space ticks: the roles the new host may take"}
		kind := &form.Field{Key: "kind", Label: "Kind", Kind: form.Choice,
			Help:    "persistent: until revoked · ephemeral: expires by itself, cannot be revoked",
			Options: []form.Option{{Label: "persistent", Value: "persistent"}, {Label: "ephemeral", Value: "ephemeral"}}}
		validity := form.NewText("validity", "Validity", "how long an ephemeral token lasts, like 90m or 2h", "1h", "1h")
		validity.Visible = func(f *form.Form) bool { return f.Value("kind") == "ephemeral" }
		return form.New("New ECE roles token", "For installing a new ECE host.",
			[]*form.Field{roles, kind, validity}, validateECE)
	}
	name := form.NewText("name", "Name", "optional; unique per policy (Fleet uses the id when empty)", "e.g. ci-runners", "")
	policy := form.NewPicker("policy", "Policy", "type to filter · ↑/↓ select · managed policies are left out", nil)
	expiration := form.NewText("expiration", "Expiration", "optional: 30d, 24h, 90m or 60s; empty never expires", "never", "")
	return form.New("New Fleet enrollment token", "Enrolls Elastic Agents into the chosen agent policy.",
		[]*form.Field{name, policy, expiration}, validateFleet)
}

func validateECE(f *form.Form) map[string]string {
	errs := map[string]string{}
	if err := ece.CheckRoles(f.Values("roles")); err != nil {
		errs["roles"] = err.(*backend.InvalidInputError).Reason
	}
	if f.Value("kind") == "ephemeral" {
		d, err := time.ParseDuration(f.Value("validity"))
		switch {
		case err != nil:
			errs["validity"] = "a duration like 90m or 2h"
		case d <= 0:
			errs["validity"] = "must be positive"
		default:
			if err := ece.CheckValidity(d); err != nil {
				errs["validity"] = err.(*backend.InvalidInputError).Reason
			}
		}
	}
	return errs
}

func validateFleet(f *form.Form) map[string]string {
	errs := map[string]string{}
	if f.Value("policy") == "" {
		errs["policy"] = "policy is required"
	}
	if err := fleet.CheckExpiration(f.Value("expiration")); err != nil {
		errs["expiration"] = err.(*backend.InvalidInputError).Reason
	}
	return errs
}

// specFrom reads a submitted form.
func specFrom(sys backend.System, f *form.Form) backend.CreateSpec {
	switch sys {
	case backend.Elasticsearch:
		return backend.CreateSpec{Scope: f.Value("scope"), Force: f.Bool("force")}
	case backend.ECE:
		spec := backend.CreateSpec{Roles: f.Values("roles")}
		if f.Value("kind") == "ephemeral" {
			spec.Validity, _ = time.ParseDuration(f.Value("validity"))
		}
		return spec
	}
	return backend.CreateSpec{Name: f.Value("name"), PolicyID: f.Value("policy"), Expiration: f.Value("expiration")}
}

// policyOptions lists the policies a token can be made for, with their
// agent counts; managed and agentless policies are left out, as Kibana
// does.
func policyOptions(policies []fleet.Policy) []form.Option {
	var out []form.Option
	for _, p := range policies {
		if !p.Selectable() {
			continue
		}
		label := p.Name
		if p.HasAgentCount {
			label += fmt.Sprintf("  (%s)", plural(p.Agents, "agent", "agents"))
		}
		out = append(out, form.Option{Label: label, Value: p.ID})
	}
	return out
}
