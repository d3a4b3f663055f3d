package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/table"
)

// Fleet is the kind of Fleet enrollment API keys. Fleet gives a secret
// again, and keeps a revoked token's record, inactive.
var Fleet Kind = &fleetKind{kindBase{
	system: backend.Fleet,
	columns: []table.Column{{Title: "NAME", Width: 14, Flex: true}, {Title: "POLICY", Width: 16},
		{Title: "CREATED", Width: 8}, {Title: "STATUS", Width: 10}, {Title: "SECRET", Width: 8}},
	flex:        nameOrID,
	secretAgain: true,
	zeroExpires: "never",
	agentPolicy: true,
	lifetime:    "expiration",
	// What Fleet Server does (contracts: fleet-server §9.2, §9.4): it
	// caches enrollment keys, so a revoked token may still enroll for
	// about a minute; Elastic Agents enrolled keep their own keys; OTel
	// Collectors over OpAMP authenticate with the token's own API key on
	// every connection, so they are cut off once the key cache lets go.
	revokeEffect: "New agents can no longer enroll with this token, after up to about a minute (Fleet Server caches it). " +
		"Elastic Agents already enrolled keep working; OTel Collectors connected with it over OpAMP are cut off within about 15 minutes. Fleet keeps the record, marked revoked.",
	revokedNote:   "Fleet Server may accept it for about a minute more; OTel Collectors using it are cut off when its key cache lets go",
	revokeEffects: backend.FleetRevokeEffects + " Fleet keeps their records, marked revoked.",
	// As Kibana 9.5 deletes (forceDelete): revoke if active, then remove.
	deleteActive: "An active token is revoked first: new agents can no longer enroll with it (after up to about a minute); Elastic Agents already enrolled keep working, OTel Collectors using it are cut off.",
	deleteEffect: "Each record is removed: it no longer shows in Kibana and its name can be used again.",
}}

type fleetKind struct{ kindBase }

func (*fleetKind) cells(tok backend.Token, rc rowContext) []table.Cell {
	return []table.Cell{{Text: nameOrID(tok)}, {Text: policyOf(tok)}, {Text: ago(tok, rc.now)}, rc.status, {Text: rc.secret}}
}

func policyOf(t backend.Token) string {
	if t.PolicyName != "" {
		return t.PolicyName
	}
	return t.PolicyID
}

func (*fleetKind) detail(tok backend.Token) []detailRow {
	rows := []detailRow{{label: "Policy", value: fmt.Sprintf("%s (%s)", tok.PolicyName, tok.PolicyID)}}
	if tok.Hidden {
		rows = append(rows, detailRow{label: "Hidden", value: "yes: a managed or agentless policy's token"})
	}
	return rows
}

func (*fleetKind) describe(t backend.Token) string {
	return fmt.Sprintf("%s (policy %s)", nameOrID(t), policyOf(t))
}

func (*fleetKind) createForm() (string, string, []*form.Field) {
	name := form.NewText("name", "Name", "optional; unique per policy (Fleet uses the id when empty)", "e.g. ci-runners", "")
	policy := form.NewPicker("policy", "Policy", "type to filter · ↑/↓ select · managed policies are left out", nil)
	expiration := form.NewText("expiration", "Expiration", "30d, 24h, 90m or 60s; never: the token never expires", "e.g. 30d", "")
	return "New Fleet enrollment token", "Enrolls Elastic Agents into the chosen agent policy.",
		[]*form.Field{name, policy, expiration}
}

func (*fleetKind) spec(f *form.Form) (backend.CreateSpec, map[string]string) {
	expiration := f.Value("expiration")
	if strings.EqualFold(expiration, neverExpires) {
		expiration = ""
	}
	return backend.CreateSpec{Name: f.Value("name"), PolicyID: f.Value("policy"), Expiration: expiration}, nil
}

// formOptions lists the policies a token can be made for, with their
// agent counts; managed and agentless policies are left out, as Kibana
// does.
func (*fleetKind) formOptions(svc backend.Service) *optionsLoad {
	pl, ok := svc.(backend.PolicyLister)
	return &optionsLoad{field: "policy", what: "agent policies", from: "Kibana", load: func(ctx context.Context) ([]form.Option, error) {
		if !ok {
			return nil, errors.New("this Fleet service cannot list policies")
		}
		policies, err := pl.Policies(ctx)
		if err != nil {
			return nil, err
		}
		var out []form.Option
		for _, p := range policies {
			if !p.Selectable() {
				continue
			}
			label := sanitize.Text(p.Name) // a server's text, shown in the picker
			if p.HasAgentCount {
				label += fmt.Sprintf("  (%s)", backend.Plural(p.Agents, "agent", "agents"))
			}
			out = append(out, form.Option{Label: label, Value: p.ID})
		}
		return out, nil
	}}
}

func (k *fleetKind) revokeDisabled(tok backend.Token, _ time.Time) string {
	if tok.Hidden {
		return k.describe(tok) + " belongs to a managed or agentless policy: Fleet manages its tokens, and Kibana does not revoke them from here"
	}
	return ""
}

// deleteDisabled: a hidden token is left alone, as Kibana deletes only
// with includeHidden (the CLI's --include-hidden).
func (k *fleetKind) deleteDisabled(tok backend.Token) string {
	if tok.Hidden {
		return k.describe(tok) + " belongs to a managed or agentless policy: Fleet manages its tokens (tokentui fleet delete --include-hidden deletes it)"
	}
	return ""
}

func (*fleetKind) revokeSkip(backend.Token, time.Time) string { return "managed policy" }

func (*fleetKind) enrollKey(t backend.Token) string { return t.PolicyID }

// replacement: the same policy, a name that says what it replaced, and
// the profile's default lifetime.
func (*fleetKind) replacement(spec backend.CreateSpec, expiration string) string {
	life := "expires after " + expiration
	if expiration == "" {
		life = "never expires (this profile sets no default_expiration)"
	}
	return "new: " + spec.Name + " on the same policy; it " + life
}

// neverExpires is what a user types to make a Fleet token that never
// expires; expirationChoice asks for it where the profile sets no
// default_expiration (kibana#281554: no token outlives everyone by
// accident).
const (
	neverExpires     = "never"
	expirationChoice = "choose a lifetime such as 30d, or type never (this profile sets no default_expiration)"
)
