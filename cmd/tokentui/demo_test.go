package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestDemoServePrintsOnlyTheEnvironment(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- serveDemo(ctx, sim.Options{Seed: 1}, nil, "", "", &stdout, &stderr) }()
	var lines []string
	deadline := time.Now().Add(waitLimit)
	for len(lines) < 11 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		lines = strings.Split(strings.TrimSpace(stdout.String()), "\n")
	}
	want := []string{"ELASTICSEARCH_URL", "ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD", "KIBANA_URL",
		"KIBANA_USERNAME", "KIBANA_PASSWORD", "FLEET_SERVER_URL", "EC_HOST", "EC_API_KEY", "TOKENTUI_CA_CERT", "TOKENTUI_DEMO_CONTROL_URL"}
	if len(lines) != len(want) {
		t.Fatalf("stdout has %d lines: %q", len(lines), lines)
	}
	env := map[string]string{}
	for i, l := range lines {
		k, v, ok := strings.Cut(l, "=")
		if !ok || k != want[i] || v == "" {
			t.Fatalf("line %d = %q, want %s=…", i, l, want[i])
		}
		env[k] = v
	}
	// The printed values work: the CA file verifies the servers.
	client := caClient(t, env["TOKENTUI_CA_CERT"])
	req, _ := http.NewRequest("GET", env["ELASTICSEARCH_URL"]+"/_cluster/health", nil)
	req.SetBasicAuth(env["ELASTICSEARCH_USERNAME"], env["ELASTICSEARCH_PASSWORD"])
	resp, err := client.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health with the printed credentials: %v", err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(env["TOKENTUI_CA_CERT"]); !os.IsNotExist(err) {
		t.Fatal("the CA file outlives the demo")
	}
	if strings.Contains(stderr.String(), env["ELASTICSEARCH_PASSWORD"]) {
		t.Fatal("stderr shows the password")
	}
}

func TestBadFlagIsAUsageError(t *testing.T) {
	if code := run(newApp(), []string{"demo", "serve", "--fleet-tokens", "many"}); code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
	if code := run(newApp(), []string{"demo", "serve", "--fleet-tokens", "-1"}); code != exitUsage {
		t.Fatalf("exit %d, want %d", code, exitUsage)
	}
}

func TestBadFaultIsAUsageErrorShowingTheGrammar(t *testing.T) {
	for _, args := range [][]string{
		{"--demo", "--fault", "bad"},
		{"demo", "serve", "--fault", "bad"},
		{"demo", "serve", "--fault", "es GET /_cluster/health status:503", "--fault", "es GET /x explode"},
		{"--fault", "es GET /x reset"}, // without --demo
	} {
		r := cli(t, nil, "", args...)
		if r.code != exitUsage {
			t.Fatalf("%q: exit %d, want %d\n%s", args, r.code, exitUsage, r.stderr)
		}
		if args[0] != "--fault" && !strings.Contains(r.stderr, "SYSTEM METHOD PATH FAULT") {
			t.Fatalf("%q: the error does not show the grammar:\n%s", args, r.stderr)
		}
	}
}

func TestDemoServeFaultIsLive(t *testing.T) {
	spec, err := sim.ParseFaultSpec("es GET /_cluster/* html:502")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- serveDemo(ctx, sim.Options{Seed: 1}, []sim.FaultSpec{spec}, "", "", &stdout, &stderr) }()
	env := map[string]string{}
	for deadline := time.Now().Add(waitLimit); env["TOKENTUI_CA_CERT"] == "" && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		for _, l := range strings.Split(stdout.String(), "\n") {
			if k, v, ok := strings.Cut(l, "="); ok {
				env[k] = v
			}
		}
	}
	client := caClient(t, env["TOKENTUI_CA_CERT"])
	get := func(path string) (int, string) {
		req, _ := http.NewRequest("GET", env["ELASTICSEARCH_URL"]+path, nil)
		req.SetBasicAuth(env["ELASTICSEARCH_USERNAME"], env["ELASTICSEARCH_PASSWORD"])
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Content-Type")
	}
	if code, ctype := get("/_cluster/health"); code != 502 || !strings.HasPrefix(ctype, "text/html") {
		t.Fatalf("faulted route answered %d %s, want 502 text/html", code, ctype)
	}
	if code, _ := get("/_security/_authenticate"); code != 200 {
		t.Fatalf("an unfaulted route answered %d", code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// caClient trusts only the CA in file.
func caClient(t *testing.T, file string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
}
