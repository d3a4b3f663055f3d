package fleet

import (
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// FuzzAnswers feeds any body to the list (tokens and agent policies), the
// create and the revoke.
func FuzzAnswers(f *testing.F) {
	fake := simtest.NewFake(f)
	simtest.FuzzService(f, fake, fakeClient(f, fake), backend.CreateSpec{PolicyID: "p"},
		`{"items":[{"id":"a","api_key":"k","active":true,"policy_id":"p","created_at":"2026-01-01T00:00:00Z"}],"total":1}`,
		`{"items":[{"id":"a"}],"total":-1}`,
		`{"items":[{"id":"a"}],"total":9223372036854775807}`,
		`{"items":[{"id":"a"},{"id":"a"}],"total":99999}`,
		`{"items":null,"total":5}`, `{"items":{}}`,
		`{"item":{"id":"a","api_key":"k","active":true,"expire_at":"garbage"},"action":"created"}`,
		`{"action":"deleted","item":{"active":false}}`)
}
