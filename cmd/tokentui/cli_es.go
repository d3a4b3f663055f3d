package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/export"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// esRow is an enrollment token's API key in JSON, shared by list and
// create. The keys are in the order scripts have always seen
// (alphabetical); a nil field is one the command does not report.
type esRow struct {
	Created     *string `json:"created,omitempty"` // list
	Expires     string  `json:"expires"`           // "" = never
	ID          string  `json:"id"`
	Invalidated *string `json:"invalidated,omitempty"` // list: when it was revoked (Elasticsearch's key name); "" = not revoked
	Name        string  `json:"name"`
	Owner       *string `json:"owner,omitempty"` // list
	Scope       string  `json:"scope"`
	Status      *string `json:"status,omitempty"` // list
	Token       string  `json:"token,omitempty"`  // create
}

// newESRow has the fields list and create share.
func newESRow(t backend.Token) esRow {
	return esRow{Expires: rfc3339(t.Expires), ID: t.ID, Name: t.Name, Scope: t.Scope}
}

// listed adds what only the list reports.
func (r esRow) listed(t backend.Token) esRow {
	r.Created, r.Invalidated, r.Owner, r.Status = ref(rfc3339(t.Created)), ref(rfc3339(t.Revoked)), ref(t.Owner), ref(string(t.Status))
	return r
}

// inspectRow is es inspect's JSON: the token's fields (never the key's
// secret) and, with --verify, one verifyRow per address.
type inspectRow struct {
	Addresses   []string    `json:"addresses"`
	Fingerprint string      `json:"fingerprint"`
	KeyID       string      `json:"key_id"`
	Valid       bool        `json:"valid"`
	Verify      []verifyRow `json:"verify,omitempty"`
	Version     string      `json:"version"`
	// Warnings (with --verify): addresses an enrolling host cannot use.
	Warnings []warningRow `json:"warnings,omitempty"`
}

type warningRow struct {
	Address string `json:"address"`
	Message string `json:"message"`
	Problem string `json:"problem"` // wildcard, loopback, certificate
}

type verifyRow struct {
	Address     string  `json:"address"`
	APIKeyOwner *string `json:"api_key_owner,omitempty"` // when ok
	Error       string  `json:"error,omitempty"`         // when not
	OK          bool    `json:"ok"`
}

func newESCommand(a *app) *cobra.Command {
	return newGroup("es", "Elasticsearch node and Kibana enrollment tokens",
		newESCreate(a, nil), withAllProfiles(a, newESList(a, nil), "id", "scope", "status", "created", "expires", "owner"), newESRevoke(a, nil), newESInspect(a, nil))
}

type esCreateOptions struct {
	Scope      string // node or kibana
	URL        string // over the configured one
	Force      bool
	Settings   []string // -E key=value, local mode
	ESPathConf string   // local mode's config directory; "" = $ES_PATH_CONF
	Enroll     enrollFlags
}

