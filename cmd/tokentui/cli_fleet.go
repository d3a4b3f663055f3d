package main

import (
	"cmp"
	"fmt"
	"strings"
	"text/tabwriter"

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
	w := tabwriter.NewWriter(a.stdout, 2, 4, 3, ' ', 0)
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
	c := &cobra.Command{
		Use:   "fleet",
		Short: "Fleet enrollment tokens (Kibana → Fleet → Enrollment tokens)",
		Args:  cobra.NoArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(withAllProfiles(a, newFleetList(a)), newFleetCreate(a), newFleetShow(a), newFleetRevoke(a), newFleetDelete(a), newFleetPurge(a), newFleetPolicies(a), newFleetRotate(a))
	return c
}

func newFleetList(a *app) *cobra.Command {
	var kuery, policy string
	var all bool
	c := &cobra.Command{
		Use:   "list [--kuery K] [--policy P] [--all]",
		Short: "List tokens (active ones of selectable policies, unless --all); never their secrets",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			svc, err := a.fleet()
			if err != nil {
				return err
			}
			ctx, cancel := a.ctx()
			defer cancel()
			stop := a.progress("listing Fleet tokens")
			tokens, err := a.filteredTokens(ctx, svc, kuery, policy)
			stop()
			if err != nil {
				return err
			}
			shown := tokens[:0] // filtered in place: lists can be long
			for _, t := range tokens {
				if all || (t.Status == backend.Active && !t.Hidden) {
					shown = append(shown, t)
				}
			}
			return a.printFleetTokens(shown)
		},
	}
	c.Flags().StringVar(&kuery, "kuery", "", `KQL filter over the tokens, e.g. 'name:ci*'`)
	c.Flags().StringVar(&policy, "policy", "", "only tokens of this agent policy (its id or exact name)")
	c.Flags().BoolVar(&all, "all", false, "also revoked and expired tokens, and those of managed policies")
	return c
}

func newFleetCreate(a *app) *cobra.Command {
	var (
		spec   backend.CreateSpec
		exp    expirationFlags
		dryRun bool
	)
	c := &cobra.Command{
		Use:   "create --policy P [--name N] [--expiration D | --no-expiration] [--dry-run]",
		Short: "Create a token for an agent policy and print it",
		Long: `Create a Fleet enrollment token for an agent policy and print it. Its
lifetime is --expiration, else the profile's default_expiration; a token
that never expires needs --no-expiration. A Kibana that ignores the
expiration (before 9.4.6 / 9.5.1, kibana#281324) is said loudly: that
token never expires.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := fleet.CheckExpiration(exp.value); err != nil {
				return &usageError{err}
			}
			svc, err := a.fleet()
			if err != nil {
				return err
			}
			if spec.Expiration, err = exp.resolve(svc); err != nil {
				return err
			}
			ctx, cancel := a.ctx()
			defer cancel()
			if spec.PolicyID, err = a.policyID(ctx, svc, spec.PolicyID); err != nil {
				return err
			}
			if dryRun {
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
		},
	}
	c.Flags().StringVar(&spec.PolicyID, "policy", "", "agent policy: its id or exact name (required)")
	c.Flags().StringVar(&spec.Name, "name", "", "token name, unique per policy")
	exp.register(c)
	addDryRun(c, &dryRun)
	_ = c.MarkFlagRequired("policy")
	return c
}

func newFleetShow(a *app) *cobra.Command {
	var ef enrollFlags
	c := &cobra.Command{
		Use:   "show ID [--command [--platform P]]",
		Short: "Print a token's secret, or its agent install command",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := ef.check(enrollcmd.Fleet); err != nil {
				return err
			}
			svc, err := a.fleet()
			if err != nil {
				return err
			}
			ctx, cancel := a.ctx()
			defer cancel()
			if ef.command {
				t, secret, err := svc.Token(ctx, args[0])
				if err != nil {
					return err
				}
				return a.printEnrollCommand(svc, t, secret, ef)
			}
			t, secret, err := svc.Token(ctx, args[0])
			if err != nil {
				return err
			}
			usage := a.tokenUsage(ctx, t.APIKeyID)
			if a.g.output == "json" {
				return a.printJSON(fleetRow{ID: args[0], APIKey: secret.Reveal(), Usage: &usage})
			}
			textf(a.stdout, "%s\n", secret.Reveal())
			textf(a.stderr, "%s\n", usage.Message) // stdout stays the secret alone, for scripts
			return nil
		},
	}
	ef.register(c, true)
	return c
}

func newFleetRevoke(a *app) *cobra.Command {
	var yes, dryRun bool
	c := &cobra.Command{
		Use:   "revoke ID… [--yes]",
		Short: "Revoke tokens (Fleet keeps them, inactive); enrolled Elastic Agents keep working, OTel Collectors are cut off",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, ids []string) error {
			svc, err := a.fleet()
			if err != nil {
				return err
			}
			ctx, cancel := a.ctx()
			defer cancel()
			a.warnCollectors(ctx, svc, nil, ids)
			if dryRun {
				return a.dryRunFleet(svc, "revoke", "/api/fleet/enrollment_api_keys/%s", ids)
			}
			if err := a.confirm(yes, fmt.Sprintf("Revoke %d Fleet token(s) (%s)? %s", len(ids), sanitize.Text(strings.Join(ids, ", ")), backend.FleetRevokeEffects)); err != nil {
				return err
			}
			return a.revokeEach(backend.Fleet, ids, svc.Revoke, "Revoked")
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	addDryRun(c, &dryRun)
	return c
}

func newFleetPolicies(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "policies",
		Short: "List agent policies with their agent counts",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			svc, err := a.fleet()
			if err != nil {
				return err
			}
			ctx, cancel := a.ctx()
			defer cancel()
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
			w := tabwriter.NewWriter(a.stdout, 2, 4, 3, ' ', 0)
			fmt.Fprintln(w, "ID\tNAME\tAGENTS\tMANAGED")
			for _, p := range pols {
				agents := "-"
				if p.HasAgentCount {
					agents = fmt.Sprint(p.Agents)
				}
				textf(w, "%s\t%s\t%s\t%v\n", p.ID, p.Name, agents, p.Managed)
			}
			return w.Flush()
		},
	}
}
