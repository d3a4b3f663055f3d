package ece

import (
	"context"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

var fuzzSeeds = []string{
	`{"tokens":[{"token_id":"a","roles":["proxy"]}]}`,
	`{"tokens":[{"token_id":"a","roles":null},{"roles":[]}]}`,
	`{"tokens":null}`, `{"tokens":{}}`,
	`{"token":"eyJ","token_id":"a"}`, `{"token":"eyJ"}`, `{}`,
	`[]`, `null`, `"x"`, `<html></html>`,
}

// FuzzList feeds any body to the list: it may fail, never panic.
func FuzzList(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	fake := simtest.NewFake(f)
	c := fakeClient(f, fake)
	f.Fuzz(func(t *testing.T, body string) {
		fake.Handle(simtest.Reply(200, body))
		list, err := c.List(context.Background())
		if err == nil && len(list) > backend.MaxTokens {
			t.Fatalf("held %d tokens", len(list))
		}
	})
}

// FuzzCreate feeds any body to a create and a delete: success only with
// the contract's fields.
func FuzzCreate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	fake := simtest.NewFake(f)
	c := fakeClient(f, fake)
	f.Fuzz(func(t *testing.T, body string) {
		fake.Handle(simtest.Reply(200, body))
		created, err := c.Create(context.Background(), backend.CreateSpec{Roles: []string{"proxy"}})
		if err == nil && (created.Token.ID == "" || created.Secret.Reveal() == "") {
			t.Fatalf("a create without token or token_id succeeded: %q", body)
		}
		_ = c.Revoke(context.Background(), "a")
	})
}
