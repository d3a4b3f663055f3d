package main

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/export"
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
	c := newGroup("ece", "ECE roles tokens (as ecctl platform enrollment-token)",
		newECECreate(a, nil), withAllProfiles(a, newECEList(a, nil), "token_id", "roles"), newECEDelete(a, nil), newECERotate(a, nil))
	c.Long = `ECE roles tokens, as ecctl platform enrollment-token manages them, with
ecctl's connection flags, environment and configuration: flags win over
EC_HOST, EC_API_KEY, EC_USER, EC_PASS, EC_REGION, EC_INSECURE and
EC_OUTPUT, which win over the configuration (a [profiles.<name>.ece]
section of tokentui's file, else ecctl's ~/.ecctl/<EC_CONFIG or config>
.json, .toml, .yaml or .yml).

--api-key and --pass are accepted as in ecctl, but a flag's value is seen
in the process list and kept in the shell history: the environment or a
config file is safer for passwords and keys.`
	f := &a.eceFlags
	pf := c.PersistentFlags()
	pf.StringVar(&f.Host, "host", "", "ECE coordinator URL, like https://coordinator:12443 (else EC_HOST or the config)")
	pf.StringVar(&f.APIKey, "api-key", "", "ECE API key (safer: EC_API_KEY or the config; a flag shows in the process list)")
	pf.StringVar(&f.User, "user", "", "username to log in with (else EC_USER or the config)")
	pf.StringVar(&f.Pass, "pass", "", "password to log in with (safer: EC_PASS or the config; a flag shows in the process list)")
	pf.StringVar(&f.Region, "region", "", "region of the API paths (default ece-region, as ecctl)")
	pf.StringVar(&a.eceFormat, "format", "", "print each token through a Go template, as ecctl: {{.TokenID}} {{.Token}} on create, {{.TokenID}} {{.Roles}} on list")
	return c
}

type eceCreateOptions struct {
	Roles          []string
	Validity       time.Duration
	NoRoles        bool // --role "": a token without roles
	ExplicitOutput bool // -o given: it wins over the config's output (as ecctl)
	Enroll         enrollFlags
}

func newECECreate(a *app, runF func(*eceCreateOptions) error) *cobra.Command {
	opts := &eceCreateOptions{}
	c := &cobra.Command{
		Use:   "create --role ROLE [--role ROLE]… [--validity DURATION]",
		Short: "Create a roles token; persistent unless --validity is given",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			opts.ExplicitOutput = c.Flags().Changed("output")
			if opts.Validity.Seconds() > math.MaxInt32 {
				return &usageError{fmt.Errorf("invalid enrollment-token create params: validity value %d exceeds max allowed %d value in seconds", int64(opts.Validity.Seconds()), math.MaxInt32)}
			}
			if opts.Validity < 0 {
				return &usageError{errors.New("--validity must be positive (or omitted for a persistent token)")}
			}
			if err := opts.Enroll.check(enrollcmd.ECE); err != nil {
				return err
			}
			var err error
			if opts.NoRoles, err = wantsNoRoles(opts.Roles); err != nil {
				return err
			}
			if opts.NoRoles {
				opts.Roles = nil
			}
			return runWith(opts, runF, a.eceCreate)
		},
	}
	c.Flags().StringArrayVarP(&opts.Roles, "role", "r", nil, `a role of the new host: allocator, coordinator, director or proxy (repeat for several); --role "" makes a token without roles`)
	c.Flags().DurationVarP(&opts.Validity, "validity", "v", 0, "make an ephemeral token valid this long (like 2h); default: persistent")
	opts.Enroll.register(c, false)
	_ = c.MarkFlagRequired("role")
	return c
}

