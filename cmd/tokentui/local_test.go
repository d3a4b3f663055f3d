//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
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

// cleanedUp fails unless the realm files are as they were and the lock
// file is gone, after what (a signal, a closed pipe).
func cleanedUp(t *testing.T, dir, what string) {
	t.Helper()
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("the user survived %s: %q", what, got)
	}
	if _, err := os.Lstat(filepath.Join(dir, "tokentui.lock")); !os.IsNotExist(err) {
		t.Fatalf("the lock survived %s: %v", what, err)
	}
}

func TestLocalModeAddsUsesAndRemovesTheTemporaryUser(t *testing.T) {
	s, dir, env := localSetup(t, "true")
	// What the realm files held when the server authenticated the
	// temporary user: recorded at that event, not by polling against a
	// clock (a busy machine once made a 2 s poll give up first).
	var mu sync.Mutex
	var seen string
	fileRealm := sim.FileRealm(dir)
	s.Realm.SetExtraUsers(func(name string) (*sim.User, bool) {
		if strings.HasPrefix(name, "tokentui_") {
			mu.Lock()
			if seen == "" {
				seen = realmFiles(t, dir)
			}
			mu.Unlock()
		}
		return fileRealm(name)
	})
	r := cli(t, env, "", "es", "create", "-s", "node").want(t, 0)
	mu.Lock()
	defer mu.Unlock()
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
	// SIGQUIT too, not only INT/TERM/HUP; each ends with the shell's code
	// 128+N.
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGQUIT, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			s, dir, env := localSetup(t, "true")
			cmd, stderr := startStuckRun(t, s, dir, env)
			_ = cmd.Process.Signal(sig)
			err := cmd.Wait()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 128+int(sig) {
				t.Fatalf("exit: %v; stderr: %s", err, stderr.String())
			}
			cleanedUp(t, dir, "the signal")
		})
	}
}

// `tokentui es create … | true`: stdout is a closed pipe when the token is
// printed; the write fails (no SIGPIPE death) and the user is removed.
func TestLocalModeRemovesTheUserWhenStdoutIsClosed(t *testing.T) {
	_, dir, env := localSetup(t, "true")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TOKENTUI_TEST_MAIN=1", "TOKENTUI_TEST_ARGS=es\ncreate\n-s\nnode",
		"ES_PATH_CONF="+env["ES_PATH_CONF"], "HOME="+env["HOME"],
		"ELASTICSEARCH_URL=", "KIBANA_URL=", "EC_HOST=", "TOKENTUI_CONFIG=")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // as `| true` does
	cmd.Stdout = w
	err = cmd.Run()
	w.Close()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == -1 {
		t.Fatalf("killed by a signal (%v): the cleanup did not run", err)
	}
	cleanedUp(t, dir, "the closed pipe")
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

// startStuckRun starts local mode in a child process (this test binary,
// see TestMain) and returns once it has added its user and waits on a
// cluster that answers its health check only after 20 s.
func startStuckRun(t *testing.T, s *sim.Stack, dir string, env map[string]string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	s.ES.Faults.Set("GET /_cluster/health", sim.Fault{Latency: 5 * time.Minute})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TOKENTUI_TEST_MAIN=1", "TOKENTUI_TEST_ARGS=es\ncreate\n-s\nnode",
		"ES_PATH_CONF="+env["ES_PATH_CONF"], "HOME="+env["HOME"],
		"ELASTICSEARCH_URL=", "KIBANA_URL=", "EC_HOST=", "TOKENTUI_CONFIG=")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(waitLimit)
	for !strings.Contains(realmFiles(t, dir), "tokentui_") || s.ES.Faults.Hits("GET /_cluster/health") == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait() // stderr is complete, and no longer written
			t.Fatalf("the child never added its user or reached the cluster; stderr: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cmd, &stderr
}

