package fleet

import (
	"reflect"
	"strings"
	"testing"
)

// Every field of a page is among the members decoded: a field added to
// pageJSON without being named in JSONMembers would silently stay empty.
func TestPageDecodesEveryField(t *testing.T) {
	var p pageJSON
	members := p.JSONMembers()
	typ := reflect.TypeOf(p)
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		target, ok := members[name]
		if !ok {
			t.Fatalf("field %s (%q) is not decoded", typ.Field(i).Name, name)
		}
		if reflect.ValueOf(target).Pointer() != reflect.ValueOf(&p).Elem().Field(i).Addr().Pointer() {
			t.Fatalf("member %q does not point at field %s", name, typ.Field(i).Name)
		}
	}
	if len(members) != typ.NumField() {
		t.Fatalf("%d members for %d fields", len(members), typ.NumField())
	}
}
