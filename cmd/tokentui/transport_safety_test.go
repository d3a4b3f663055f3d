package main

import (
	"github.com/tokentui/tokentui/backend"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPlainHTTPNeedsConsentAndWarns(t *testing.T) {
	s, env := stackEnv(t)
	// Kibana's simulator, served without TLS.
	plain := httptest.NewServer(s.Fleet.Handler())
	t.Cleanup(plain.Close)
	env["KIBANA_URL"] = plain.URL

	r := cli(t, env, "", "fleet", "list").want(t, exitFailure, "plain HTTP", "allow_plain_http = true", "--allow-plain-http")
	if strings.Contains(r.stdout, "edge-2026") {
		t.Fatal("listed over plain HTTP without consent")
	}
	r = cli(t, env, "", "--allow-plain-http", "fleet", "list").want(t, 0, "edge-2026")
	if !strings.Contains(r.stderr, "warning: Kibana credentials travel in clear text over "+plain.URL) {
		t.Fatalf("no clear-text warning on stderr:\n%s", r.stderr)
	}
	if strings.Count(r.stderr, "clear text") != 1 {
		t.Fatalf("the warning is not said once:\n%s", r.stderr)
	}
	r = cli(t, env, "", "--allow-plain-http", "config", "check").want(t, 0, "plain HTTP allowed")
	if strings.Count(r.stderr, "warning:") != 1 {
		t.Fatalf("config check repeats the warning:\n%s", r.stderr)
	}
}

func TestInsecureWarns(t *testing.T) {
	_, env := stackEnv(t)
	r := cli(t, env, "", "--insecure", "fleet", "list").want(t, 0, "edge-2026")
	if got := strings.Count(r.stderr, "warning: --insecure"); got != 1 {
		t.Fatalf("%d --insecure warnings on stderr, want 1:\n%s", got, r.stderr)
	}
	if r := cli(t, env, "", "fleet", "list"); strings.Contains(r.stderr, "warning") {
		t.Fatalf("a warning without --insecure:\n%s", r.stderr)
	}
	cli(t, env, "", "--insecure", "config", "check").want(t, 0, "TLS verification is off")
}

func TestServicesExposePlainHTTPPerTab(t *testing.T) {
	_, env := stackEnv(t)
	env["KIBANA_URL"] = "http://127.0.0.1:1"
	a := &app{getenv: func(k string) string { return env[k] }}
	a.g.allowPlainHTTP, a.g.output = true, "text"
	cfg, err := a.config()
	if err != nil {
		t.Fatal(err)
	}
	tabs, _, err := uiTabs(a, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range tabs {
		if want := tab.Kind.System() == backend.Fleet; tab.PlainHTTP != want {
			t.Errorf("%s: PlainHTTP = %v, want %v", tab.Kind.System(), tab.PlainHTTP, want)
		}
	}
}