// otherGroup is a group this process may give its files: another one
// than its own when it can (root, or a supplementary group), so that a
// group lost by the rewrite shows.
func otherGroup(t *testing.T) int {
	if os.Geteuid() == 0 {
		return 4242
	}
	if groups, _ := os.Getgroups(); len(groups) > 0 {
		for _, g := range groups {
			if g != os.Getegid() {
				return g
			}
		}
	}
	return os.Getegid()
}

type fileAttrs struct {
	mode     os.FileMode
	uid, gid uint32
}

func attrsOf(t *testing.T, path string) fileAttrs {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	return fileAttrs{fi.Mode(), st.Uid, st.Gid}
}

// The realm files at root:elasticsearch 0660 (here: this user and another
// group) keep their owner, group and mode on every path, under umask 077.
func TestLocalModeKeepsOwnerGroupAndModeOfTheRealmFiles(t *testing.T) {
	s, dir, env := localSetup(t, "true")
	gid := otherGroup(t)
	want := map[string]fileAttrs{}
	for _, f := range []string{"users", "users_roles"} {
		p := filepath.Join(dir, f)
		if err := os.Chown(p, os.Geteuid(), gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o660); err != nil {
			t.Fatal(err)
		}
		want[f] = attrsOf(t, p)
	}
	old := syscall.Umask(0o077)
	t.Cleanup(func() { syscall.Umask(old) })
	check := func(when string) {
		t.Helper()
		for f, w := range want {
			if got := attrsOf(t, filepath.Join(dir, f)); got != w {
				t.Fatalf("%s: %s is %v %d:%d, was %v %d:%d", when, f, got.mode, got.uid, got.gid, w.mode, w.uid, w.gid)
			}
		}
		if got := realmFiles(t, dir); got != pristine {
			t.Fatalf("%s: not restored: %q", when, got)
		}
	}
	cli(t, env, "", "es", "create", "-s", "node").want(t, 0)
	check("after a success")
	s.ES.SetHealth("red")
	cli(t, env, "", "es", "create", "-s", "node").want(t, exitFailure, "RED")
	check("after a failure")
}

// Concurrent runs take turns (a lock next to the realm files): none loses
// another's removal, so no superuser is left behind.
func TestLocalModeConcurrentRunsLeaveNoSuperuser(t *testing.T) {
	s, dir, env := localSetup(t, "true")
	s.ES.Faults.Set("GET /_cluster/health", sim.Fault{Latency: 30 * time.Millisecond})
	const runs = 6
	results := make([]result, runs)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = cli(t, env, "", "es", "create", "-s", "node")
		}()
	}
	wg.Wait()
	waited := false
	for i, r := range results {
		if r.code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, r.code, r.stderr)
		}
		waited = waited || strings.Contains(r.stderr, "waiting")
	}
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("superusers left behind: %q", got)
	}
	if !waited {
		t.Fatal("no run said it was waiting for another")
	}
	if _, err := os.Stat(filepath.Join(dir, "tokentui.lock")); !os.IsNotExist(err) {
		t.Fatalf("the lock file stays behind: %v", err)
	}
}

// kill -9 leaves the temporary user; the next run removes it and says so.
func TestLocalModeRemovesAUserLeftByAKilledRun(t *testing.T) {
	s, dir, env := localSetup(t, "true")
	cmd, _ := startStuckRun(t, s, dir, env)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	left := realmFiles(t, dir)
	if !strings.Contains(left, "superuser:existing,tokentui_") && !strings.Contains(left, "superuser:tokentui_") {
		t.Fatalf("the killed run's user is not named as tokentui's: %q", left)
	}
	s.ES.Faults.Clear()
	cli(t, env, "", "es", "create", "-s", "node").want(t, 0, "removed the temporary user tokentui_", "no longer running")
	if got := realmFiles(t, dir); got != pristine {
		t.Fatalf("the stale user is still there: %q", got)
	}
}

