package sim

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultGrammar is what a --fault SPEC looks like, for usage errors.
const FaultGrammar = `--fault 'SYSTEM METHOD PATH FAULT' (repeatable)
  SYSTEM  es, kibana, ece or fleet-server
  METHOD  GET, POST, PUT, DELETE, PATCH, HEAD, or * for any
  PATH    /exact/path, or a prefix ending in * that matches any suffix
  FAULT   status:CODE          answer CODE with the system's error body
          latency:DURATION     answer late (like 500ms or 5s)
          html:CODE            an HTML page (a proxy's) with status CODE
          plain:CODE           a text/plain page (a bare web server's) with status CODE
          commit-status:CODE   perform the request, then answer CODE with the error body
          malformed            status 200, JSON that does not parse
          {} or null           status 200, JSON with none of the answer's members
          truncated            status 200, the body stops short
          oversize             status 200, a body over 32 MiB
          reset                drop the connection, perform nothing
          commit-reset         perform the request, then drop the connection
          commit-latency:DURATION  perform the request, answer late
  example: --fault 'kibana DELETE /api/fleet/enrollment_api_keys/* html:200'`

// FaultSpec is one parsed --fault: a fault on one system's route.
type FaultSpec struct {
	System string // es, kibana, ece or fleet-server
	Route  string // "METHOD /path", as Faults.Set takes it
	Fault  Fault
}

var faultSystems = []string{"es", "kibana", "ece", "fleet-server"}

var faultMethods = []string{"*", http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead}

// ParseFaultSpec reads "SYSTEM METHOD PATH FAULT". Its errors quote
// at most a short piece of the input.
func ParseFaultSpec(spec string) (FaultSpec, error) {
	fields := strings.Fields(spec)
	if len(fields) != 4 {
		return FaultSpec{}, fmt.Errorf("%s: want 4 space-separated fields, got %d", quoteShort(spec), len(fields))
	}
	system, method, path, fault := fields[0], strings.ToUpper(fields[1]), fields[2], fields[3]
	if !slices.Contains(faultSystems, system) {
		return FaultSpec{}, fmt.Errorf("%s: unknown system %s (want %s)", quoteShort(spec), quoteShort(system), strings.Join(faultSystems, ", "))
	}
	if !slices.Contains(faultMethods, method) {
		return FaultSpec{}, fmt.Errorf("%s: unknown method %s (want %s)", quoteShort(spec), quoteShort(fields[1]), strings.Join(faultMethods, ", "))
	}
	if !strings.HasPrefix(path, "/") || strings.Contains(strings.TrimSuffix(path, "*"), "*") {
		return FaultSpec{}, fmt.Errorf("%s: the path must start with / and may hold * only at its end", quoteShort(spec))
	}
	f, err := parseFault(fault)
	if err != nil {
		return FaultSpec{}, fmt.Errorf("%s: %w", quoteShort(spec), err)
	}
	return FaultSpec{System: system, Route: method + " " + path, Fault: f}, nil
}

func parseFault(s string) (Fault, error) {
	name, arg, hasArg := strings.Cut(s, ":")
	if !hasArg {
		switch name {
		case "malformed":
			return Fault{Body: BodyMalformed}, nil
		case "{}", "null":
			return Fault{Body: Body(name)}, nil
		case "truncated":
			return Fault{Body: BodyTruncated}, nil
		case "oversize":
			return Fault{Body: BodyOversize}, nil
		case "reset":
			return Fault{Body: BodyReset}, nil
		case "commit-reset":
			return Fault{Commit: true, Body: BodyReset}, nil
		case "status", "html", "plain", "commit-status", "latency", "commit-latency":
			return Fault{}, fmt.Errorf("fault %s needs a value (%s:…)", name, name)
		}
		return Fault{}, fmt.Errorf("unknown fault %s", quoteShort(s))
	}
	switch name {
	case "status", "html", "plain", "commit-status":
		code, err := strconv.Atoi(arg)
		if err != nil || code < 100 || code > 599 {
			return Fault{}, fmt.Errorf("%s: %s is not an HTTP status (100 to 599)", name, quoteShort(arg))
		}
		switch name {
		case "html":
			return Fault{Status: code, Body: BodyHTML}, nil
		case "plain":
			return Fault{Status: code, Body: BodyPlain}, nil
		case "commit-status":
			return Fault{Status: code, Commit: true}, nil
		}
		return Fault{Status: code}, nil
	case "latency", "commit-latency":
		d, err := time.ParseDuration(arg)
		if err != nil || d <= 0 {
			return Fault{}, fmt.Errorf("%s: %s is not a positive duration (like 500ms or 5s)", name, quoteShort(arg))
		}
		return Fault{Commit: name == "commit-latency", Latency: d}, nil
	}
	return Fault{}, fmt.Errorf("unknown fault %s", quoteShort(s))
}

// ApplyFaults installs parsed faults on the Stack's simulators.
func (s *Stack) ApplyFaults(specs []FaultSpec) error {
	for _, sp := range specs {
		target := s.faultsOf(sp.System)
		if target == nil {
			return fmt.Errorf("--fault %s: this demo Stack has no %s simulator", sp.Route, sp.System)
		}
		target.Set(sp.Route, sp.Fault)
	}
	return nil
}

// faultsOf is the fault set of one system; nil when the Stack does not
// simulate it.
func (s *Stack) faultsOf(system string) *Faults {
	switch system {
	case "es":
		return &s.ES.Faults
	case "kibana":
		return &s.Fleet.Faults
	case "ece":
		return &s.ECE.Faults
	case "fleet-server":
		return &s.FleetServer.Faults
	}
	return nil
}

// quoteShort quotes user input for an error, cut to 40 bytes and with
// control characters escaped by %q.
func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(s)
}
