package main

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/export"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// fleetRow is a Fleet token in JSON, shared by list, create and show.
// The keys are in the order scripts have always seen (alphabetical); a
// nil field is one the command does not report (show gives only the id
// and the secret).
type fleetRow struct {
	APIKey     string          `json:"api_key,omitempty"`    // create, show
	APIKeyID   *string         `json:"api_key_id,omitempty"` // list: the Elasticsearch API key behind it
	CreatedAt  *string         `json:"created_at,omitempty"` // list, create
	ExpireAt   *string         `json:"expire_at,omitempty"`  // list, create; "" = never
	Hidden     *bool           `json:"hidden,omitempty"`     // list
	ID         string          `json:"id"`
	Name       *string         `json:"name,omitempty"`        // list, create
	PolicyID   *string         `json:"policy_id,omitempty"`   // list, create
	PolicyName *string         `json:"policy_name,omitempty"` // list
	Status     *backend.Status `json:"status,omitempty"`      // list
	Usage      *usageRow       `json:"usage,omitempty"`       // show
}

// fleetCreatedRow is a create in JSON: expire_at is null when the token
// never expires (asked for, or an expiration Kibana ignored).
type fleetCreatedRow struct {
	APIKey    string  `json:"api_key"`
	CreatedAt string  `json:"created_at"`
	ExpireAt  *string `json:"expire_at"`
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	PolicyID  string  `json:"policy_id"`
}

// newFleetRow has the fields list and create share.
func newFleetRow(t backend.Token) fleetRow {
	return fleetRow{ID: t.ID, Name: ref(t.Name), PolicyID: ref(t.PolicyID),
		CreatedAt: ref(rfc3339(t.Created)), ExpireAt: ref(rfc3339(t.Expires))}
}

// listed adds what only the list reports.
func (r fleetRow) listed(t backend.Token) fleetRow {
	r.PolicyName, r.Status, r.Hidden, r.APIKeyID = ref(t.PolicyName), ref(t.Status), ref(t.Hidden), ref(t.APIKeyID)
	return r
}

// printFleetTokens prints tokens as fleet list does: a table, or JSON rows.
func (a *app) printFleetTokens(tokens []backend.Token) error {
	if a.g.output == "csv" {
		return export.TokensCSV(a.stdout, tokens)
	}
	if a.g.output == "json" {
		return printJSONRows(a, len(tokens), func(i int) fleetRow { return newFleetRow(tokens[i]).listed(tokens[i]) })
	}
	w := a.table()
	fmt.Fprintln(w, "ID\tNAME\tPOLICY\tSTATUS\tCREATED\tEXPIRES")
	for _, t := range tokens {
		textf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, dash(t.Name), dash(t.PolicyName), t.Status, rfc3339(t.Created), dash(rfc3339(t.Expires)))
	}
	return w.Flush()
}

// policyRow is an agent policy in JSON; agents is absent when Kibana
// gave no count.
type policyRow struct {
	Agentless bool   `json:"agentless"`
	Agents    *int   `json:"agents,omitempty"`
	ID        string `json:"id"`
	Managed   bool   `json:"managed"`
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
}

// ref is a pointer to a copy of v: a JSON field a row reports.
func ref[T any](v T) *T { return &v }

func newFleetCommand(a *app) *cobra.Command {
	return newGroup("fleet", "Fleet enrollment tokens (Kibana → Fleet → Enrollment tokens)",
		withAllProfiles(a, newFleetList(a, nil), "id", "name", "policy_name", "status", "created_at", "expire_at"), newFleetCreate(a, nil), newFleetShow(a, nil), newFleetRevoke(a, nil),
		newFleetDelete(a, nil), newFleetPurge(a, nil), newFleetPolicies(a, nil), newFleetRotate(a, nil))
}

// tokenFilter is --kuery and --policy, shared by fleet list and purge.
type tokenFilter struct {
	Kuery  string
	Policy string // an id or an exact name
}

func (f *tokenFilter) register(c *cobra.Command) {
	c.Flags().StringVar(&f.Kuery, "kuery", "", `KQL filter over the tokens, e.g. 'name:ci*'`)
	c.Flags().StringVar(&f.Policy, "policy", "", "only tokens of this agent policy (its id or exact name)")
}

type fleetListOptions struct {
	Filter tokenFilter
	All    bool
}