func newESCreate(a *app, runF func(*esCreateOptions) error) *cobra.Command {
	opts := &esCreateOptions{}
	c := &cobra.Command{
		Use:   "create -s node|kibana [--url URL] [-f] [-E key=value]…",
		Short: "Create an enrollment token and print it (as bin/elasticsearch-create-enrollment-token)",
		Long: `Create an enrollment token for a new node (-s node) or a Kibana instance
(-s kibana) and print only the token on stdout, as the official tool does.

With Elasticsearch credentials configured it works remotely. Without them,
when ES_PATH_CONF (or --es-path-conf) is set, it works as the official tool
on a node host: it reads elasticsearch.yml (with -E overrides) for the URL and
certs/http_ca.crt, refuses (exit 78) when xpack.security.enrollment.enabled is
not true, and adds a temporary file-realm superuser that it removes on every
exit path.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if opts.Scope != "node" && opts.Scope != "kibana" {
				//lint:ignore ST1005 worded as bin/elasticsearch-create-enrollment-token words it
				return &usageError{errors.New("The scope of this enrollment token, can only be one of [node, kibana]")}
			}
			if err := opts.Enroll.check(enrollcmd.Kind(opts.Scope)); err != nil {
				return err
			}
			return runWith(opts, runF, a.esCreate)
		},
	}
	f := c.Flags()
	f.StringVarP(&opts.Scope, "scope", "s", "", "node or kibana (required)")
	f.StringVar(&opts.URL, "url", "", "base URL of the node (overrides the configured URL)")
	f.BoolVarP(&opts.Force, "force", "f", false, "create even when the cluster health is RED")
	f.StringArrayVarP(&opts.Settings, "setting", "E", nil, "override an elasticsearch.yml setting (local mode), key=value")
	f.StringVar(&opts.ESPathConf, "es-path-conf", "", "Elasticsearch config directory for local mode (default $ES_PATH_CONF)")
	opts.Enroll.register(c, true)
	_ = c.MarkFlagRequired("scope")
	return c
}

func (a *app) esCreate(o *esCreateOptions) error {
	a.esURL = o.URL // the configuration's override, local mode's too
	esPathConf := o.ESPathConf
	if esPathConf == "" {
		esPathConf = a.getenv("ES_PATH_CONF")
	}
	cfg, err := a.configFor(backend.Elasticsearch)
	if err != nil {
		return err
	}
	if cfg.Elasticsearch == nil && esPathConf != "" {
		return a.createLocal(esPathConf, o)
	}
	if len(o.Settings) > 0 {
		fmt.Fprintln(a.stderr, "tokentui: -E applies to local mode (ES_PATH_CONF) only; ignored")
	}
	es, err := a.clientFrom(cfg, backend.Elasticsearch)
	if err != nil {
		return err
	}
	return a.createWith(es.(*elasticsearch.Client), o)
}

func (a *app) createWith(es *elasticsearch.Client, o *esCreateOptions) error {
	scope := o.Scope
	ctx, cancel := a.ctx()
	defer cancel()
	es.SetNotify(func(msg string) { fmt.Fprintln(a.stderr, "tokentui:", msg) })
	ctx, slot := backend.WithStatusSlot(ctx)
	created, err := es.Create(ctx, backend.CreateSpec{Scope: scope, Force: o.Force})
	a.recordMutation(backend.Elasticsearch, "create", created.Token.ID, created.Token.Name, err, slot)
	if err != nil {
		//lint:ignore ST1005 worded as bin/elasticsearch-create-enrollment-token words it
		return fmt.Errorf("Unable to create enrollment token for scope [%s]: %w", scope, err)
	}
	if o.Enroll.command {
		return a.printEnrollCommand(es, created.Token, created.Secret, o.Enroll)
	}
	if a.g.output == "json" {
		row := newESRow(created.Token)
		row.Scope, row.Token = scope, created.Secret.Reveal()
		return a.printJSON(row)
	}
	textf(a.stdout, "%s\n", created.Secret.Reveal())
	return nil
}

func (a *app) timeoutOr(d time.Duration) time.Duration {
	if a.g.timeout > 0 {
		return a.g.timeout
	}
	return d
}

func newESList(a *app, runF func(*noOptions) error) *cobra.Command {
	return newPlain("list", "List enrollment tokens (their API keys): active, expired and revoked", runF, a.esList)
}

func (a *app) esList(*noOptions) error {
	return withClient(a, backend.Elasticsearch, a.printESList)
}

func (a *app) printESList(ctx context.Context, es *elasticsearch.Client) error {
	tokens, err := es.List(ctx)
	if err != nil {
		return err
	}
	if a.g.output == "csv" {
		return export.TokensCSV(a.stdout, tokens)
	}
	if a.g.output == "json" {
		out := make([]esRow, 0, len(tokens))
		for _, t := range tokens {
			out = append(out, newESRow(t).listed(t))
		}
		return a.printJSON(out)
	}
	w := a.table()
	fmt.Fprintln(w, "ID\tSCOPE\tSTATUS\tCREATED\tEXPIRES\tOWNER")
	for _, t := range tokens {
		textf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, dash(t.Scope), t.Status, dash(rfc3339(t.Created)), dash(rfc3339(t.Expires)), dash(t.Owner))
	}
	return w.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func newESRevoke(a *app, runF func(*changeOptions) error) *cobra.Command {
	opts := &changeOptions{}
	c := &cobra.Command{
		Use:   "revoke ID…",
		Short: "Revoke enrollment tokens (Elasticsearch invalidates their API keys)",
		Args:  cobra.MinimumNArgs(1),
		RunE:  opts.run(runF, a.esRevoke),
	}
	opts.register(c)
	return c
}

func (a *app) esRevoke(o *changeOptions) error {
	es, err := a.es()
	if err != nil {
		return err
	}
	if o.DryRun {
		return a.dryRunOn(es, "revoke", o.IDs, func(id string) string {
			return dryRunPath("DELETE", "/_security/api_key {\"ids\":[%q]}", id)
		})
	}
	if err := a.confirm(o.Yes, fmt.Sprintf("Revoke %d enrollment token(s) (%s)? They can no longer enroll anything.", len(o.IDs), sanitize.Text(strings.Join(o.IDs, ", ")))); err != nil {
		return err
	}
	return a.revokeEach(backend.Elasticsearch, o.IDs, es.Revoke, "Revoked")
}

type esInspectOptions struct {
	Token  string // the argument: a token, or - for stdin
	Verify bool
}

func newESInspect(a *app, runF func(*esInspectOptions) error) *cobra.Command {
	opts := &esInspectOptions{}
	c := &cobra.Command{
		Use:   "inspect TOKEN|-",
		Short: "Decode and validate an enrollment token (- reads it from stdin)",
		Long: `Decode an enrollment token, check it against every rule of the format, and
show its fields (never the key's secret). With --verify, prove the key
authenticates at each of the token's addresses, with the CA fingerprint
pinned as the consumers pin it, and warn about addresses an enrolling host
cannot use: wildcards (0.0.0.0), loopback-only addresses, and addresses the
node's certificate does not name (Kibana verifies host names after
enrolling).`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Token = args[0]
			return runWith(opts, runF, a.esInspect)
		},
	}
	c.Flags().BoolVar(&opts.Verify, "verify", false, "prove the key authenticates at the token's addresses")
	return c
}

func (a *app) esInspect(o *esInspectOptions) error {
	verify := o.Verify
	if err := a.checkOutput(); err != nil {
		return err
	}
	raw, err := a.readArg(o.Token)
	if err != nil {
		return err
	}
	tok, err := elasticsearch.Decode(raw)
	if err != nil {
		return err
	}
	var (
		results  []elasticsearch.VerifyResult
		warnings []elasticsearch.AddressWarning
	)
	if verify {
		ctx, cancel := a.ctx()
		defer cancel()
		results = elasticsearch.Verify(ctx, tok, a.timeoutOr(10*time.Second))
		leafs := map[string]*x509.Certificate{}
		for _, r := range results {
			leafs[r.Address] = r.Leaf
		}
		warnings = elasticsearch.AddressWarnings(tok.Addresses, leafs)
	}
	ok := !verify
	for _, r := range results {
		ok = ok || r.Err == nil
	}
	if a.g.output == "json" {
		out := inspectRow{Addresses: tok.Addresses, Fingerprint: tok.Fingerprint, KeyID: tok.KeyID(), Valid: true, Version: tok.Version}
		for _, r := range results {
			v := verifyRow{Address: r.Address, OK: r.Err == nil}
			if r.Err != nil {
				v.Error = r.Err.Error()
			} else {
				v.APIKeyOwner = ref(r.Whoami.Username)
			}
			out.Verify = append(out.Verify, v)
		}
		for _, w := range warnings {
			out.Warnings = append(out.Warnings, warningRow{Address: w.Address, Message: w.Message, Problem: w.Problem})
		}
		if err := a.printJSON(out); err != nil {
			return err
		}
	} else {
		w := a.table()
		fmt.Fprintf(w, "Valid\tyes (every rule of the format holds)\n")
		textf(w, "Version\t%s\n", tok.Version)
		textf(w, "Addresses\t%s\n", strings.Join(tok.Addresses, ", "))
		textf(w, "CA fingerprint\t%s\n", tok.Fingerprint)
		textf(w, "API key id\t%s\n", tok.KeyID())
		fmt.Fprintf(w, "API key\t(secret, not shown)\n")
		for _, r := range results {
			if r.Err != nil {
				textf(w, "Verify %s\tFAILED: %s\n", r.Address, r.Err)
			} else {
				textf(w, "Verify %s\tok: the key authenticates (owner %s)\n", r.Address, r.Whoami.Username)
			}
		}
		for _, warn := range warnings {
			textf(w, "Warning %s\t%s: %s\n", warn.Address, warn.Problem, warn.Message)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if !ok {
		return errors.New("the token's key authenticates at none of its addresses")
	}
	return nil
}

// revokeEach revokes every id, going on after a failure; it fails if any
// failed. With -o json it prints one array, one outcomeRow per id,
// failures included. Each revoke is one audit trail entry.
func (a *app) revokeEach(sys backend.System, ids []string, revoke func(context.Context, string) error, done string) error {
	ctx, cancel := a.ctx()
	defer cancel()
	failed := 0
	rows := make([]outcomeRow, 0, len(ids))
	for _, id := range ids {
		rctx, slot := backend.WithStatusSlot(ctx)
		err := revoke(rctx, id)
		a.recordMutation(sys, "revoke", id, "", err, slot)
		row := outcomeRow{ID: id, Outcome: revokeOutcome(err)}
		if err != nil {
			failed++
			row.Reason = err.Error()
			if !strings.Contains(err.Error(), id) { // say the id once
				err = fmt.Errorf("%s: %w", id, err)
			}
			if a.g.output != "json" {
				printError(a.stderr, err)
			}
		} else if a.g.output != "json" {
			textf(a.stdout, "%s %s\n", done, id)
		}
		rows = append(rows, row)
	}
	if a.g.output == "json" {
		if err := a.printJSON(rows); err != nil {
			return err
		}
	}
	if failed > 0 {
		return &exitError{code: exitFailure, err: fmt.Errorf("%d of %d failed", failed, len(ids))}
	}
	return nil
}
