package main

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// eceRow is a roles token in JSON as ecctl writes it, shared by list
// and create: list gives roles and token_id, create the token and, for a
// persistent token, its token_id.
type eceRow struct {
	Roles   []string `json:"roles,omitzero"` // list; [] when none, never null
	Token   string   `json:"token,omitempty"`
	TokenID *string  `json:"token_id,omitempty"`
}

func newECERow(t backend.Token) eceRow {
	roles := t.Roles
	if roles == nil {
		roles = []string{}
	}
	return eceRow{Roles: roles, TokenID: ref(t.ID)}
}

func newECECommand(a *app) *cobra.Command {
	c := &cobra.Command{
		Use:   "ece",
		Short: "ECE roles tokens (as ecctl platform enrollment-token)",
		Args:  cobra.NoArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	c.AddCommand(newECECreate(a), newECEList(a), newECEDelete(a))
	return c
}

// ecctlTable writes as ecctl's text formatter: text/tabwriter with minimum
// width 2, tab width 4, padding 3, spaces.
func (a *app) ecctlTable() *tabwriter.Writer { return tabwriter.NewWriter(a.stdout, 2, 4, 3, ' ', 0) }

func newECECreate(a *app) *cobra.Command {
	var (
		roles    []string
		validity time.Duration
	)
	c := &cobra.Command{
		Use:   "create --role ROLE [--role ROLE]… [--validity DURATION]",
		Short: "Create a roles token; persistent unless --validity is given",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if validity.Seconds() > math.MaxInt32 {
				return &usageError{fmt.Errorf("invalid enrollment-token create params: validity value %d exceeds max allowed %d value in seconds", int64(validity.Seconds()), math.MaxInt32)}
			}
			if validity < 0 {
				return &usageError{errors.New("--validity must be positive (or omitted for a persistent token)")}
			}
			if err := a.enroll.check(enrollcmd.ECE); err != nil {
				return err
			}
			svc, err := a.ece()
			if err != nil {
				return err
			}
			ctx, cancel := a.ctx()
			defer cancel()
			created, err := svc.Create(ctx, backend.CreateSpec{Roles: roles, Validity: validity})
			if err != nil {
				var bad *backend.InvalidInputError
				if errors.As(err, &bad) {
					return &usageError{err}
				}
				return err
			}
			if a.enroll.command {
				return a.printEnrollCommand(svc, created.Token, created.Secret, a.enroll)
			}
			id := created.Token.ID
			if !created.Token.Persistent {
				id = "" // ECE gives ephemeral tokens no id
			}
			if a.g.output == "json" {
				row := eceRow{Token: created.Secret.Reveal()}
				if id != "" {
					row.TokenID = &id
				}
				return a.printJSON(row)
			}
			w := a.ecctlTable()
			fmt.Fprintln(w, "TOKEN ID\tTOKEN")
			textf(w, "%s\t%s\n", dash(id), created.Secret.Reveal())
			return w.Flush()
		},
	}
	c.Flags().StringArrayVarP(&roles, "role", "r", nil, "a role of the new host: allocator, coordinator, director or proxy (repeat for several)")
	c.Flags().DurationVarP(&validity, "validity", "v", 0, "make an ephemeral token valid this long (like 2h); default: persistent")
	a.enroll.register(c, false)
	_ = c.MarkFlagRequired("role")
	return c
}

func newECEList(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the persistent roles tokens",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			svc, err := a.ece()
			if err != nil {
				return err
			}
			ctx, cancel := a.ctx()
			defer cancel()
			tokens, err := svc.List(ctx)
			if err != nil {
				return err
			}
			rows := []eceRow{}
			for _, t := range tokens {
				if t.Persistent {
					rows = append(rows, newECERow(t))
				}
			}
			if a.g.output == "json" {
				return a.printJSON(struct {
					Tokens []eceRow `json:"tokens"`
				}{rows})
			}
			w := a.ecctlTable()
			fmt.Fprintln(w, "TOKEN ID\tROLES")
			for _, r := range rows {
				roles := "-"
				if len(r.Roles) > 0 {
					roles = strings.Join(r.Roles, " ") + " " // ecctl prints a space after each role
				}
				textf(w, "%s\t%s\n", *r.TokenID, roles)
			}
			return w.Flush()
		},
	}
}

func newECEDelete(a *app) *cobra.Command {
	var yes bool
	c := &cobra.Command{
		Use:   "delete TOKEN-ID",
		Short: "Delete (revoke) a persistent roles token",
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			id := args[0]
			if strings.TrimSpace(id) == "" {
				return &usageError{errors.New("token cannot be empty")}
			}
			svc, err := a.ece()
			if err != nil {
				return err
			}
			if err := a.confirm(yes, "Delete roles token "+sanitize.Text(id)+"? No new host can be installed with it (it may be the emergency token)."); err != nil {
				return err
			}
			ctx, cancel := a.ctx()
			defer cancel()
			if err := svc.Revoke(ctx, id); err != nil {
				return err
			}
			textf(a.stdout, "Token %s deleted.\n", id) // as ecctl, also with -o json
			return nil
		},
	}
	c.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return c
}
