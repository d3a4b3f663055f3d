package ece

import (
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
)

func TestValidateSpecNamesEachField(t *testing.T) {
	got := ValidateSpec(backend.CreateSpec{Roles: []string{"wizard"}, Validity: -time.Hour})
	if len(got) != 2 || got[0].Field != "roles" || got[1].Field != "validity" {
		t.Fatalf("%+v", got)
	}
	if got := (&Client{}).ValidateSpec(backend.CreateSpec{Roles: []string{"proxy"}, Validity: time.Hour}); len(got) != 0 {
		t.Fatalf("a good spec: %+v", got)
	}
}
