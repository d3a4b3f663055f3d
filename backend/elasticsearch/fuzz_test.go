package elasticsearch

import (
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// FuzzAnswers feeds any body to the list, to every call of a create
// (health, node info, key) and to the invalidation.
func FuzzAnswers(f *testing.F) {
	fake := simtest.NewFake(f)
	simtest.FuzzService(f, fake, fakeClient(f, fake), backend.CreateSpec{Scope: "node", Force: true},
		`{"api_keys":[{"id":"a","name":"enrollment_token_API_key_x","creation":1,"expiration":-1,"invalidation":9223372036854775807,"role_descriptors":{"create_enrollment_token":{"cluster":["cluster:admin/xpack/security/enroll/node"]}}}]}`,
		`{"api_keys":[{"id":"a","role_descriptors":{"create_enrollment_token":null}}]}`,
		`{"status":"green","nodes":{"n":{"version":"9.1.0","http":{"bound_address":["127.0.0.1:9200","[::1]:9200","0.0.0.0:1"],"publish_address":"h/127.0.0.1:9200"}}},"id":"a","api_key":"b","name":"c"}`,
		`{"status":"red","nodes":{"n":{"version":"","http":{"bound_address":["%zz"]}}}}`,
		`{"invalidated_api_keys":["a"],"previously_invalidated_api_keys":[],"error_count":0}`,
		`{"error_count":2,"error_details":[]}`)
}
