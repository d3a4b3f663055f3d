package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// expirationFlags are a Fleet create's lifetime choice: --expiration D,
// --no-expiration, or the profile's default_expiration.
type expirationFlags struct {
	value string
	never bool
}

func (f *expirationFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.value, "expiration", "", "lifetime such as 30d, 24h, 90m or 60s (default: the profile's default_expiration)")
	c.Flags().BoolVar(&f.never, "no-expiration", false, "make a token that never expires (needed when no expiration is given or configured)")
	c.MarkFlagsMutuallyExclusive("expiration", "no-expiration")
}

// resolve is the expiration to send ("" = never). A token that would
// never expire without being asked for is refused: it stays valid until
// someone revokes it (kibana#281554).
func (f *expirationFlags) resolve(svc *fleet.Client) (string, error) {
	v := f.value
	if v == "" && !f.never {
		v = svc.DefaultExpiration()
	}
	if err := fleet.CheckExpiration(v); err != nil {
		return "", &usageError{err}
	}
	if v == "" && !f.never {
		return "", &usageError{errors.New("this token would never expire: give --expiration (like 30d), set default_expiration in the profile's [kibana] section, or pass --no-expiration to mean it")}
	}
	return v, nil
}

// rotateRow is a rotate's outcome in JSON: both tokens and what became of
// each.
type rotateRow struct {
	DryRun bool         `json:"dry_run"`
	New    rotateNewRow `json:"new"`
	Old    rotateOldRow `json:"old"`
	State  string       `json:"state"`
}

type rotateNewRow struct {
	APIKey   string  `json:"api_key,omitempty"` // Fleet
	ExpireAt *string `json:"expire_at"`         // Fleet: null = never expires
	ID       string  `json:"id,omitempty"`
	Name     string  `json:"name,omitempty"`
	Outcome  string  `json:"outcome"` // created, failed, unknown
	PolicyID string  `json:"policy_id,omitempty"`
	Token    string  `json:"token,omitempty"` // ECE
	Warning  string  `json:"warning,omitempty"`
}

type rotateOldRow struct {
	ID      string `json:"id"`
	Outcome string `json:"outcome"` // revoked, kept, active, not revoked, unknown
}

// expireAt is a create's expiry in JSON: null when it never expires.
func expireAt(t backend.Token) *string {
	if t.Expires.IsZero() {
		return nil
	}
	return ref(rfc3339(t.Expires))
}

// rotateOptions are a rotate's: the old token, and whether to revoke it.
type rotateOptions struct {
	ID      string
	Exp     expirationFlags // Fleet only
	Yes     bool
	KeepOld bool
	DryRun  bool
}

// register adds the flags both rotates share, with what each does to
// the old token.
func (o *rotateOptions) register(c *cobra.Command, keepOld, yes string) {
	c.Flags().BoolVar(&o.KeepOld, "keep-old", false, keepOld)
	c.Flags().BoolVarP(&o.Yes, "yes", "y", false, yes)
	addDryRun(c, &o.DryRun)
}

func newFleetRotate(a *app, runF func(*rotateOptions) error) *cobra.Command {
	opts := &rotateOptions{}
	c := &cobra.Command{
		Use:   "rotate ID [--keep-old] [--expiration D | --no-expiration] [--dry-run] [--yes]",
		Short: "Replace a token: create a new one on the same policy, then revoke the old one",
		Long: `Create a replacement on the old token's policy, named after what it
replaces, with --expiration or the profile's default_expiration; print it
as a create does; then revoke the old token (asked on a terminal, done with
--yes), or keep it active with --keep-old. A rotate that stops half way
says exactly what exists. Warns when the old token is probably ECK's or
OpenTelemetry Collectors use its policy (they lose access with the revoke).`,
		Args: cobra.ExactArgs(1),
		RunE: opts.run(runF, a.fleetRotate),
	}
	opts.Exp.register(c)
	opts.register(c, "keep the old token active (revoke it later)", "revoke the old token without asking")
	return c
}

