package ece

import (
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// FuzzAnswers feeds any body to the list, the create and the delete.
func FuzzAnswers(f *testing.F) {
	fake := simtest.NewFake(f)
	simtest.FuzzService(f, fake, fakeClient(f, fake), backend.CreateSpec{Roles: []string{"proxy"}},
		`{"tokens":[{"token_id":"a","roles":["proxy"]}]}`,
		`{"tokens":[{"token_id":"a","roles":null},{"roles":[]}]}`,
		`{"tokens":null}`, `{"tokens":{}}`,
		`{"token":"eyJ","token_id":"a"}`, `{"token":"eyJ"}`)
}
