package config

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

// Text a file, the environment or a command chose stays on one line,
// escaped, in a message: the CLI's stderr keeps line breaks, so a line
// break in a path, a name or a helper's words could forge a line.
func TestOutsideTextStaysOnOneLineInMessages(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "d\nforged: yes"+sanitizetest.Hostile["osc52"])
	if err := os.MkdirAll(filepath.Join(bad, ".ecctl"), 0o700); err != nil {
		t.Fatal(err)
	}
	oneLine := func(what string, err error) {
		t.Helper()
		if err == nil || strings.Contains(err.Error(), "\nforged") || !strings.Contains(err.Error(), `\nforged`) {
			t.Errorf("%s: %q", what, err)
		}
	}
	_, err := readFile(filepath.Join(bad, "none.toml"))
	oneLine("a config file's path", err)
	_, err = readElasticCLI(filepath.Join(bad, "x.js"))
	oneLine("an Elastic CLI file's path", err)
	_, err = Load(Options{Profile: "p\nforged: yes", Getenv: env(map[string]string{"HOME": bad})})
	oneLine("--profile without a file", err)
	path := write(t, bad, "c.toml", "default_profile = \"nope\"\n[profiles.p.elasticsearch]\nurl = \"https://es:9200\"\nusername = \"u\"\npassword_env = \"PW\"", 0o600)
	_, err = Load(Options{Path: path, Getenv: env(map[string]string{"HOME": bad, "PW": "x"})})
	oneLine("a missing profile's file", err)
	write(t, filepath.Join(bad, ".ecctl"), "config.json", `{"host": "https://ece:12443", "insecure": "maybe"}`, 0o600)
	_, err = Load(Options{Getenv: env(map[string]string{"HOME": bad})})
	oneLine("ecctl's file", err)
	_, err = (&elasticCLIFile{}).resolveOne("file", filepath.Join(bad, "none"), Options{Getenv: env(nil)})
	oneLine("a $(file:…) path", err)
	_, err = runHelper("printf 'x\\nforged: yes' >&2; exit 3", 10*time.Second)
	oneLine("a helper's message", err)
}

// A context of Elastic's CLI file is named in its systems' Source (shown
// by config check, the tabs, the audit): escaped, on one line.
func TestElasticCLIContextNameIsShownOnOneLine(t *testing.T) {
	rc := strings.Replace(strings.Replace(elasticRC, "  prod:", `  "prod\nforged: yes":`, 1), "current_context: prod", `current_context: "prod\nforged: yes"`, 1)
	_, e := elasticHome(t, rc, 0o600)
	cfg, err := Load(Options{Profile: "elastic:prod\nforged: yes", Getenv: env(e)})
	if err != nil || cfg.Elasticsearch == nil {
		t.Fatalf("%v %v", cfg, err)
	}
	if src := cfg.Elasticsearch.Source; strings.Contains(src, "\n") || !strings.Contains(src, `\nforged`) {
		t.Fatalf("source %q", src)
	}
}

// echo and the $(env:…) message rely on Go's quoting alone: it must
// escape every character the sanitizer would, for every rune.
func TestGoQuotingNeedsNoFurtherEscaping(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if q := echo("a" + string(r)); sanitize.Text(q) != q {
			t.Fatalf("%U: %q shows as %q", r, q, sanitize.Text(q))
		}
	}
	for _, v := range append(slices.Collect(maps.Values(sanitizetest.Hostile)), "\xff", "a\xc0b") {
		if q := echo(v); sanitize.Text(q) != q {
			t.Fatalf("%q shows as %q", q, sanitize.Text(q))
		}
	}
}
