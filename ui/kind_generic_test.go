package ui

import (
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/ui/form"
)

// Generic is a whole kind for a system with nothing of its own: name,
// id, age and status; a create form of a name and a lifetime.
func TestGenericKind(t *testing.T) {
	k := Generic("serverless")
	if k.System() != "serverless" {
		t.Fatalf("system %q", k.System())
	}
	now := time.Now()
	tok := backend.Token{ID: "k-1", Name: "ci", Created: now.Add(-2 * time.Hour)}
	cells := k.cells(tok, rowContext{now: now})
	if len(cells) != len(k.base().columns) || cells[0].Text != "ci" || cells[1].Text != "k-1" || cells[2].Text != "2h ago" {
		t.Fatalf("cells %+v", cells)
	}
	if d := k.describe(tok); d != "ci (k-1)" {
		t.Errorf("describe %q", d)
	}
	title, _, fields := k.createForm()
	f := form.New(title, "", fields, nil)
	f.SetText("name", "ci")
	f.SetText("expiration", "30d")
	if spec, probs := k.spec(f); spec.Name != "ci" || spec.Expiration != "30d" || probs != nil || title != "New serverless token" {
		t.Errorf("spec %+v %v, title %q", spec, probs, title)
	}
	if k.revokeDisabled(tok, now) != "" || k.enrollKey(tok) != "k-1" {
		t.Error("every generic token can be revoked, and has its own enroll key")
	}
}

// A kind is registered once per system, after the others, until removed.
func TestRegisterKind(t *testing.T) {
	k := Generic("fourth")
	remove := RegisterKind(k)
	if got, ok := KindOf("fourth"); !ok || got != k || Kinds()[len(Kinds())-1] != k {
		t.Fatal("a registered kind is found, last in tab order")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a second kind for one system is refused")
			}
		}()
		RegisterKind(Generic("fourth"))
	}()
	remove()
	if _, ok := KindOf("fourth"); ok || len(Kinds()) != 3 {
		t.Fatal("a removed kind is gone")
	}
}
