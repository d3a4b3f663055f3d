package sim

import (
	"strings"
	"testing"
	"time"
)

func TestParseFaultSpec(t *testing.T) {
	good := []struct {
		spec string
		want FaultSpec
	}{
		{"kibana DELETE /api/fleet/enrollment_api_keys/* html:200",
			FaultSpec{"kibana", "DELETE /api/fleet/enrollment_api_keys/*", Fault{Status: 200, Body: BodyHTML}}},
		{"kibana GET /api/fleet/enrollment_api_keys/* plain:404",
			FaultSpec{"kibana", "GET /api/fleet/enrollment_api_keys/*", Fault{Status: 404, Body: BodyPlain}}},
		{"kibana POST /api/fleet/enrollment_api_keys commit-status:500",
			FaultSpec{"kibana", "POST /api/fleet/enrollment_api_keys", Fault{Status: 500, Commit: true}}},
		{"es GET /_security/api_key {}", FaultSpec{"es", "GET /_security/api_key", Fault{Body: BodyEmpty}}},
		{"kibana GET /api/fleet/enrollment_api_keys null", FaultSpec{"kibana", "GET /api/fleet/enrollment_api_keys", Fault{Body: BodyNull}}},
		{"es GET /_security/api_key status:503", FaultSpec{"es", "GET /_security/api_key", Fault{Status: 503}}},
		{"ece * /api/v1/* latency:2s", FaultSpec{"ece", "* /api/v1/*", Fault{Latency: 2 * time.Second}}},
		{"  es   post  /_security/enroll/node   malformed ", FaultSpec{"es", "POST /_security/enroll/node", Fault{Body: BodyMalformed}}},
		{"kibana GET /api/fleet/agent_policies truncated", FaultSpec{"kibana", "GET /api/fleet/agent_policies", Fault{Body: BodyTruncated}}},
		{"kibana GET /api/fleet/enrollment_api_keys oversize", FaultSpec{"kibana", "GET /api/fleet/enrollment_api_keys", Fault{Body: BodyOversize}}},
		{"ece POST /api/v1/platform/configuration/security/enrollment-tokens reset",
			FaultSpec{"ece", "POST /api/v1/platform/configuration/security/enrollment-tokens", Fault{Body: BodyReset}}},
		{"kibana POST /api/fleet/enrollment_api_keys commit-reset",
			FaultSpec{"kibana", "POST /api/fleet/enrollment_api_keys", Fault{Commit: true, Body: BodyReset}}},
		{"es DELETE /_security/api_key commit-latency:1m",
			FaultSpec{"es", "DELETE /_security/api_key", Fault{Commit: true, Latency: time.Minute}}},
		{"fleet-server POST /api/fleet/agents/enroll status:401",
			FaultSpec{"fleet-server", "POST /api/fleet/agents/enroll", Fault{Status: 401}}},
	}
	for _, c := range good {
		got, err := ParseFaultSpec(c.spec)
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		if got != c.want {
			t.Errorf("%q = %+v, want %+v", c.spec, got, c.want)
		}
	}
	bad := []struct{ spec, why string }{
		{"", "4 space-separated fields"},
		{"bad", "4 space-separated fields"},
		{"es GET /x status:503 extra", "4 space-separated fields"},
		{"logstash GET /x reset", "unknown system"},
		{"es FETCH /x reset", "unknown method"},
		{"es GET x reset", "must start with /"},
		{"es GET /a*b reset", "only at its end"},
		{"es GET /x status", "needs a value"},
		{"es GET /x status:abc", "not an HTTP status"},
		{"es GET /x status:99", "not an HTTP status"},
		{"es GET /x html:600", "not an HTTP status"},
		{"es GET /x latency:fast", "not a positive duration"},
		{"es GET /x latency:-1s", "not a positive duration"},
		{"es GET /x commit-latency:0s", "not a positive duration"},
		{"es GET /x explode", "unknown fault"},
		{"es GET /x reset:now", "unknown fault"},
		{"es GET /x \x1b]52;c;aGk=\x07", "unknown fault"},
	}
	for _, c := range bad {
		_, err := ParseFaultSpec(c.spec)
		if err == nil || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%q: error %v, want one saying %q", c.spec, err, c.why)
			continue
		}
		if strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("%q: the error holds a raw ESC: %q", c.spec, err)
		}
	}
	long := "es GET /" + strings.Repeat("x", 500) + " reset:now"
	if _, err := ParseFaultSpec(long); err == nil || len(err.Error()) > 200 {
		t.Errorf("a long spec is echoed whole: %v", err)
	}
}

func TestApplyFaults(t *testing.T) {
	s, err := Start(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	specs := []FaultSpec{}
	for _, spec := range []string{"es GET /x status:503", "kibana GET /y reset", "ece GET /z malformed"} {
		sp, err := ParseFaultSpec(spec)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, sp)
	}
	if err := s.ApplyFaults(specs); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		f      *Faults
		method string
		path   string
	}{{&s.ES.Faults, "GET", "/x"}, {&s.Fleet.Faults, "GET", "/y"}, {&s.ECE.Faults, "GET", "/z"}} {
		if _, f := c.f.take(c.method, c.path); f == nil {
			t.Errorf("no fault on %s %s", c.method, c.path)
		}
	}
	fs, _ := ParseFaultSpec("fleet-server POST /api/fleet/agents/enroll reset")
	if err := s.ApplyFaults([]FaultSpec{fs}); err != nil {
		t.Fatal(err)
	}
	if _, f := s.FleetServer.Faults.take("POST", "/api/fleet/agents/enroll"); f == nil || f.Body != BodyReset {
		t.Errorf("no fault on the Fleet Server's enroll route: %+v", f)
	}
}
