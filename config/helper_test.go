package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// done fails the test if f has not returned in a generous while: the
// helper must be stopped at its own limit, never after the background
// process's 60 s.
func done(t *testing.T, f func()) {
	t.Helper()
	c := make(chan struct{})
	go func() { f(); close(c) }()
	select {
	case <-c:
	case <-time.After(20 * time.Second):
		t.Fatal("the helper was not stopped")
	}
}

func TestHelperThatKeepsStdoutOpenIsStoppedAtItsLimit(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sh")
	}
	pidFile := filepath.Join(t.TempDir(), "pid")
	for _, command := range []string{
		// exits at once, but a background child holds stdout
		"sh -c 'echo $$ > " + pidFile + "; exec sleep 60' & echo pw",
		// never exits, and a child holds stdout too
		"sleep 60 & sleep 60",
	} {
		var out string
		var err error
		done(t, func() { out, err = runHelper(command, 300*time.Millisecond) })
		if err == nil || !strings.Contains(err.Error(), "did not finish within 300ms") || out != "" {
			t.Fatalf("%q: %q, %v; want a timeout error", command, out, err)
		}
	}
	// The background child was killed with its group, not left behind.
	raw, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("/proc"); err != nil {
		return
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(raw)))
	for i := 0; i < 100 && alive(pid); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if alive(pid) {
		t.Fatalf("the background child %d outlived the helper", pid)
	}
}

// alive reads /proc: a zombie (killed, not yet reaped) counts as dead.
func alive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

func TestHelperOutputAndFailure(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sh")
	}
	out, err := runHelper("printf '  s3cret \\n'", 5*time.Second)
	if err != nil || out != "s3cret" {
		t.Fatalf("%q, %v", out, err)
	}
	_, err = runHelper("printf 'no \\033]52;c;aGk=\\007 vault' >&2; exit 3", 5*time.Second)
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || strings.ContainsRune(err.Error(), 0x1b) {
		t.Fatalf("failure: %v", err)
	}
	if _, err := runHelper("head -c 100000 /dev/zero", 5*time.Second); err == nil || !strings.Contains(err.Error(), "64 KiB") {
		t.Fatalf("huge output: %v", err)
	}
}

func TestChildrenDoNotSeeCredentials(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sh")
	}
	secrets := map[string]string{
		"ELASTICSEARCH_PASSWORD": "es-pw-secret", "ELASTICSEARCH_API_KEY": "es-key-secret",
		"KIBANA_PASSWORD": "kb-pw-secret", "KIBANA_API_KEY": "kb-key-secret",
		"EC_API_KEY": "ec-key-secret", "EC_PASS": "ec-pass-secret",
		"TEAM_VAULT_PW": "vault-secret", // named by a *_env setting below
	}
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	t.Setenv("TOKENTUI_TEST_VISIBLE", "visible")
	dir := t.TempDir()
	path := write(t, dir, "c.toml", `
[profiles.a.elasticsearch]
url = "https://es:9200"
username = "elastic"
password_command = "env"

[profiles.b.kibana]
url = "https://kb:5601"
username = "elastic"
password_env = "TEAM_VAULT_PW"
`, 0o600)
	// Load sees a fake environment; the child gets the real one, filtered.
	cfg, err := Load(Options{Path: path, Profile: "a", Getenv: env(map[string]string{"HOME": dir})})
	if err != nil {
		t.Fatal(err)
	}
	seen := cfg.Elasticsearch.Password
	if !strings.Contains(seen, "TOKENTUI_TEST_VISIBLE=visible") {
		t.Fatalf("the helper did not get the environment: %q", seen)
	}
	for k, v := range secrets {
		if strings.Contains(seen, v) || strings.Contains(seen, k+"=") {
			t.Errorf("the helper sees %s", k)
		}
	}
}