func (a *app) eceCreate(o *eceCreateOptions) error {
	noRoles := o.NoRoles
	spec := backend.CreateSpec{Roles: o.Roles, Validity: o.Validity, NoRoles: noRoles}
	svc, out, err := a.eceSession(o.ExplicitOutput, ecctlCreateReply{Token: ref("")})
	if err != nil {
		return err
	}
	ctx, cancel := a.ctx()
	defer cancel()
	ctx, slot := backend.WithStatusSlot(ctx)
	created, err := svc.Create(ctx, spec)
	a.recordMutation(backend.ECE, "create", created.Token.ID, "", err, slot)
	if err != nil {
		var bad *backend.InvalidInputError
		if errors.As(err, &bad) {
			return &usageError{err}
		}
		return err
	}
	if noRoles {
		fmt.Fprintln(a.stderr, "tokentui: "+noRolesNote)
	}
	if o.Enroll.command {
		return a.printEnrollCommand(svc, created.Token, created.Secret, o.Enroll)
	}
	id := created.Token.ID
	if !created.Token.Persistent {
		id = "" // ECE gives ephemeral tokens no id
	}
	switch {
	case out.json:
		row := eceRow{Token: created.Secret.Reveal()}
		if id != "" {
			row.TokenID = &id
		}
		return a.printJSON(row)
	case out.format != nil:
		reply := ecctlCreateReply{Token: ref(sanitize.Text(created.Secret.Reveal())), TokenID: sanitize.Text(id)}
		if err := a.printFormatted(out.format, reply); err != nil {
			// The token exists and is shown only now: print it plainly.
			textf(a.stdout, "%s\n", created.Secret.Reveal())
			return err
		}
		return nil
	}
	w := a.table()
	fmt.Fprintln(w, "TOKEN ID\tTOKEN")
	textf(w, "%s\t%s\n", dash(id), created.Secret.Reveal())
	return w.Flush()
}

type eceListOptions struct {
	ExplicitOutput bool // -o given: it wins over the config's output (as ecctl)
}

func newECEList(a *app, runF func(*eceListOptions) error) *cobra.Command {
	opts := &eceListOptions{}
	return &cobra.Command{
		Use:   "list",
		Short: "List the persistent roles tokens",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			opts.ExplicitOutput = c.Flags().Changed("output")
			return runWith(opts, runF, a.eceList)
		},
	}
}

func (a *app) eceList(o *eceListOptions) error {
	svc, out, err := a.eceSession(o.ExplicitOutput, ecctlListElement{Roles: []string{}, TokenID: ref("")})
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
	var listed []backend.Token
	for _, t := range tokens {
		if t.Persistent {
			rows = append(rows, newECERow(t))
			listed = append(listed, t)
		}
	}
	if a.g.output == "csv" {
		return export.TokensCSV(a.stdout, listed)
	}
	switch {
	case out.json:
		return a.printJSON(struct {
			Tokens []eceRow `json:"tokens"`
		}{rows})
	case out.format != nil:
		items := make([]any, 0, len(rows))
		for _, r := range rows {
			items = append(items, ecctlListElement{Roles: sanitizedAll(r.Roles), TokenID: ref(sanitize.Text(*r.TokenID))})
		}
		return a.printFormatted(out.format, items...)
	}
	w := a.table()
	fmt.Fprintln(w, "TOKEN ID\tROLES")
	for _, r := range rows {
		roles := "-"
		if len(r.Roles) > 0 {
			roles = strings.Join(r.Roles, " ") + " " // ecctl prints a space after each role
		}
		textf(w, "%s\t%s\n", *r.TokenID, roles)
	}
	return w.Flush()
}

// eceDeleteOptions: ece delete takes one id (ecctl's), and --force as
// well as --yes.
type eceDeleteOptions struct {
	ID          string
	Yes, DryRun bool
}

func newECEDelete(a *app, runF func(*eceDeleteOptions) error) *cobra.Command {
	opts := &eceDeleteOptions{}
	c := &cobra.Command{
		Use:   "delete TOKEN-ID",
		Short: "Delete (revoke) a persistent roles token",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if opts.ID = args[0]; strings.TrimSpace(opts.ID) == "" {
				return &usageError{errors.New("token cannot be empty")}
			}
			return runWith(opts, runF, a.eceDelete)
		},
	}
	c.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	c.Flags().BoolVar(&opts.Yes, "force", false, "the same as --yes (ecctl's name)")
	addDryRun(c, &opts.DryRun)
	return c
}

func (a *app) eceDelete(o *eceDeleteOptions) error {
	id := o.ID
	svc, err := a.ece()
	if err != nil {
		return err
	}
	if o.DryRun {
		return a.dryRunOn(svc, "delete", []string{id}, eceDeleteRequest)
	}
	if err := a.confirm(o.Yes, "Delete roles token "+sanitize.Text(id)+"? No new host can be installed with it (it may be the emergency token)."); err != nil {
		return err
	}
	ctx, cancel := a.ctx()
	defer cancel()
	ctx, slot := backend.WithStatusSlot(ctx)
	err = svc.Revoke(ctx, id)
	a.recordMutation(backend.ECE, "delete", id, "", err, slot)
	if err != nil {
		return err
	}
	if a.g.output == "json" { // one JSON document, where ecctl prints its text line
		return a.printJSON(outcomeRow{ID: id, Outcome: outcomeDeleted})
	}
	textf(a.stdout, "Token %s deleted.\n", id) // as ecctl
	return nil
}
