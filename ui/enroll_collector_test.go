package ui

import (
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

// With the OTel Collector platform shown (o/O), E enrolls a collector
// over OpAMP (backend/enroll's collector flow) instead of an
// Elastic Agent, step by step in the panel; Fleet then counts it.
func TestEnrollCollectorWhenTheOTelPlatformIsShown(t *testing.T) {
	s, clock := simtest.NewStack(t, 21, 0)
	h := demoHarness(t, s, clock, true)
	selectLinuxServers(h)
	h.mustShow("42 agents in the policy")
	tok, _ := h.m.current().selected()
	if h.m.collectorChosen(h.m.active, tok) {
		t.Fatal("the default platform enrolls a collector")
	}
	for range 20 {
		if h.m.collectorChosen(h.m.active, tok) {
			break
		}
		h.keys("o")
	}
	e := h.m.current().enroll[h.m.current().kind.enrollKey(tok)]
	if e == nil || e.platform != enrollcmd.OTel {
		t.Fatalf("o never showed the OTel platform: %+v", e)
	}
	h.mustShow("E enrolls a collector") // the toast says what E now does
	h.keys("E")
	h.mustShow("Enroll an OTel Collector (OpAMP) with", "✓ POST", "as OTel Collector", "✓ Kibana's view: Kibana lists the collector in policy",
		"1 OpenTelemetry Collector(s)", "enrolled into policy", "over OpAMP")
	if strings.Contains(h.screen(), "/api/fleet/agents/enroll") {
		t.Fatalf("an Elastic Agent enrolled instead:\n%s", h.screen())
	}
	h.keys("esc")
	// Kibana lists collectors among the policy's agents, and the OpAMP
	// row is read again.
	h.mustShow("43 agents in the policy", "OpAMP 1 OpenTelemetry Collector on the")
}
