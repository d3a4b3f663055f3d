//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
)

// demo serve cleans up on every catchable signal: its env file (it holds
// credentials) and its CA directory do not outlive it.
func TestDemoServeCleansUpOnSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGQUIT} {
		t.Run(sig.String(), func(t *testing.T) {
			envFile := filepath.Join(t.TempDir(), "demo.env")
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "TOKENTUI_TEST_MAIN=1", "TOKENTUI_TEST_ARGS=demo\nserve\n--env-file\n"+envFile)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var ca string
			for deadline := time.Now().Add(90 * time.Second); ca == ""; time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("no env file; stderr: %s", stderr.String())
				}
				b, _ := os.ReadFile(envFile)
				for _, l := range strings.Split(string(b), "\n") {
					if v, ok := strings.CutPrefix(l, "export TOKENTUI_CA_CERT="); ok {
						ca = strings.Trim(v, "'")
					}
				}
			}
			_ = cmd.Process.Signal(sig)
			if err := cmd.Wait(); err != nil {
				t.Fatalf("%v; stderr: %s", err, stderr.String())
			}
			if _, err := os.Stat(envFile); !os.IsNotExist(err) {
				t.Fatal("the env file outlives the demo")
			}
			if _, err := os.Stat(filepath.Dir(ca)); !os.IsNotExist(err) {
				t.Fatalf("the CA directory %s outlives the demo", filepath.Dir(ca))
			}
		})
	}
}

// Ctrl-C during a CLI create says what may be left and how to check.
func TestInterruptedCreateSaysWhatMayBeLeft(t *testing.T) {
	s, env := stackEnv(t)
	s.Fleet.Faults.Set("POST /api/fleet/enrollment_api_keys", sim.Fault{Commit: true, Latency: time.Minute})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TOKENTUI_TEST_MAIN=1", "TOKENTUI_TEST_ARGS=fleet\ncreate\n--policy\npolicy-linux-servers\n--no-expiration")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(90 * time.Second); s.Fleet.Faults.Hits("POST /api/fleet/enrollment_api_keys") == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the create never reached the server; stderr: %s", stderr.String())
		}
	}
	_ = cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("exit: %v", err)
	}
	if msg := stderr.String(); !strings.Contains(msg, "may have been created") || !strings.Contains(msg, "tokentui fleet list") {
		t.Fatalf("stderr: %s", msg)
	}
}
