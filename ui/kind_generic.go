package ui

import (
	"fmt"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/table"
)

// Generic is the kind of a system whose tokens have nothing of their own
// beyond a name, an id and an expiry (an API key, say): its table shows
// the name, the id, the age and the status, and its create form asks a
// name and a lifetime (backend.CreateSpec's Name and Expiration). A
// revoke is what the system's Revoke does; the kind promises no more.
func Generic(sys backend.System) Kind {
	return &genericKind{kindBase{
		system: sys,
		columns: []table.Column{{Title: "NAME", Width: 16, Flex: true}, {Title: "ID", Width: 20},
			{Title: "CREATED", Width: 8}, {Title: "STATUS", Width: 10}},
		flex:          nameOrID,
		revokeEffect:  "The token is revoked: it can no longer be used.",
		revokeEffects: "The tokens are revoked: they can no longer be used.",
	}}
}

type genericKind struct{ kindBase }

func (*genericKind) cells(tok backend.Token, rc rowContext) []table.Cell {
	return []table.Cell{{Text: nameOrID(tok)}, {Text: tok.ID}, {Text: ago(tok, rc.now)}, rc.status}
}

func (*genericKind) detail(backend.Token) []detailRow { return nil }

func (*genericKind) describe(t backend.Token) string {
	return fmt.Sprintf("%s (%s)", nameOrID(t), t.ID)
}

func (k *genericKind) createForm() (string, string, []*form.Field) {
	name := form.NewText("name", "Name", "optional", "e.g. ci-runners", "")
	expiration := form.NewText("expiration", "Expiration", "30d, 24h, 90m or 60s; empty: as the system decides", "e.g. 30d", "")
	return "New " + k.system.Title() + " token", "", []*form.Field{name, expiration}
}

func (*genericKind) spec(f *form.Form) (backend.CreateSpec, map[string]string) {
	return backend.CreateSpec{Name: f.Value("name"), Expiration: f.Value("expiration")}, nil
}

func (*genericKind) enrollKey(t backend.Token) string { return t.ID }
