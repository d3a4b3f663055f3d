package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const helperProfile = `
[profiles.p.elasticsearch]
url = "https://es:9200"
username = "u"
password_command = "touch ran; printf pw"
`

// A config file others can write, or another user's, never runs its
// *_command (as ssh refuses such a file), and says how to fix it.
func TestCommandsRunOnlyFromAnOwnFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	path := write(t, dir, "c.toml", helperProfile, 0o620)
	_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir})})
	if err == nil || !strings.Contains(err.Error(), "refusing to run password_command") || !strings.Contains(err.Error(), "chmod go-w") {
		t.Fatalf("a group-writable file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err == nil {
		t.Fatal("the command ran")
	}
	// Another user's file (the uid is faked: tests do not run as two users).
	currentUID = func() int { return os.Getuid() + 1 }
	defer func() { currentUID = os.Getuid }()
	os.Chmod(path, 0o600)
	if os.Getuid() != 0 { // root's own files are trusted
		_, err = Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir})})
		if err == nil || !strings.Contains(err.Error(), "belongs to another user") {
			t.Fatalf("another user's file: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "ran")); err == nil {
			t.Fatal("the command ran")
		}
	}
	currentUID = os.Getuid
	cfg, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir})})
	if err != nil || cfg.Elasticsearch.Password != "pw" {
		t.Fatalf("an owner-only file runs it: %v", err)
	}
}

// A shorter --timeout bounds each credential helper.
func TestHelpersObeyTheTimeout(t *testing.T) {
	dir := t.TempDir()
	slow := strings.Replace(helperProfile, "touch ran; printf pw", "sleep 60; printf pw", 1)
	path := write(t, dir, "c.toml", slow, 0o600)
	start := time.Now()
	_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir}), Overrides: Overrides{Timeout: 200 * time.Millisecond}})
	if err == nil || !strings.Contains(err.Error(), "did not finish within 200ms") {
		t.Fatalf("%v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Fatalf("took %s", d) // the helper's own limit is 30s: far above --timeout
	}
}

// Deep nesting is refused before the TOML decoder sees it.
func TestDeepNestingIsRefusedBeforeParsing(t *testing.T) {
	dir := t.TempDir()
	deep := "x = " + strings.Repeat("{a = ", 50000) + "1" + strings.Repeat("}", 50000) + "\n"
	path := write(t, dir, "c.toml", deep, 0o600)
	_, err := Load(Options{Path: path, Getenv: env(map[string]string{"HOME": dir})})
	if err == nil || !strings.Contains(err.Error(), "nested more than 32 deep") {
		t.Fatalf("%v", err)
	}
	// ecctl's TOML too.
	write(t, dir, ".ecctl/config.toml", "host = "+strings.Repeat("[", 50000)+strings.Repeat("]", 50000)+"\n", 0o600)
	_, err = Load(Options{Getenv: env(map[string]string{"HOME": dir})})
	if err == nil || !strings.Contains(err.Error(), "nested more than 32 deep") {
		t.Fatalf("ecctl: %v", err)
	}
	// Brackets inside strings and comments are not nesting.
	ok := "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n[profiles.p.elasticsearch]\nurl = \"https://es:9200/" + strings.Repeat("{", 40) +
		"\"\nusername = '" + strings.Repeat("[", 40) + "'\npassword_env = \"\"\"\n" + strings.Repeat("{", 40) + "\"\"\"\n"
	if err := checkTOMLDepth([]byte(ok)); err != nil {
		t.Fatal(err)
	}
}
