package main

import (
	"strings"
	"testing"
)

// insecure from EC_INSECURE (or the config file, or ~/.ecctl) warns on a
// CLI run as --insecure does; the flag warns once, not per system.
func TestInsecureFromTheEnvironmentWarnsLikeTheFlag(t *testing.T) {
	s, full := stackEnv(t)
	env := map[string]string{"HOME": full["HOME"], "EC_HOST": s.ECEURL, "EC_API_KEY": s.Creds.ECEAPIKey, "EC_INSECURE": "1"}
	r := cli(t, env, "", "ece", "list").want(t, 0, "ROLES")
	if !strings.Contains(r.stderr, "warning: ECE: insecure is on") || !strings.Contains(r.stderr, "TLS certificates are not verified") {
		t.Fatalf("EC_INSECURE warns:\n%s", r.stderr)
	}
	r = cli(t, map[string]string{"HOME": full["HOME"]}, "", "ece", "list", "--host", s.ECEURL, "--api-key", s.Creds.ECEAPIKey, "--insecure").want(t, 0)
	if strings.Count(r.stderr, "TLS certificates are not verified") != 1 {
		t.Fatalf("--insecure warns once:\n%s", r.stderr)
	}
}
