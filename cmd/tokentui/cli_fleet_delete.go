package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// deleteEffect is what a Fleet delete does, for confirmations.
const deleteEffect = "Active ones are revoked first. " + backend.FleetRevokeEffects + " " +
	"Their records are removed: they no longer show in Kibana and their names can be used again."

type fleetDeleteOptions struct {
	changeOptions
	IncludeHidden bool
}

func newFleetDelete(a *app, runF func(*fleetDeleteOptions) error) *cobra.Command {
	opts := &fleetDeleteOptions{}
	c := &cobra.Command{
		Use:   "delete ID… [--dry-run] [--yes]",
		Short: "Delete tokens: revoke them and remove their records (Kibana 9.5+)",
		Long: `Delete Fleet enrollment tokens as Kibana 9.5 does: an active token is
revoked, then its record is removed, so it no longer shows in Kibana and its
name can be used again. Agents already enrolled keep working. A revoke
(tokentui fleet revoke) keeps the record, inactive.

Each token's outcome is checked by reading it back: "deleted", "not found"
(Kibana has no such token in this space: a failure), or why not. With
Elasticsearch settings in the profile, each removed token's API key is
checked too (Kibana removes the record even when invalidating the key
failed); without them the result says "removed from Fleet; Elasticsearch's
API key not verified". A Kibana before 9.5 cannot
delete: the tokens are revoked and tokentui says so. Tokens of managed or
agentless policies are left alone unless --include-hidden.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, ids []string) error {
			opts.IDs = ids
			return runWith(opts, runF, a.fleetDelete)
		},
	}
	opts.changeOptions.register(c)
	c.Flags().BoolVar(&opts.IncludeHidden, "include-hidden", false, "also delete tokens of managed or agentless policies")
	return c
}

func (a *app) fleetDelete(o *fleetDeleteOptions) error {
	return a.withFleet(func(ctx context.Context, svc *fleet.Client) error {
		a.warnCollectors(ctx, svc, nil, o.IDs)
		if o.DryRun {
			return a.dryRunFleet(svc, "delete", "/api/fleet/enrollment_api_keys/%s?forceDelete=true", o.IDs)
		}
		if err := a.confirm(o.Yes, fmt.Sprintf("Delete %d Fleet token(s) (%s)? %s", len(o.IDs), sanitize.Text(strings.Join(o.IDs, ", ")), deleteEffect)); err != nil {
			return err
		}
		stop := a.progress("deleting " + backend.Plural(len(o.IDs), "Fleet token", "Fleet tokens"))
		rep := svc.Delete(ctx, o.IDs, backend.DeleteOptions{IncludeHidden: o.IncludeHidden, Keys: a.fleetKeyInspector()})
		stop()
		a.recordDeletes(backend.Fleet, "delete", rep)
		return a.printDeleteReport(rep)
	})
}

type fleetPurgeOptions struct {
	Filter        tokenFilter
	Yes, DryRun   bool
	IncludeHidden bool
}

func newFleetPurge(a *app, runF func(*fleetPurgeOptions) error) *cobra.Command {
	opts := &fleetPurgeOptions{}
	c := &cobra.Command{
		Use:   "purge [--policy P] [--kuery K] [--dry-run] [--yes]",
		Short: "Delete the revoked and expired tokens (of a policy, or matching a filter)",
		Long: `Delete every revoked or expired Fleet enrollment token of the filter
(--policy, an id or an exact name; --kuery): their records go, and their
names can be used again. Active tokens are never touched. --dry-run lists
what would go and changes nothing. Needs Kibana 9.5 or later.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return runWith(opts, runF, a.fleetPurge) },
	}
	opts.Filter.register(c)
	c.Flags().BoolVar(&opts.DryRun, "dry-run", false, "list what would be deleted; change nothing")
	c.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	c.Flags().BoolVar(&opts.IncludeHidden, "include-hidden", false, "also tokens of managed or agentless policies")
	return c
}

