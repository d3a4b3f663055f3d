//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"bytes"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

// localSetup makes an ES_PATH_CONF for the simulator's node: its
// elasticsearch.yml, its HTTP CA, and a file realm (users, users_roles)
// the simulator reads.
func localSetup(t *testing.T, enrollment string) (*sim.Stack, string, map[string]string) {
	t.Helper()
	s, err := sim.Start(sim.Options{Seed: 13})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	dir := t.TempDir()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(s.ESURL, "https://"))
	yml := "cluster.name: demo\nnetwork.host: 127.0.0.1\nhttp:\n  port: " + port + "\nxpack:\n  security:\n    http.ssl.enabled: true\n    enrollment.enabled: " + enrollment + "\n"
	files := map[string]string{"elasticsearch.yml": yml, "certs/http_ca.crt": string(s.CA.PEM),
		"users": "existing:$2a$10$abcdefghijklmnopqrstuv\n", "users_roles": "superuser:existing\n"}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s.Realm.SetExtraUsers(sim.FileRealm(dir))
	// No Elasticsearch credentials: local mode.
	return s, dir, map[string]string{"HOME": t.TempDir(), "ES_PATH_CONF": dir}
}

func realmFiles(t *testing.T, dir string) string {
	t.Helper()
	u, _ := os.ReadFile(filepath.Join(dir, "users"))
	r, _ := os.ReadFile(filepath.Join(dir, "users_roles"))
	return string(u) + "|" + string(r)
}

const pristine = "existing:$2a$10$abcdefghijklmnopqrstuv\n|superuser:existing\n"

func TestLocalModeAddsUsesAndRemovesTheTemporaryUser(t *testing.T) {
	s, dir, env := localSetup(t, "true")
	// Watch the realm while the command runs: the user must exist then.
	var seen string
	s.ES.Faults.Set("GET /_cluster/health", sim.Fault{Latency: 200 * time.Millisecond})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 200 && seen == ""; i++ {
			if f := realmFiles(t, dir); strings.Contains(f, "tokentui_") {
				seen = f
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	r := cli(t, env, "", "es", "create", "-s", "node").want(t, 0)
	<-done
	tok, err := elasticsearch.Decode(strings.TrimSpace(r.stdout))
	if err != nil {
		t.Fatalf("not a token: %v", err)
	}
	if !strings.Contains(seen, "superuser:tokentui_") || !strings.Contains(seen, "$2a$") {
		t.Fatalf("the temporary superuser was not in the file realm while running: %q", seen)
	}
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("the realm files were not restored:\n%q", got)
	}
	key, ok := s.Realm.KeyByID(tok.KeyID())
	if !ok || !strings.HasPrefix(key.Username, "tokentui_") || key.Realm != "default_file" {
		t.Fatalf("the key was not made by the temporary file-realm user: %+v", key)
	}
	// -E overrides elasticsearch.yml.
	cli(t, env, "", "es", "create", "-s", "kibana", "-E", "http.port=1").want(t, exitFailure, "cannot connect")
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("not restored after a failure: %q", got)
	}
}

func TestLocalModeRemovesTheUserWhenCreationFails(t *testing.T) {
	s, dir, env := localSetup(t, "true")
	s.ES.SetHealth("red")
	cli(t, env, "", "es", "create", "-s", "node").want(t, exitFailure, "RED")
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("not restored: %q", got)
	}
	s.ES.SetHealth("green")
	s.ES.Faults.Set("PUT /_security/api_key", sim.Fault{Status: 500})
	cli(t, env, "", "es", "create", "-s", "node").want(t, exitFailure, "500")
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("not restored: %q", got)
	}
}

func TestLocalModeRefusesWhenEnrollmentIsDisabled(t *testing.T) {
	s, dir, env := localSetup(t, "false")
	s.ES.Faults.Set("* /*", sim.Fault{})
	cli(t, env, "", "es", "create", "-s", "node").want(t, exitConfig, "[xpack.security.enrollment.enabled] must be set to `true`")
	if s.ES.Faults.Hits("* /*") != 0 || realmFiles(t, dir) != pristine {
		t.Fatal("nothing may be touched before the check")
	}
	cli(t, env, "", "es", "create", "-s", "node", "-E", "xpack.security.enrollment.enabled=true").want(t, 0)
	os.Remove(filepath.Join(dir, "users"))
	cli(t, env, "", "es", "create", "-s", "node", "-E", "xpack.security.enrollment.enabled=true").want(t, exitFailure, "File realm configuration file")
}

// A signal in the middle of a run still removes the user: the CLI runs in
// a child process (this test binary, see TestMain) and gets SIGTERM while
// it waits on a slow cluster.
func TestLocalModeRemovesTheUserOnSignal(t *testing.T) {
	s, dir, env := localSetup(t, "true")
	s.ES.Faults.Set("GET /_cluster/health", sim.Fault{Latency: 20 * time.Second})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TOKENTUI_TEST_MAIN=1", "TOKENTUI_TEST_ARGS=es\ncreate\n-s\nnode",
		"ES_PATH_CONF="+env["ES_PATH_CONF"], "HOME="+env["HOME"],
		"ELASTICSEARCH_URL=", "KIBANA_URL=", "EC_HOST=", "TOKENTUI_CONFIG=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(realmFiles(t, dir), "tokentui_") || s.ES.Faults.Hits("GET /_cluster/health") == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child never added its user or reached the cluster; stderr: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 143 {
		t.Fatalf("exit: %v; stderr: %s", err, stderr.String())
	}
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("the user survived the signal: %q", got)
	}
}

// A node whose HTTP TLS is configured with PEM files (no keystore, no
// certs/http_ca.crt) works: the CA comes from certificate_authorities
// (relative to the config directory, or absolute; an unrelated CA in the
// list is not the token's fingerprint).
func TestLocalModeWithPEMConfiguredTLS(t *testing.T) {
	s, dir, env := localSetup(t, "true")
	other, err := sim.NewCA("unrelated CA")
	if err != nil {
		t.Fatal(err)
	}
	otherPath := filepath.Join(t.TempDir(), "other.pem")
	if err := os.WriteFile(otherPath, other.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "certs", "http_ca.crt"), filepath.Join(dir, "certs", "ca.pem")); err != nil {
		t.Fatal(err)
	}
	yml, _ := os.ReadFile(filepath.Join(dir, "elasticsearch.yml"))
	yml = append(yml, []byte("xpack.security.http.ssl.certificate: certs/node.crt\nxpack.security.http.ssl.key: certs/node.key\n"+
		"xpack.security.http.ssl.certificate_authorities: [ \""+otherPath+"\", \"certs/ca.pem\" ]\n")...)
	if err := os.WriteFile(filepath.Join(dir, "elasticsearch.yml"), yml, 0o600); err != nil {
		t.Fatal(err)
	}
	r := cli(t, env, "", "es", "create", "-s", "kibana").want(t, 0)
	tok, err := elasticsearch.Decode(strings.TrimSpace(r.stdout))
	if err != nil {
		t.Fatalf("not a token: %v", err)
	}
	if want := transport.Fingerprint(s.CA.Cert); tok.Fingerprint != want {
		t.Fatalf("fgr %s, want the HTTP CA's %s", tok.Fingerprint, want)
	}
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("not restored: %q", got)
	}
}