// run is the RunE of a rotate: the old token's id goes into the options.
func (o *rotateOptions) run(runF, run func(*rotateOptions) error) func(*cobra.Command, []string) error {
	return func(_ *cobra.Command, args []string) error {
		o.ID = args[0]
		return runWith(o, runF, run)
	}
}

func (a *app) fleetRotate(o *rotateOptions) error {
	return a.withFleet(func(ctx context.Context, svc *fleet.Client) error { return a.rotateFleet(ctx, svc, o) })
}

func (a *app) rotateFleet(ctx context.Context, svc *fleet.Client, o *rotateOptions) error {
	expiration, err := o.Exp.resolve(svc)
	if err != nil {
		return err
	}
	if _, err := svc.Policies(ctx); err != nil { // names the policy; a failure leaves its id
		printError(a.stderr, fmt.Errorf("warning: the agent policies could not be read: %w", err))
	}
	old, _, err := svc.Token(ctx, o.ID)
	if err != nil {
		return err
	}
	warnings := []string{backend.ProbablyECK(old), a.collectorsWarning(ctx, svc, old)}
	return a.rotate(ctx, fleetRotation, svc, old, expiration, warnings, o)
}

// collectorsWarning counts the OpenTelemetry Collectors of the token's
// policy; a count that cannot be read is said too.
func (a *app) collectorsWarning(ctx context.Context, svc *fleet.Client, t backend.Token) string {
	n, err := svc.Collectors(ctx, t.PolicyID)
	if err != nil {
		return "the OpenTelemetry Collectors of policy " + t.PolicyID + " could not be counted (" + err.Error() + "): any of them using this token lose access with the revoke"
	}
	return backend.CollectorsWarning(n, t.PolicyID)
}

func newECERotate(a *app, runF func(*rotateOptions) error) *cobra.Command {
	opts := &rotateOptions{}
	c := &cobra.Command{
		Use:   "rotate TOKEN-ID [--keep-old] [--dry-run] [--yes]",
		Short: "Replace a persistent roles token: create one with the same roles, then delete the old one",
		Args:  cobra.ExactArgs(1),
		RunE:  opts.run(runF, a.eceRotate),
	}
	opts.register(c, "keep the old token (delete it later)", "delete the old token without asking")
	return c
}

func (a *app) eceRotate(o *rotateOptions) error {
	return withClient(a, backend.ECE, func(ctx context.Context, svc *ece.Client) error {
		tokens, err := svc.List(ctx)
		if err != nil {
			return err
		}
		for _, t := range tokens {
			if t.ID == o.ID {
				return a.rotate(ctx, eceRotation, svc, t, "", nil, o)
			}
		}
		return fmt.Errorf("no persistent roles token %s: run `tokentui ece list`", sanitize.Text(o.ID))
	})
}

// rotateWire is what a system's rotate command names of its API: the
// requests its dry run lists, and how -o json shows the new secret.
type rotateWire struct {
	create string                 // the create request
	revoke func(id string) string // the request that revokes (or deletes) a token
	// apiKey: the new secret is an API key with an expiry (Fleet: api_key
	// and expire_at in JSON); else a token (ECE: token).
	apiKey bool
}

var (
	fleetRotation = rotateWire{create: dryRunPath("POST", "/api/fleet/enrollment_api_keys"), apiKey: true,
		revoke: func(id string) string { return dryRunPath("DELETE", "/api/fleet/enrollment_api_keys/%s", id) }}
	eceRotation = rotateWire{create: dryRunPath("POST", "/api/v1/platform/configuration/security/enrollment-tokens"),
		revoke: eceDeleteRequest}
)

// eceDeleteRequest is the request that deletes an ECE token.
func eceDeleteRequest(id string) string {
	return dryRunPath("DELETE", "/api/v1/platform/configuration/security/enrollment-tokens/%s", id)
}