// demo serve --es-path-conf makes a node config directory local mode
// works against with no credentials, and keeps an existing realm's
// content, owner, group and mode.
func TestDemoServeESPathConfServesLocalMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "conf") // missing: demo serve makes it
	serve := func() (esURL string, stop func()) {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr syncBuffer
		done := make(chan error, 1)
		go func() { done <- serveDemo(ctx, sim.Options{Seed: 1}, nil, dir, "", &stdout, &stderr) }()
		deadline := time.Now().Add(waitLimit)
		for !strings.Contains(stdout.String(), "TOKENTUI_CA_CERT=") {
			if time.Now().After(deadline) {
				cancel()
				t.Fatalf("demo serve did not start: %s", stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		for _, l := range strings.Split(stdout.String(), "\n") {
			if v, ok := strings.CutPrefix(l, "ELASTICSEARCH_URL="); ok {
				esURL = v
			}
		}
		return esURL, func() {
			cancel()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
	}
	esURL, stop := serve()
	yml, err := os.ReadFile(filepath.Join(dir, "elasticsearch.yml"))
	if err != nil {
		t.Fatal(err)
	}
	port := esURL[strings.LastIndex(esURL, ":")+1:]
	for _, want := range []string{"http.port: " + port + "\n", "xpack.security.enabled: true\n",
		"xpack.security.enrollment.enabled: true\n", "xpack.security.http.ssl.enabled: true\n"} {
		if !strings.Contains(string(yml), want) {
			t.Fatalf("elasticsearch.yml lacks %q:\n%s", want, yml)
		}
	}
	env := map[string]string{"HOME": t.TempDir(), "ES_PATH_CONF": dir}
	r := cli(t, env, "", "es", "create", "-s", "node").want(t, 0)
	tok, err := elasticsearch.Decode(strings.TrimSpace(r.stdout))
	if err != nil {
		t.Fatalf("not a token: %v", err)
	}
	ca, _ := os.ReadFile(filepath.Join(dir, "certs", "http_ca.crt"))
	certs, err := transport.ParseCertificates(ca)
	if err != nil || len(certs) != 1 || transport.Fingerprint(certs[0]) != tok.Fingerprint {
		t.Fatalf("certs/http_ca.crt is not the CA of the token's fingerprint: %v", err)
	}
	stop()

	// A realm at root:elasticsearch 0660 with a user in it survives a
	// restart of the demo and a local-mode run, as it was.
	files := map[string]string{"users": "existing:$2a$10$abcdefghijklmnopqrstuv\n", "users_roles": "superuser:existing\n"}
	want := map[string]fileAttrs{}
	for f, body := range files {
		p := filepath.Join(dir, f)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(p, os.Geteuid(), otherGroup(t)); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o660); err != nil {
			t.Fatal(err)
		}
		want[f] = attrsOf(t, p)
	}
	_, stop = serve()
	defer stop()
	cli(t, env, "", "es", "create", "-s", "kibana").want(t, 0)
	for f, body := range files {
		p := filepath.Join(dir, f)
		if got, _ := os.ReadFile(p); string(got) != body {
			t.Fatalf("%s is now %q, was %q", f, got, body)
		}
		if got := attrsOf(t, p); got != want[f] {
			t.Fatalf("%s is %v %d:%d, was %v %d:%d", f, got.mode, got.uid, got.gid, want[f].mode, want[f].uid, want[f].gid)
		}
	}
}

// A config directory demo serve did not write is never overwritten.
func TestDemoServeESPathConfRefusesAForeignConfig(t *testing.T) {
	dir := t.TempDir()
	yml := filepath.Join(dir, "elasticsearch.yml")
	if err := os.WriteFile(yml, []byte("cluster.name: production\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr syncBuffer
	err := serveDemo(context.Background(), sim.Options{Seed: 1}, nil, dir, "", &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "not overwriting") {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(yml); string(got) != "cluster.name: production\n" {
		t.Fatalf("overwritten: %q", got)
	}
}
