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
	go func() { done <- serveDemo(ctx, sim.Options{Seed: 1}, "", &stdout, &stderr) }()
	var lines []string
	deadline := time.Now().Add(10 * time.Second)
	for len(lines) < 9 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		lines = strings.Split(strings.TrimSpace(stdout.String()), "\n")
	}
	want := []string{"ELASTICSEARCH_URL", "ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD", "KIBANA_URL",
		"KIBANA_USERNAME", "KIBANA_PASSWORD", "EC_HOST", "EC_API_KEY", "TOKENTUI_CA_CERT"}
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
	pem, err := os.ReadFile(env["TOKENTUI_CA_CERT"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
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
