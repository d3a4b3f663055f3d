package fleet

import (
	"context"
	"net/http"
	"testing"
	"unsafe"

	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// A listed token holds one copy of each string: its id is read from its
// stored name "<name> (<id>)", and every token of a policy shares one
// policy id. 100,000 tokens otherwise hold 200,000 strings more.
func TestListKeepsOneCopyOfEachString(t *testing.T) {
	f := simtest.NewFake(t)
	c := fakeClient(t, f)
	f.Handle(simtest.Routes(map[string]http.HandlerFunc{
		"GET /api/fleet/enrollment_api_keys": simtest.Reply(200, `{"items":[
			{"id":"a1","api_key":"k-a1-secret","name":"ci (a1)","active":true,"policy_id":"pol-1","created_at":"2026-01-01T00:00:02Z"},
			{"id":"b2","api_key":"k-b2-secret","name":"b2","active":true,"policy_id":"pol-1","created_at":"2026-01-01T00:00:01Z"},
			{"id":"c3","api_key":"k-c3-secret","name":"other name","active":true,"policy_id":"pol-2","created_at":"2026-01-01T00:00:00Z"}],"total":3}`),
		"GET /api/fleet/agent_policies": simtest.Reply(200, `{"items":[],"total":0}`),
	}))
	list, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].ID != "a1" || list[0].Name != "ci" || list[1].ID != "b2" || list[1].Name != "b2" || list[2].ID != "c3" {
		t.Fatalf("listed %+v", list)
	}
	within := func(sub, s string) bool {
		p, b := uintptr(unsafe.Pointer(unsafe.StringData(sub))), uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return p >= b && p+uintptr(len(sub)) <= b+uintptr(len(s))
	}
	if !within(list[0].ID, list[0].StoredName) || !within(list[1].ID, list[1].StoredName) {
		t.Error("the id is a second copy of what the stored name holds")
	}
	if unsafe.StringData(list[0].PolicyID) != unsafe.StringData(list[1].PolicyID) {
		t.Error("two tokens of one policy hold two copies of its id")
	}
}
