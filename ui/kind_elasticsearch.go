package ui

import (
	"fmt"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/table"
)

// Elasticsearch is the kind of node and Kibana enrollment tokens. A
// revoked token is an invalidated API key, which Elasticsearch keeps; the
// UI calls it revoked, as for every system.
var Elasticsearch Kind = &esKind{kindBase{
	system: backend.Elasticsearch,
	columns: []table.Column{{Title: "KEY ID", Width: 20, Flex: true}, {Title: "SCOPE", Width: 6},
		{Title: "CREATED", Width: 8}, {Title: "EXPIRES", Width: 12}, {Title: "STATUS", Width: 10}},
	flex:          func(t backend.Token) string { return t.ID },
	zeroExpires:   "never",
	verify:        enroll.VerifyElasticsearch,
	revokeEffect:  "The token's API key is invalidated: it can no longer enroll a node or set up Kibana. Nodes and Kibana instances already enrolled keep working.",
	revokeEffects: "The tokens' API keys are invalidated: they can no longer enroll a node or set up Kibana. Nodes and Kibana instances already enrolled keep working.",
}}

type esKind struct{ kindBase }

func (*esKind) cells(tok backend.Token, rc rowContext) []table.Cell {
	exp := until(tok.Expires, rc.now)
	if tok.Status == backend.Revoked {
		exp = "–"
	}
	return []table.Cell{{Text: tok.ID}, {Text: tok.Scope}, {Text: ago(tok, rc.now)}, {Text: exp}, rc.status}
}

func (*esKind) detail(tok backend.Token) []detailRow {
	return []detailRow{{label: "Scope", value: tok.Scope}, {label: "Owner", value: tok.Owner}}
}

func (*esKind) describe(t backend.Token) string {
	return fmt.Sprintf("%s (scope %s)", t.ID, t.Scope)
}

func (*esKind) createForm() (string, string, []*form.Field) {
	scope := &form.Field{Key: "scope", Label: "Scope", Kind: form.Choice,
		Help:    "node: a new node joins the cluster · kibana: a Kibana instance connects",
		Options: []form.Option{{Label: "node", Value: "node"}, {Label: "kibana", Value: "kibana"}}}
	force := &form.Field{Key: "force", Label: "Force", Kind: form.Toggle,
		Help: "create even when the cluster health is RED (as -f)"}
	return "New Elasticsearch enrollment token",
		"An API key valid for 30 minutes, as bin/elasticsearch-create-enrollment-token makes it.",
		[]*form.Field{scope, force}
}

func (*esKind) spec(f *form.Form) (backend.CreateSpec, map[string]string) {
	return backend.CreateSpec{Scope: f.Value("scope"), Force: f.Bool("force")}, nil
}

// census: the demo cluster's nodes.
func (*esKind) census(c enroll.Census) string {
	if c.NodesErr != nil {
		return ""
	}
	return "  " + c.Cluster + ": " + backend.Plural(c.Nodes, "node", "nodes")
}

// enrollEnv: the list knows the token's scope, which the token does not say.
func (*esKind) enrollEnv(env *enroll.Env, tok backend.Token) { env.ESScope = tok.Scope }

// enrollKey: a token's enroll command depends on its scope only.
func (*esKind) enrollKey(t backend.Token) string { return t.Scope }
