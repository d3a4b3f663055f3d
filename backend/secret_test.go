package backend

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"strings"
	"testing"
)

func TestSecretNeverFormats(t *testing.T) {
	s := NewSecret("dG9rZW4tdmFsdWU6c2VjcmV0")
	var logged strings.Builder
	log.New(&logged, "", 0).Printf("%v %+v %#v %s %q %x", s, s, s, s, s, s)
	js, _ := json.Marshal(struct{ Token Secret }{s})
	wrapped := fmt.Errorf("failed with %v", s)
	for _, out := range []string{logged.String(), string(js), wrapped.Error(), fmt.Sprint([]Secret{s}), fmt.Sprintf("%v", struct{ S Secret }{s})} {
		if strings.Contains(out, s.Reveal()) || !strings.Contains(out, "[redacted]") {
			t.Fatalf("leaked or unmarked: %s", out)
		}
	}
	if s.Reveal() != "dG9rZW4tdmFsdWU6c2VjcmV0" || s.IsZero() || !NewSecret("").IsZero() {
		t.Fatal("Reveal/IsZero")
	}
}

func TestMask(t *testing.T) {
	long := NewSecret("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")
	if got := Mask(long, true); got != "••••••••••••••••dw==" {
		t.Fatalf("tail: %q", got)
	}
	if got := Mask(NewSecret("short"), true); strings.Contains(got, "short") || got == "" {
		t.Fatalf("short: %q", got)
	}
	cmd := "bin/kibana-setup --enrollment-token " + long.Reveal()
	if got := MaskIn(cmd, long); strings.Contains(got, long.Reveal()) || !strings.HasPrefix(got, "bin/kibana-setup --enrollment-token ••") {
		t.Fatalf("MaskIn: %q", got)
	}
}

func TestStatusAt(t *testing.T) {
	now := mustTime("2026-11-23T12:00:00Z")
	if StatusAt(true, now.Add(1), now) != Revoked || StatusAt(false, now, now) != Expired ||
		StatusAt(false, now.Add(1), now) != Active || StatusAt(false, zero, now) != Active {
		t.Fatal("StatusAt")
	}
	var su error = &SecretUnavailableError{System: Elasticsearch, ID: "k1"}
	if !strings.Contains(su.Error(), "only once") || errors.Is(su, ErrNotFound) {
		t.Fatal(su)
	}
}
