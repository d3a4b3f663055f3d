package simtest

import (
	"context"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

// FuzzService answers every request of a list, a create (with spec) and a
// revoke with the fuzzed body, status 200: each may fail, none may panic,
// a list never holds more than backend.MaxTokens, and a create succeeds
// only with an id and a secret. svc must be wired to fake.
func FuzzService(f *testing.F, fake *Fake, svc backend.Service, spec backend.CreateSpec, seeds ...string) {
	for _, s := range append(seeds, `[]`, `null`, `"x"`, `{}`, `<html><body>Sign in</body></html>`) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fake.Handle(Reply(200, body))
		ctx := context.Background()
		if list, err := svc.List(ctx); err == nil && len(list) > backend.MaxTokens {
			t.Fatalf("a list held %d tokens", len(list))
		}
		if created, err := svc.Create(ctx, spec); err == nil && (created.Token.ID == "" || created.Secret.Reveal() == "") {
			t.Fatalf("a create without an id or a secret succeeded: %q", body)
		}
		_ = svc.Revoke(ctx, "a")
	})
}
