package fleet

import (
	"context"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

var fuzzSeeds = []string{
	`{"items":[{"id":"a","api_key":"k","active":true,"policy_id":"p","created_at":"2026-01-01T00:00:00Z"}],"total":1}`,
	`{"items":[{"id":"a"}],"total":-1}`,
	`{"items":[{"id":"a"}],"total":9223372036854775807}`,
	`{"items":[{"id":"a"},{"id":"a"}],"total":99999}`,
	`{"items":null,"total":5}`,
	`{"item":{"id":"a","api_key":"k","active":true,"expire_at":"garbage"},"action":"created"}`,
	`{"action":"deleted","item":{"active":false}}`,
	`[]`, `null`, `"x"`, `{"items":{}}`, `<html></html>`,
}

// FuzzList feeds any body to the list (tokens and agent policies): it may
// fail, never panic, and never hold more than the cap.
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

// FuzzCreate feeds any body to a create and a revoke: success only with
// the contract's fields.
func FuzzCreate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	fake := simtest.NewFake(f)
	c := fakeClient(f, fake)
	f.Fuzz(func(t *testing.T, body string) {
		fake.Handle(simtest.Reply(200, body))
		created, err := c.Create(context.Background(), backend.CreateSpec{PolicyID: "p"})
		if err == nil && (created.Token.ID == "" || created.Secret.Reveal() == "") {
			t.Fatalf("a create without id or secret succeeded: %q", body)
		}
		_ = c.Revoke(context.Background(), "a")
	})
}