func newFleetList(a *app, runF func(*fleetListOptions) error) *cobra.Command {
	opts := &fleetListOptions{}
	c := &cobra.Command{
		Use:   "list [--kuery K] [--policy P] [--all]",
		Short: "List tokens (active ones of selectable policies, unless --all); never their secrets",
		Args:  cobra.NoArgs,
		RunE:  func(*cobra.Command, []string) error { return runWith(opts, runF, a.fleetList) },
	}
	opts.Filter.register(c)
	c.Flags().BoolVar(&opts.All, "all", false, "also revoked and expired tokens, and those of managed policies")
	return c
}

func (a *app) fleetList(o *fleetListOptions) error {
	return a.withFleet(func(ctx context.Context, svc *fleet.Client) error {
		tokens, err := a.listFiltered(ctx, svc, o.Filter)
		if err != nil {
			return err
		}
		shown := tokens[:0] // filtered in place: lists can be long
		for _, t := range tokens {
			if o.All || (t.Status == backend.Active && !t.Hidden) {
				shown = append(shown, t)
			}
		}
		return a.printFleetTokens(shown)
	})
}

type fleetCreateOptions struct {
	Spec   backend.CreateSpec // PolicyID (an id or a name) and Name
	Exp    expirationFlags
	DryRun bool
}

