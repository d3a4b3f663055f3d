package elasticsearch

import (
	"context"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

var fuzzSeeds = []string{
	`{"api_keys":[{"id":"a","name":"enrollment_token_API_key_x","creation":1,"expiration":-1,"invalidation":9223372036854775807,"role_descriptors":{"create_enrollment_token":{"cluster":["cluster:admin/xpack/security/enroll/node"]}}}]}`,
	`{"api_keys":[{"id":"a","role_descriptors":{"create_enrollment_token":null}}]}`,
	`{"status":"green","nodes":{"n":{"version":"9.1.0","http":{"bound_address":["127.0.0.1:9200","[::1]:9200","0.0.0.0:1"],"publish_address":"h/127.0.0.1:9200"}}},"id":"a","api_key":"b","name":"c"}`,
	`{"status":"red","nodes":{"n":{"version":"","http":{"bound_address":["%zz"]}}}}`,
	`{"invalidated_api_keys":["a"],"previously_invalidated_api_keys":[],"error_count":0}`,
	`{"error_count":2,"error_details":[]}`,
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

// FuzzCreate feeds any body to every call of a create, and to a revoke:
// success only with the contract's fields.
func FuzzCreate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	fake := simtest.NewFake(f)
	c := fakeClient(f, fake)
	f.Fuzz(func(t *testing.T, body string) {
		fake.Handle(simtest.Reply(200, body))
		created, err := c.Create(context.Background(), backend.CreateSpec{Scope: "node", Force: true})
		if err == nil && (created.Token.ID == "" || created.Secret.Reveal() == "") {
			t.Fatalf("a create without id or api_key succeeded: %q", body)
		}
		_ = c.Revoke(context.Background(), "a")
	})
}
