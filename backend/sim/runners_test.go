package sim

import (
	"errors"
	"testing"
	"time"
)

func TestECERunners(t *testing.T) {
	s, clock := startStack(t)
	ece := newRaw(t, s, s.ECEURL, "ApiKey "+s.Creds.ECEAPIKey)
	const global = "/api/v1/platform/infrastructure/runners"
	const regional = "/api/v1/regions/ece-region/platform/infrastructure/runners"
	ece.do("GET", global, "").want(t, 200, `"runner_id":"192.168.44.10"`, `"roles":[{"role_name":"allocator"},{"role_name":"coordinator"},{"role_name":"director"},{"role_name":"proxy"}]`,
		`"connected":true`, `"healthy":true`, `"containers":[`, `"zone":"ece-zone-1c"`)
	ece.do("GET", regional+"/192.168.44.11", "").want(t, 200, `"public_hostname":"192.168.44.11"`, `"roles":[{"role_name":"allocator"}]`)
	a := ece.do("GET", global+"/nope", "").want(t, 404, `{"errors":[{"code":"runners.runner_not_found"`)
	if a.header.Get("x-cloud-error-codes") != "runners.runner_not_found" {
		t.Fatal("no x-cloud-error-codes header")
	}
	newRaw(t, s, s.ECEURL, "ApiKey wrong").do("GET", global, "").want(t, 401)

	// A host installed with a valid persistent token joins with its roles,
	// or a subset asked for; a role the token lacks is refused.
	p := ece.do("POST", "/api/v1/platform/configuration/security/enrollment-tokens", `{"persistent":true,"roles":["director","coordinator","proxy"]}`).want(t, 200).body
	r, err := s.ECE.RegisterHost(p["token"].(string), "ece-host-4")
	if err != nil || r.PublicHostname != "ece-host-4" || len(r.Roles) != 3 {
		t.Fatalf("register: %+v %v", r, err)
	}
	ece.do("GET", global+"/"+r.ID, "").want(t, 200, `"public_hostname":"ece-host-4"`, `{"role_name":"director"}`)
	if r, err := s.ECE.RegisterHost(p["token"].(string), "ece-host-5", "proxy"); err != nil || len(r.Roles) != 1 {
		t.Fatalf("subset: %+v %v", r, err)
	}
	if _, err := s.ECE.RegisterHost(p["token"].(string), "x", "allocator"); err == nil {
		t.Fatal("a role the token lacks")
	}
	// A deleted token is refused.
	ece.do("DELETE", "/api/v1/platform/configuration/security/enrollment-tokens/"+p["token_id"].(string), "").want(t, 200)
	if _, err := s.ECE.RegisterHost(p["token"].(string), "x"); !errors.Is(err, ErrRolesTokenRefused) {
		t.Fatalf("deleted token: %v", err)
	}
	// An ephemeral token works until its validity ends.
	e := ece.do("POST", "/api/v1/platform/configuration/security/enrollment-tokens", `{"persistent":false,"roles":["allocator"],"validity_in_seconds":60}`).want(t, 200).body
	if _, err := s.ECE.RegisterHost(e["token"].(string), "ece-host-6"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(61 * time.Second)
	if _, err := s.ECE.RegisterHost(e["token"].(string), "ece-host-7"); !errors.Is(err, ErrRolesTokenRefused) {
		t.Fatalf("expired token: %v", err)
	}
	if _, err := s.ECE.RegisterHost("not-a-token", "x"); !errors.Is(err, ErrRolesTokenRefused) {
		t.Fatalf("unknown token: %v", err)
	}
	if n := len(s.ECE.Runners()); n != 6 {
		t.Fatalf("%d runners, want 3 seeded + 3 registered", n)
	}
}
