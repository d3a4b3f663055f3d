package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// manPages writes the man pages as the release does, into a new
// directory it gives.
func manPages(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if code := run(newApp(), []string{"__man", dir}); code != exitOK {
		t.Fatalf("__man: exit %d", code)
	}
	return dir
}

func TestManPagesOnePerCommand(t *testing.T) {
	dir := manPages(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, e := range entries {
		got[e.Name()] = true
	}
	for _, want := range []string{"tokentui.1", "tokentui-es-create.1", "tokentui-fleet-list.1", "tokentui-demo-serve.1", "tokentui-completion-bash.1"} {
		if !got[want] {
			t.Errorf("no %s among %v", want, got)
		}
	}
	for _, hidden := range []string{"tokentui-__man.1", "tokentui-help.1"} {
		if got[hidden] {
			t.Errorf("%s written for a command users do not run", hidden)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "tokentui-es-create.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`.TH "TOKENTUI-ES-CREATE" "1"`, ".SH SYNOPSIS", `\fB\-s\fR, \fB\-\-scope\fR`, `\fBtokentui\-es\fR(1)`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("tokentui-es-create.1 lacks %q:\n%s", want, page)
		}
	}
	// A block with indented lines (the fault grammar's table) is kept as
	// written, not refilled.
	serve, err := os.ReadFile(filepath.Join(dir, "tokentui-demo-serve.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(serve), ".nf\n\\-\\-fault") {
		t.Errorf("the fault grammar is refilled:\n%s", serve)
	}
	for i, line := range strings.Split(string(page), "\n") {
		if strings.ContainsFunc(line, func(r rune) bool { return r > 127 }) {
			t.Errorf("line %d is not ASCII: %q", i+1, line)
		}
	}
}

func TestRoffEscape(t *testing.T) {
	for in, want := range map[string]string{
		`a\b`:            `a\eb`,
		"--flag":         `\-\-flag`,
		".TH x\n'y":      "\\&.TH x\n\\&'y",
		"Kibana → Fleet": `Kibana \[u2192] Fleet`,
	} {
		if got := roffEscape(in); got != want {
			t.Errorf("roffEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVersionStamped(t *testing.T) {
	defer func(v, c string) { version, commit = v, c }(version, commit)
	version, commit = "v1.2.3", "0123abc"
	if got, want := versionString(), "v1.2.3 (commit 0123abc)"; got != want {
		t.Fatalf("versionString() = %q, want %q", got, want)
	}
}