// rotate runs a rotate of old and prints it: the new secret on stdout (as
// a create), warnings and what exists on stderr; with -o json both tokens
// and both outcomes. w names the system's requests and secret.
func (a *app) rotate(ctx context.Context, w rotateWire, svc backend.Service, old backend.Token, expiration string, warnings []string, o *rotateOptions) error {
	yes, keepOld, dryRun := o.Yes, o.KeepOld, o.DryRun
	for _, w := range warnings {
		if w != "" {
			printError(a.stderr, fmt.Errorf("warning: %s", w))
		}
	}
	spec, err := backend.ReplacementSpec(old, expiration)
	if err != nil {
		return err
	}
	if dryRun {
		rep := dryRunReport{Requests: []string{w.create}, Tokens: []dryRunToken{planned(spec)}}
		if !keepOld {
			rep.Requests = append(rep.Requests, w.revoke(old.ID))
			rep.Tokens = append(rep.Tokens, affected("revoke", old))
		}
		return a.printDryRun(rep)
	}
	if !yes && !keepOld && !a.isTerminal() {
		return a.confirm(false, "") // refuses: the revoke needs --yes
	}
	cctx, slot := backend.WithStatusSlot(ctx)
	createStatus := 0 // the create's status: the slot then holds the revoke's
	rot := backend.Rotate(cctx, svc, old, expiration, func(created backend.Created) bool {
		createStatus = slot.Status()
		if keepOld {
			return false
		}
		if !yes { // the new token is printed first, so it is never lost
			a.printRotated(created)
			return a.confirm(false, fmt.Sprintf("Revoke the old token %s now? Whatever still uses it stops working.", sanitize.Text(old.ID))) == nil
		}
		return true
	})
	a.recordRotation(rot, cmp.Or(rot.New.Token.Name, spec.Name), createStatus, slot)
	if a.g.output == "json" {
		row := rotateRow{New: rotateNewRow{Outcome: rot.NewOutcome()}, Old: rotateOldRow{ID: old.ID, Outcome: rot.OldOutcome()}, State: rot.State()}
		if rot.Created {
			t := rot.New.Token
			row.New.ID, row.New.Name, row.New.PolicyID, row.New.Warning = t.ID, t.Name, t.PolicyID, rot.New.Warning
			if w.apiKey {
				row.New.APIKey, row.New.ExpireAt = rot.New.Secret.Reveal(), expireAt(t)
			} else {
				row.New.Token = rot.New.Secret.Reveal()
			}
		}
		if err := a.printJSON(row); err != nil {
			return err
		}
	} else if rot.Created && (yes || keepOld) {
		a.printRotated(rot.New)
	}
	if err := rot.Err(); err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	if a.g.output != "json" {
		textf(a.stderr, "tokentui: rotated: %s\n", rot.State())
	}
	return nil
}

// recordRotation appends a rotate's steps to the audit trail: the
// replacement's create (verb rotate) and, when it was tried, the old
// token's revoke, each with its outcome and the server's status.
func (a *app) recordRotation(rot backend.Rotation, name string, createStatus int, slot *backend.StatusSlot) {
	sys := rot.Old.System
	if !rot.Created {
		createStatus = slot.Status()
	}
	a.warnAudit(a.auditor().Record(sys, "rotate", rot.New.Token.ID, name, rot.CreateErr, createStatus))
	if rot.Revoked || rot.RevokeErr != nil {
		a.warnAudit(a.auditor().Record(sys, "revoke", rot.Old.ID, rot.Old.Name, rot.RevokeErr, slot.Status()))
	}
}

// printRotated prints the new token as a create does (text output).
func (a *app) printRotated(created backend.Created) {
	if created.Warning != "" {
		printError(a.stderr, fmt.Errorf("warning: %s", created.Warning))
	}
	if a.g.output != "json" {
		textf(a.stdout, "%s\n", created.Secret.Reveal())
	}
}
