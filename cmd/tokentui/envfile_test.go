package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
)

func TestEnvFileIsSourceable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.env")
	if err := os.WriteFile(path, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	hostile := "it's $HOME `id` \\ \"q\"\nline2"
	if err := writeEnvFile(path, [][2]string{{"PLAIN", "https://127.0.0.1:9200"}, {"HOSTILE", hostile}}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "export PLAIN='https://127.0.0.1:9200'\nexport HOSTILE='it'\\''s $HOME `id` \\ \"q\"\nline2'\n"
	if string(got) != want {
		t.Fatalf("env file:\n%s\nwant:\n%s", got, want)
	}
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temporary file left behind: %v", entries)
	}
	// A shell reads back exactly the values written.
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	out, err := exec.Command(sh, "-c", `. "$1" && printf '%s|%s' "$PLAIN" "$HOSTILE"`, "sh", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "https://127.0.0.1:9200|"+hostile {
		t.Fatalf("sourced %q", out)
	}
}

func TestDemoServeWritesAndRemovesEnvFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.env")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- serveDemo(ctx, sim.Options{Seed: 1}, nil, "", path, &stdout, &stderr) }()
	var got []byte
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil {
			got = b
			break
		}
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	printed := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) < 9 || len(printed) != len(lines) {
		t.Fatalf("env file %q, stdout %q", got, printed)
	}
	for i, l := range lines {
		k, v, _ := strings.Cut(printed[i], "=")
		if l != "export "+k+"="+shellQuote(v) {
			t.Errorf("line %d = %q, stdout said %q", i, l, printed[i])
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("the env file outlives the demo")
	}
}
