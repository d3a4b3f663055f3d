package fleet

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// Every field of a page is among the members decoded: a field added to
// pageJSON without being named in JSONMembers would silently stay empty.
func TestPageDecodesEveryField(t *testing.T) {
	var p pageJSON
	members := p.JSONMembers()
	typ := reflect.TypeOf(p)
	exported := 0
	for i := range typ.NumField() {
		if !typ.Field(i).IsExported() { // bookkeeping, not decoded (hasItems)
			continue
		}
		exported++
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		target, ok := members[name]
		if !ok {
			t.Fatalf("field %s (%q) is not decoded", typ.Field(i).Name, name)
		}
		if reflect.ValueOf(target).Pointer() != reflect.ValueOf(&p).Elem().Field(i).Addr().Pointer() {
			t.Fatalf("member %q does not point at field %s", name, typ.Field(i).Name)
		}
	}
	if len(members) != exported {
		t.Fatalf("%d members for %d fields", len(members), exported)
	}
}

// Pages compacted in place keep every token once, in order: a token
// shifted onto the next page, a short page in the middle and a page longer
// than asked for (which the list copies instead).
func TestListCompactsPagesInPlace(t *testing.T) {
	page := func(ids ...string) string {
		var items []string
		for _, id := range ids {
			items = append(items, fmt.Sprintf(`{"id":%q,"api_key":"k-%s","active":true,"policy_id":"p","created_at":"2026-01-01T00:00:%sZ"}`, id, id, id))
		}
		return fmt.Sprintf(`{"items":[%s],"total":8,"list":[%s]}`, strings.Join(items, ","), strings.Join(items, ","))
	}
	for _, tc := range []struct {
		name  string
		pages map[string]string
		want  string
	}{
		{"shifted and short", map[string]string{"1": page("59", "58", "57"), "2": page("57", "56"), "3": page("55", "54", "53")}, "59 58 57 56 55 54 53"},
		{"oversized", map[string]string{"1": page("59", "58", "57"), "2": page("56", "55", "54", "53", "52"), "3": page("53", "51")}, "59 58 57 56 55 54 53 52 51"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := simtest.NewFake(t)
			c := fakeClient(t, f)
			c.cfg.PageSize = 3
			f.Handle(simtest.Routes(map[string]http.HandlerFunc{
				"GET /api/fleet/enrollment_api_keys": func(w http.ResponseWriter, r *http.Request) {
					body, ok := tc.pages[r.URL.Query().Get("page")]
					if !ok {
						body = page()
					}
					simtest.Reply(200, body)(w, r)
				},
				"GET /api/fleet/agent_policies": simtest.Reply(200, `{"items":[],"total":0}`),
			}))
			list, err := c.List(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tok := range list {
				got = append(got, tok.ID)
			}
			if strings.Join(got, " ") != tc.want {
				t.Fatalf("listed %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}
}
