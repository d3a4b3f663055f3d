package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
)

// demo serve --profiles 2 prints a config file with both Stacks as
// profiles (and no per-system variable, which would override them); the
// file works for --all-profiles and goes when the demo stops.
func TestDemoServeProfiles(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- serveDemoProfiles(ctx, sim.Options{Seed: 1}, nil, "", "", 2, &stdout, &stderr)
	}()
	env := map[string]string{"HOME": t.TempDir()}
	for deadline := time.Now().Add(60 * time.Second); env["TOKENTUI_DEMO_CONTROL_URL"] == "" && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
			if k, v, ok := strings.Cut(l, "="); ok {
				env[k] = v
			}
		}
	}
	if env["TOKENTUI_CONFIG"] == "" || env["KIBANA_URL"] != "" || env["ELASTICSEARCH_URL"] != "" {
		t.Fatalf("printed: %q", stdout.String())
	}
	info, err := os.Stat(env["TOKENTUI_CONFIG"])
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("config file: %v %v", info, err)
	}
	r := cli(t, env, "", "audit", "--all-profiles", "-o", "json").want(t, exitFindings)
	for _, p := range []string{`"profile": "demo1"`, `"profile": "demo2"`, `"rule": "drift"`} {
		if !strings.Contains(r.stdout, p) {
			t.Fatalf("audit lacks %s", p)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(env["TOKENTUI_CONFIG"]); !os.IsNotExist(err) {
		t.Fatal("the config file outlives the demo")
	}
	cli(t, env, "", "demo", "serve", "--profiles", "0").want(t, exitUsage, "--profiles")
}
