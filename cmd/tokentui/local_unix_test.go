//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
)

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
	for s.ES.Faults.Hits("GET /_cluster/health") == 0 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child never reached the cluster; stderr: %s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
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
