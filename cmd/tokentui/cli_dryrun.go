package main

import (
	"cmp"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
)

// dryRunReport is what a mutation with --dry-run would do: the requests
// it would send and the tokens it would affect. Nothing is sent but reads.
type dryRunReport struct {
	DryRun   bool          `json:"dry_run"`
	Requests []string      `json:"requests"`
	Tokens   []dryRunToken `json:"tokens"`
}

// dryRunToken is a token a dry run would affect: an existing one (with
// its status) or one it would create (status "new").
type dryRunToken struct {
	Effect     string   `json:"effect"` // create, revoke, delete
	Expiration *string  `json:"expiration,omitempty"`
	ID         string   `json:"id,omitempty"`
	Name       string   `json:"name,omitempty"`
	PolicyID   string   `json:"policy_id,omitempty"`
	Roles      []string `json:"roles,omitempty"`
	Status     string   `json:"status"`
}

// affected is an existing token in a dry run.
func affected(effect string, t backend.Token) dryRunToken {
	return dryRunToken{Effect: effect, ID: t.ID, Name: t.Name, PolicyID: t.PolicyID, Roles: t.Roles, Status: string(t.Status)}
}

// planned is a token a dry run would create.
func planned(spec backend.CreateSpec) dryRunToken {
	d := dryRunToken{Effect: "create", Name: spec.Name, PolicyID: spec.PolicyID, Roles: spec.Roles, Status: "new"}
	if spec.PolicyID != "" {
		d.Expiration = ref(spec.Expiration)
	}
	return d
}

// addDryRun registers --dry-run on a mutation.
func addDryRun(c *cobra.Command, dryRun *bool) {
	c.Flags().BoolVar(dryRun, "dry-run", false, "print the requests and the tokens affected; change nothing")
}

// printDryRun prints a dry run's plan: JSON with "dry_run": true, or text
// that says nothing was changed.
func (a *app) printDryRun(rep dryRunReport) error {
	rep.DryRun = true
	if rep.Tokens == nil {
		rep.Tokens = []dryRunToken{}
	}
	if a.g.output == "json" {
		return a.printJSON(rep)
	}
	textf(a.stdout, "dry run: nothing was changed. It would send:\n")
	for _, r := range rep.Requests {
		textf(a.stdout, "  %s\n", r)
	}
	textf(a.stdout, "affecting:\n")
	for _, t := range rep.Tokens {
		what := t.ID
		if what == "" {
			what = "a new token"
		}
		extra := ""
		if t.Name != "" && t.Name != t.ID {
			extra += " name " + t.Name
		}
		if t.PolicyID != "" {
			extra += " policy " + t.PolicyID
		}
		if t.Expiration != nil {
			extra += " expiration " + cmp.Or(*t.Expiration, "never")
		}
		textf(a.stdout, "  %s %s (%s)%s\n", t.Effect, what, t.Status, extra)
	}
	return nil
}

// dryRunPath is a request line of a dry run.
func dryRunPath(method, path string, args ...any) string {
	return method + " " + fmt.Sprintf(path, args...)
}

// dryRunOf plans an action on ids: one request each (request makes it)
// and the tokens as listed; an id the list lacks is "not found".
func dryRunOf(effect string, ids []string, listed []backend.Token, request func(id string) string) dryRunReport {
	byID := make(map[string]backend.Token, len(listed))
	for _, t := range listed {
		byID[t.ID] = t
	}
	var rep dryRunReport
	for _, id := range ids {
		rep.Requests = append(rep.Requests, request(id))
		if t, ok := byID[id]; ok {
			rep.Tokens = append(rep.Tokens, affected(effect, t))
		} else {
			rep.Tokens = append(rep.Tokens, dryRunToken{Effect: effect, ID: id, Status: "not found"})
		}
	}
	return rep
}

// dryRunOn prints what an action on ids would send (request makes each
// id's request line) and the tokens it would touch, as svc lists them.
func (a *app) dryRunOn(svc backend.Service, effect string, ids []string, request func(id string) string) error {
	ctx, cancel := a.ctx()
	defer cancel()
	listed, err := svc.List(ctx)
	if err != nil {
		return err
	}
	return a.printDryRun(dryRunOf(effect, ids, listed, request))
}

// dryRunFleet prints what a Fleet revoke or delete of ids would send (one
// DELETE per id, pathFmt holding the id) and the tokens it would touch.
func (a *app) dryRunFleet(svc backend.Service, verb, pathFmt string, ids []string) error {
	return a.dryRunOn(svc, verb, ids, func(id string) string { return dryRunPath("DELETE", pathFmt, id) })
}
