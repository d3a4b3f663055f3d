package trail

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

func TestAppendWritesOneLinePerEntry0600(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "tokentui")
	l := Open(dir, true)
	for _, e := range []Entry{
		{System: backend.Fleet, Verb: "create", TokenID: "a", TokenName: "ci", Outcome: Verified, Status: 200},
		{System: backend.Fleet, Verb: "revoke", TokenID: "a", Outcome: Failed, Status: 404},
	} {
		if err := l.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(l.Path())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %q", len(lines), data)
	}
	var e Entry
	if err := json.Unmarshal([]byte(lines[1]), &e); err != nil || e.Verb != "revoke" || e.Outcome != Failed || e.Status != 404 || e.Time.IsZero() {
		t.Fatalf("second line %q: %+v %v", lines[1], e, err)
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(l.Path())
		di, _ := os.Stat(dir)
		if fi.Mode().Perm() != 0o600 || di.Mode().Perm() != 0o700 {
			t.Fatalf("modes: file %v, dir %v", fi.Mode().Perm(), di.Mode().Perm())
		}
	}
}

func TestAppendRefusesSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no O_NOFOLLOW")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	os.WriteFile(target, nil, 0o600)
	if err := os.Symlink(target, filepath.Join(dir, FileName)); err != nil {
		t.Fatal(err)
	}
	if err := Open(dir, true).Append(Entry{Verb: "create"}); err == nil {
		t.Fatal("wrote through a symlink")
	}
	if data, _ := os.ReadFile(target); len(data) != 0 {
		t.Fatalf("target written: %q", data)
	}
}

func TestAppendNarrowsAWideMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("modes")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, FileName)
	os.WriteFile(p, nil, 0o644)
	os.Chmod(p, 0o644)
	if err := Open(dir, true).Append(Entry{Verb: "create"}); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
}

func TestOffWritesNothing(t *testing.T) {
	dir := t.TempDir()
	l := Open(dir, false)
	if err := l.Append(Entry{Verb: "create"}); err != nil || l.Path() != "" {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("wrote %v", ents)
	}
}

func TestOutcomeOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want Outcome
	}{
		{nil, Verified},
		{&backend.OutcomeUnknownError{Op: "revoke"}, Unknown},
		{&backend.MaybeCreatedError{System: backend.Fleet}, Unknown},
		{&backend.NotRevokedError{System: backend.Fleet, State: "still active"}, Failed},
		{errors.New("403"), Failed},
	} {
		if got := OutcomeOf(c.err); got != c.want {
			t.Errorf("%v: %s, want %s", c.err, got, c.want)
		}
	}
}
