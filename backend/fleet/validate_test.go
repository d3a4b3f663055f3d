package fleet

import (
	"testing"

	"github.com/tokentui/tokentui/backend"
)

func TestValidateSpecNamesEachField(t *testing.T) {
	got := ValidateSpec(backend.CreateSpec{PolicyID: " ", Expiration: "2 days"})
	if len(got) != 2 || got[0].Field != "policy" || got[1].Field != "expiration" {
		t.Fatalf("%+v", got)
	}
	if got := (&Client{}).ValidateSpec(backend.CreateSpec{PolicyID: "p1", Expiration: "7d"}); len(got) != 0 {
		t.Fatalf("a good spec: %+v", got)
	}
}
