package system

import (
	"slices"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/transport"
)

func whole(sys backend.System) Row {
	return Row{System: sys, Title: "X System", Section: string(sys), Server: "X",
		Env:  Env{URL: "X_URL", Username: "X_USER", Password: "X_PASS", APIKey: "X_KEY"},
		Hint: "set X_URL",
		New:  func(transport.Config, Settings) (backend.Service, error) { return nil, nil }}
}

func TestRegisterLookupRemove(t *testing.T) {
	remove := Register(whole("x"))
	if r, ok := Lookup("x"); !ok || r.Section != "x" {
		t.Fatalf("Lookup(x) = %+v, %v", r, ok)
	}
	if title := backend.System("x").Title(); title != "X System" {
		t.Fatalf("the row's title is the system's: %q", title)
	}
	if c := Credentials(); !slices.Contains(c, "X_PASS") || !slices.Contains(c, "X_KEY") || slices.Contains(c, "X_USER") {
		t.Fatalf("Credentials = %q", c)
	}
	remove()
	if _, ok := Lookup("x"); ok || slices.Contains(Credentials(), "X_KEY") || backend.System("x").Title() != "x" {
		t.Fatal("a removed row is gone")
	}
}

func TestRegisterRefusesARowLackingAPiece(t *testing.T) {
	for _, tc := range []struct {
		piece string
		cut   func(*Row)
	}{
		{"name", func(r *Row) { r.System = "" }},
		{"title", func(r *Row) { r.Title = "" }},
		{"config section", func(r *Row) { r.Section = "" }},
		{"server name", func(r *Row) { r.Server = "" }},
		{"URL variable", func(r *Row) { r.Env.URL = "" }},
		{"username variable", func(r *Row) { r.Env.Username = "" }},
		{"password variable", func(r *Row) { r.Env.Password = "" }},
		{"API key variable", func(r *Row) { r.Env.APIKey = "" }},
		{"hint", func(r *Row) { r.Hint = "" }},
		{"client constructor", func(r *Row) { r.New = nil }},
	} {
		r := whole("y")
		tc.cut(&r)
		if got := r.Missing(); !slices.Equal(got, []string{tc.piece}) {
			t.Errorf("without its %s: Missing = %q", tc.piece, got)
		}
		func() {
			defer func() {
				if p := recover(); p == nil || !strings.Contains(p.(string), tc.piece) {
					t.Errorf("Register without its %s: panic %v", tc.piece, p)
				}
			}()
			Register(r)
		}()
	}
	remove := Register(whole("z"))
	defer remove()
	defer func() {
		if p := recover(); p == nil {
			t.Error("a second row of one section is refused")
		}
	}()
	dup := whole("other")
	dup.Section = "z"
	Register(dup)
}