func newFleetCreate(a *app, runF func(*fleetCreateOptions) error) *cobra.Command {
	opts := &fleetCreateOptions{}
	c := &cobra.Command{
		Use:   "create --policy P [--name N] [--expiration D | --no-expiration] [--dry-run]",
		Short: "Create a token for an agent policy and print it",
		Long: `Create a Fleet enrollment token for an agent policy and print it. Its
lifetime is --expiration, else the profile's default_expiration; a token
that never expires needs --no-expiration. A Kibana that ignores the
expiration (before 9.4.6 / 9.5.1, kibana#281324) is said loudly: that
token never expires.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := fleet.CheckExpiration(opts.Exp.value); err != nil {
				return &usageError{err}
			}
			return runWith(opts, runF, a.fleetCreate)
		},
	}
	c.Flags().StringVar(&opts.Spec.PolicyID, "policy", "", "agent policy: its id or exact name (required)")
	c.Flags().StringVar(&opts.Spec.Name, "name", "", "token name, unique per policy")
	opts.Exp.register(c)
	addDryRun(c, &opts.DryRun)
	_ = c.MarkFlagRequired("policy")
	return c
}

func (a *app) fleetCreate(o *fleetCreateOptions) error {
	return a.withFleet(func(ctx context.Context, svc *fleet.Client) error { return a.createFleet(ctx, svc, o.Spec, o) })
}

func (a *app) createFleet(ctx context.Context, svc *fleet.Client, spec backend.CreateSpec, o *fleetCreateOptions) error {
	var err error
	if spec.Expiration, err = o.Exp.resolve(svc); err != nil {
		return err
	}
	if spec.PolicyID, err = a.policyID(ctx, svc, spec.PolicyID); err != nil {
		return err
	}
	if o.DryRun {
		return a.printDryRun(dryRunReport{Requests: []string{dryRunPath("POST", "/api/fleet/enrollment_api_keys")},
			Tokens: []dryRunToken{planned(spec)}})
	}
	cctx, slot := backend.WithStatusSlot(ctx)
	created, err := svc.Create(cctx, spec)
	a.recordMutation(backend.Fleet, "create", created.Token.ID, cmp.Or(created.Token.Name, spec.Name), err, slot)
	if err != nil {
		return err
	}
	if created.Warning != "" {
		printError(a.stderr, fmt.Errorf("warning: %s", created.Warning))
	}
	t := created.Token
	if a.g.output == "json" {
		return a.printJSON(fleetCreatedRow{APIKey: created.Secret.Reveal(), CreatedAt: rfc3339(t.Created),
			ExpireAt: expireAt(t), ID: t.ID, Name: t.Name, PolicyID: t.PolicyID})
	}
	textf(a.stdout, "%s\n", created.Secret.Reveal())
	return nil
}

type fleetShowOptions struct {
	ID     string
	Enroll enrollFlags
}

func newFleetShow(a *app, runF func(*fleetShowOptions) error) *cobra.Command {
	opts := &fleetShowOptions{}
	c := &cobra.Command{
		Use:   "show ID [--command [--platform P]]",
		Short: "Print a token's secret, or its agent install command",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := opts.Enroll.check(enrollcmd.Fleet); err != nil {
				return err
			}
			opts.ID = args[0]
			return runWith(opts, runF, a.fleetShow)
		},
	}
	opts.Enroll.register(c, true)
	return c
}

func (a *app) fleetShow(o *fleetShowOptions) error {
	return a.withFleet(func(ctx context.Context, svc *fleet.Client) error {
		t, secret, err := svc.Token(ctx, o.ID)
		if err != nil {
			return err
		}
		if o.Enroll.command {
			return a.printEnrollCommand(svc, t, secret, o.Enroll)
		}
		usage := a.tokenUsage(ctx, t.APIKeyID)
		if a.g.output == "json" {
			return a.printJSON(fleetRow{ID: o.ID, APIKey: secret.Reveal(), Usage: &usage})
		}
		textf(a.stdout, "%s\n", secret.Reveal())
		textf(a.stderr, "%s\n", usage.Message) // stdout stays the secret alone, for scripts
		return nil
	})
}

// changeOptions are what a revoke or delete of tokens given by id takes.
type changeOptions struct {
	IDs    []string
	Yes    bool
	DryRun bool
}

// register adds --yes and --dry-run.
func (o *changeOptions) register(c *cobra.Command) {
	c.Flags().BoolVarP(&o.Yes, "yes", "y", false, "do not ask for confirmation")
	addDryRun(c, &o.DryRun)
}

func newFleetRevoke(a *app, runF func(*changeOptions) error) *cobra.Command {
	opts := &changeOptions{}
	c := &cobra.Command{
		Use:   "revoke ID… [--yes]",
		Short: "Revoke tokens (Fleet keeps them, inactive); enrolled Elastic Agents keep working, OTel Collectors are cut off",
		Args:  cobra.MinimumNArgs(1),
		RunE:  opts.run(runF, a.fleetRevoke),
	}
	opts.register(c)
	return c
}

// run is the RunE of a command taking ids: they go into the options.
func (o *changeOptions) run(runF, run func(*changeOptions) error) func(*cobra.Command, []string) error {
	return func(_ *cobra.Command, ids []string) error {
		o.IDs = ids
		return runWith(o, runF, run)
	}
}

func (a *app) fleetRevoke(o *changeOptions) error {
	return a.withFleet(func(ctx context.Context, svc *fleet.Client) error {
		a.warnCollectors(ctx, svc, nil, o.IDs)
		if o.DryRun {
			return a.dryRunFleet(svc, "revoke", "/api/fleet/enrollment_api_keys/%s", o.IDs)
		}
		if err := a.confirm(o.Yes, fmt.Sprintf("Revoke %d Fleet token(s) (%s)? %s", len(o.IDs), sanitize.Text(strings.Join(o.IDs, ", ")), backend.FleetRevokeEffects)); err != nil {
			return err
		}
		return a.revokeEach(backend.Fleet, o.IDs, svc.Revoke, "Revoked")
	})
}

func newFleetPolicies(a *app, runF func(*noOptions) error) *cobra.Command {
	return newPlain("policies", "List agent policies with their agent counts", runF, a.fleetPolicies)
}

func (a *app) fleetPolicies(*noOptions) error {
	return a.withFleet(func(ctx context.Context, svc *fleet.Client) error {
		pols, err := svc.Policies(ctx)
		if err != nil {
			return err
		}
		if a.g.output == "csv" {
			return a.printPoliciesCSV(pols)
		}
		if a.g.output == "json" {
			out := make([]policyRow, 0, len(pols))
			for _, p := range pols {
				row := policyRow{Agentless: p.Agentless, ID: p.ID, Managed: p.Managed, Name: p.Name, Namespace: p.Namespace}
				if p.HasAgentCount {
					row.Agents = ref(p.Agents)
				}
				out = append(out, row)
			}
			return a.printJSON(out)
		}
		w := a.table()
		fmt.Fprintln(w, "ID\tNAME\tAGENTS\tMANAGED")
		for _, p := range pols {
			agents := "-"
			if p.HasAgentCount {
				agents = fmt.Sprint(p.Agents)
			}
			textf(w, "%s\t%s\t%s\t%v\n", p.ID, p.Name, agents, p.Managed)
		}
		return w.Flush()
	})
}

// withFleet runs fn with the Fleet client and the command's context.
func (a *app) withFleet(fn func(context.Context, *fleet.Client) error) error {
	return withClient(a, backend.Fleet, fn)
}
