//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
)

// A node with HTTPS off: refused before the temporary user is made, with
// the reason (the official tool would make a token that fails later).
func TestLocalModeRefusesANodeWithoutHTTPS(t *testing.T) {
	_, dir, env := localSetup(t, "true")
	yml := filepath.Join(dir, "elasticsearch.yml")
	b, err := os.ReadFile(yml)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yml, []byte(strings.Replace(string(b), "http.ssl.enabled: true", "http.ssl.enabled: false", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	users := filepath.Join(dir, "users")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(users, old, old); err != nil {
		t.Fatal(err)
	}
	cli(t, env, "", "es", "create", "-s", "node", "--allow-plain-http").want(t, exitFailure, "HTTPS is off", "would fail later")
	if fi, err := os.Stat(users); err != nil || !fi.ModTime().Equal(old) || realmFiles(t, dir) != pristine {
		t.Fatalf("the realm was touched: %v %q", err, realmFiles(t, dir))
	}
}

// A cluster still starting: said on stderr, waited for, then the token.
func TestESCreateWaitsForAStartingCluster(t *testing.T) {
	s, env := stackEnv(t)
	// More refusals than the transport's own retries absorb.
	s.ES.Faults.Set("GET /_cluster/health", sim.Fault{Status: http.StatusServiceUnavailable, Times: 4})
	r := cli(t, env, "", "es", "create", "-s", "kibana").want(t, 0, "the cluster is not ready (starting?)")
	if !strings.HasPrefix(r.stdout, "eyJ") {
		t.Fatalf("the token after the wait: %q", r.stdout)
	}
}
