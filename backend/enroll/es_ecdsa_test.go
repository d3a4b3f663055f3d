package enroll

import (
	"context"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// tokentui --demo's Stack hands out an ECDSA HTTP CA key: its own new
// node accepts it when told so, and says what a real node would do;
// without being told, it refuses it as a real node does.
func TestNodeTokenOfAnECDSAStack(t *testing.T) {
	clock := sim.NewFakeClock(simtest.Start)
	s, err := sim.Start(sim.Options{Seed: 5, Clock: clock, ECDSAHTTPCA: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.CA.RSA() {
		t.Fatal("the Stack's HTTP CA is RSA")
	}
	strict := demoEnv(s)
	tok, _ := esToken(t, s, clock, "node")
	var got steps
	if _, err := Run(context.Background(), strict, tok, got.add); err == nil || !strings.Contains(err.Error(), "not RSA") {
		t.Fatalf("a real node's check passed an ECDSA CA key: %v\n%s", err, got.text())
	}
	demo := strict
	demo.ECDSAHTTPCA = true
	got = nil
	if _, err := Run(context.Background(), demo, tok, got.add); err != nil {
		t.Fatalf("%v\n%s", err, got.text())
	}
	if text := got.text(); !strings.Contains(text, "with its ECDSA P-256 key (the in-process demo's; a real node needs RSA)") {
		t.Errorf("steps:\n%s", text)
	}
}

// Every other caller's Stack keeps Elasticsearch's RSA HTTP CA.
func TestStacksKeepAnRSAHTTPCAByDefault(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	if !s.CA.RSA() {
		t.Fatal("a default Stack's HTTP CA is not RSA")
	}
}
