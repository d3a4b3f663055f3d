package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command a user can run has an Examples section in --help and in
// its man page, and every man page has ENVIRONMENT, FILES and EXIT STATUS.
func TestEveryCommandHasExamples(t *testing.T) {
	dir := manPages(t)
	for _, c := range manCommands(newRootCommand(newApp())) {
		path := c.CommandPath()
		args := append(strings.Fields(strings.TrimPrefix(path, "tokentui")), "--help")
		r := cli(t, nil, "", args...).want(t, 0)
		if !strings.Contains(r.stdout, "\nExamples:\n  ") {
			t.Errorf("%s --help has no Examples section", path)
		}
		page, err := os.ReadFile(filepath.Join(dir, manName(c)+".1"))
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range []string{".SH EXAMPLES", ".SH ENVIRONMENT", ".SH FILES", ".SH EXIT STATUS"} {
			if !strings.Contains(string(page), sec+"\n") {
				t.Errorf("%s.1 lacks %s", manName(c), sec)
			}
		}
	}
	for path := range commandExamples {
		found := false
		for _, c := range manCommands(newRootCommand(newApp())) {
			found = found || c.CommandPath() == path
		}
		if !found {
			t.Errorf("commandExamples names %q, which is no command", path)
		}
	}
}

// A mistyped command is a usage error that names the closest commands.
func TestMistypedCommandSaysDidYouMean(t *testing.T) {
	cli(t, nil, "", "flet").want(t, exitUsage, `unknown command "flet" for "tokentui"`, "Did you mean this?\n  fleet")
	cli(t, nil, "", "fleet", "revok", "x").want(t, exitUsage, "Did you mean this?\n  revoke")
	r := cli(t, nil, "", "ece", "zzzzzz").want(t, exitUsage, `unknown command "zzzzzz" for "tokentui ece"`)
	if strings.Contains(r.stderr, "Did you mean") {
		t.Fatalf("a suggestion for nothing close: %s", r.stderr)
	}
}

// --platform's help lists its choices.
func TestPlatformHelpListsChoices(t *testing.T) {
	cli(t, nil, "", "fleet", "show", "--help").want(t, 0, "platform of the command: linux, linux-aarch64,", "kubernetes")
	cli(t, nil, "", "es", "create", "--help").want(t, 0, "platform of the command: archive, windows, deb, rpm, docker")
}
