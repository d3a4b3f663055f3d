package transport

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

type testPage struct {
	Items []map[string]any `json:"items"`
	Total int              `json:"total"`
}

func (p *testPage) JSONMembers() map[string]any {
	return map[string]any{"items": &p.Items, "total": &p.Total}
}

func TestDecodeMembersMatchesUnmarshal(t *testing.T) {
	for _, body := range []string{
		`{"list":[{"id":"a"}],"items":[{"id":"a","n":1.5e3,"ok":true,"x":null}],"total":1,"page":1}`,
		`  {"items":[],"total":0}  ` + "\n",
		`{"total":2,"items":[{"name":"br]ack{e}t \"quoted\" \\"},{"u":"\u00e9\ud83d\ude00"}],"list":[{"s":"}]"}]}`,
		`{"list":{"deep":[[[{"a":[1,2,{"b":"\\\""}]}]]]},"items":[{"id":"z"}],"total":1}`,
		`{}`,
		`{"items":null,"total":0}`,
	} {
		var want, got testPage
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if err := decodeMembers([]byte(body), got.JSONMembers()); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got  %+v\n want %+v", body, got, want)
		}
	}
}

func TestDecodeMembersRefusesMalformed(t *testing.T) {
	for _, body := range []string{
		``,
		`[]`,
		`{"items":[{"id":"a"}],"total":1`,
		`{"items":[{"id":"a"}],"total":1}}`,
		`{"list":[{"id":"a"],"items":[],"total":0}`,
		`{"list":"unterminated,"items":[],"total":0}`,
		`{"items" [],"total":0}`,
		`{"items":[],"total":0,}`,
		`{items:[],"total":0}`,
		`{"items":[],"total":"one"}`,
		`{"items":[{"id":}],"total":0}`,
		`{"list":,"items":[]}`,
		`{"items":[]} trailing`,
		`<html>login</html>`,
	} {
		var p testPage
		if err := decodeMembers([]byte(body), p.JSONMembers()); err == nil {
			t.Errorf("%q: accepted", body)
		}
	}
}

// Through Decode, a MemberDecoder's malformed answer is the same
// KindMalformed error as any other's.
func TestDecodeUsesMembers(t *testing.T) {
	c, err := New(Config{BaseURL: "https://example.invalid"})
	if err != nil {
		t.Fatal(err)
	}
	var p testPage
	if err := c.Decode("GET", "/p", []byte(`{"list":[1,2,3],"items":[{"id":"a"}],"total":1}`), &p); err != nil || p.Total != 1 || len(p.Items) != 1 {
		t.Fatalf("%+v, %v", p, err)
	}
	err = c.Decode("GET", "/p", []byte(`<html>`), &p)
	var te *Error
	if !errors.As(err, &te) || te.Kind != KindMalformed || !strings.Contains(err.Error(), "HTML") {
		t.Fatalf("HTML answer: %v", err)
	}
}

// Whatever encoding/json accepts, decodeMembers accepts with the same
// result; nothing makes it panic.
func FuzzDecodeMembers(f *testing.F) {
	f.Add(`{"list":[{"id":"a"}],"items":[{"id":"a"}],"total":1}`)
	f.Add(`{"total":2,"items":[{"name":"br]ack{e}t \"q\" \\"}],"list":[{"s":"}]"}]}`)
	f.Add(`{"items":[],"total":0,}`)
	f.Fuzz(func(t *testing.T, body string) {
		var want, got testPage
		werr := json.Unmarshal([]byte(body), &want)
		gerr := decodeMembers([]byte(body), got.JSONMembers())
		if werr == nil && (gerr != nil || !reflect.DeepEqual(got, want)) {
			t.Fatalf("%q: got %+v, %v; want %+v", body, got, gerr, want)
		}
	})
}