func (a *app) fleetPurge(o *fleetPurgeOptions) error {
	return a.withFleet(func(ctx context.Context, svc *fleet.Client) error {
		tokens, err := a.listFiltered(ctx, svc, o.Filter)
		if err != nil {
			return err
		}
		gone := backend.PurgeCandidates(tokens, o.IncludeHidden)
		what := "revoked or expired Fleet token(s)"
		if o.Filter.Policy != "" {
			what += " of policy " + sanitize.Text(o.Filter.Policy)
		}
		if o.Filter.Kuery != "" {
			what += " matching " + sanitize.Text(o.Filter.Kuery)
		}
		if len(gone) == 0 {
			fmt.Fprintf(a.stderr, "tokentui: nothing to purge: no %s\n", what)
			if a.g.output == "json" {
				return a.printJSON([]outcomeRow{})
			}
			return nil
		}
		if o.DryRun && a.g.output == "json" {
			ids := make([]string, 0, len(gone))
			for _, t := range gone {
				ids = append(ids, t.ID)
			}
			return a.printDryRun(dryRunOf("delete", ids, gone, func(id string) string {
				return dryRunPath("DELETE", "/api/fleet/enrollment_api_keys/%s?forceDelete=true", id)
			}))
		}
		if o.DryRun {
			if err := a.printFleetTokens(gone); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "tokentui: dry run: %d %s would be deleted; nothing was changed\n", len(gone), what)
			return nil
		}
		if err := a.confirm(o.Yes, fmt.Sprintf("Delete %d %s? Their records are removed: they no longer show in Kibana and their names can be used again.", len(gone), what)); err != nil {
			return err
		}
		stop := a.progress("purging " + backend.Plural(len(gone), "Fleet token", "Fleet tokens"))
		rep := svc.DeleteTokens(ctx, gone, backend.DeleteOptions{IncludeHidden: o.IncludeHidden, Keys: a.fleetKeyInspector()})
		stop()
		a.recordDeletes(backend.Fleet, "purge", rep)
		return a.printDeleteReport(rep)
	})
}

// printDeleteReport prints each token's outcome, successes on stdout and
// the rest on stderr (all on stdout with -o json); it fails when any token
// was not deleted.
func (a *app) printDeleteReport(rep backend.DeleteReport) error {
	if a.g.output == "json" {
		rows := make([]outcomeRow, 0, len(rep.Results))
		for _, r := range rep.Results {
			rows = append(rows, outcomeRow{ID: r.ID, Outcome: deleteOutcome(r.Outcome), Reason: r.Reason})
		}
		if err := a.printJSON(rows); err != nil {
			return err
		}
	} else {
		for _, r := range rep.Results {
			switch r.Outcome {
			case backend.DeleteDeleted:
				textf(a.stdout, "Deleted %s\n", r.ID)
			case backend.DeleteAlreadyGone:
				textf(a.stdout, "Already gone %s\n", r.ID)
			case backend.DeleteRemovedUnverified:
				textf(a.stdout, "Removed from Fleet %s (Elasticsearch's API key not verified: %s)\n", r.ID, r.Reason)
			default:
				printError(a.stderr, fmt.Errorf("%s: %s: %s", r.ID, r.Outcome, r.Reason))
			}
		}
	}
	if rep.NoDelete {
		printError(a.stderr, errors.New("this Kibana cannot delete enrollment tokens (Kibana 9.5 added it): the tokens it revoked keep their records"))
	}
	if n := rep.Failed(); n > 0 {
		return &exitError{code: exitFailure, err: fmt.Errorf("%d of %d token(s) not deleted", n, len(rep.Results))}
	}
	return nil
}

// listFiltered lists the tokens of --kuery and --policy (an id or a
// name), with a progress line.
func (a *app) listFiltered(ctx context.Context, svc *fleet.Client, f tokenFilter) ([]backend.Token, error) {
	stop := a.progress("listing Fleet tokens")
	defer stop()
	policyID, err := a.policyID(ctx, svc, f.Policy)
	if err != nil {
		return nil, err
	}
	return svc.ListFiltered(ctx, fleet.Filter{Kuery: f.Kuery, PolicyID: policyID})
}

// policyID resolves --policy: an agent policy's id or exact name. An
// ambiguous or unknown one is a usage error; when the policies cannot be
// read (a user without the privilege), the value is used as an id.
func (a *app) policyID(ctx context.Context, svc *fleet.Client, ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	p, err := svc.ResolvePolicy(ctx, ref)
	var (
		amb *fleet.PolicyAmbiguousError
		nf  *fleet.PolicyNotFoundError
	)
	switch {
	case errors.As(err, &amb), errors.As(err, &nf):
		return "", &usageError{fmt.Errorf("--policy: %w", err)}
	case err != nil:
		printError(a.stderr, fmt.Errorf("warning: the agent policies could not be read to match --policy by name, so it is taken as an id: %w", err))
		return ref, nil
	}
	return p.ID, nil
}
