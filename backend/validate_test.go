package backend

import (
	"errors"
	"fmt"
	"testing"
)

func TestProblemsKeepsFieldsAndSkipsNil(t *testing.T) {
	wrapped := fmt.Errorf("checking: %w", &InvalidInputError{Field: "roles", Reason: "choose one"})
	got := Problems(nil, wrapped, errors.New("plain"))
	if len(got) != 2 || got[0].Field != "roles" || got[0].Reason != "choose one" || got[1].Field != "" || got[1].Reason != "plain" {
		t.Fatalf("%+v", got)
	}
	if Problems(nil, nil) != nil {
		t.Fatal("no error, no problem")
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 tokens", 1: "1 token", 2: "2 tokens"} {
		if got := Plural(n, "token", "tokens"); got != want {
			t.Errorf("%d: %q", n, got)
		}
	}
}
