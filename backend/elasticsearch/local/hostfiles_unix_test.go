//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package local

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A planted tokentui.lock symlink is refused: its target is untouched.
func TestLockNeverFollowsASymlink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(dir, LockName)
	if err := os.Symlink(victim, lock); err != nil {
		t.Fatal(err)
	}
	_, err := acquire(context.Background(), lock, time.Second, func(string) {}, nil)
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("%v", err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Fatalf("the link's target was changed: %q", b)
	}
}

// A write that fails half-way (a full disk) leaves the users file as it
// was: no half line stays in it.
func TestAFailedAppendLeavesTheFileAsItWas(t *testing.T) {
	dir := t.TempDir()
	users := filepath.Join(dir, "users")
	before := "elastic:$2a$10$abc\n"
	if err := os.WriteFile(users, []byte(before), 0o660); err != nil {
		t.Fatal(err)
	}
	orig := writeAll
	defer func() { writeAll = orig }()
	writeAll = func(f *os.File, s string) error {
		_, _ = f.WriteString(s[:len(s)/2]) // half the line reaches the disk
		return &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	err := appendLine(users, "tokentui_1_2_3_abcdEFGH:$2a$10$defghijklmnop")
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("%v", err)
	}
	if b, _ := os.ReadFile(users); string(b) != before {
		t.Fatalf("the file changed: %q", b)
	}
}

// elasticsearch.yml pointing at /dev/zero, or a FIFO, is refused at once.
func TestNodeConfigIsReadOnlyFromARegularFile(t *testing.T) {
	for _, plant := range []func(string) error{
		func(p string) error { return os.Symlink("/dev/zero", p) },
		func(p string) error { return syscall.Mkfifo(p, 0o600) },
	} {
		dir := t.TempDir()
		if err := plant(filepath.Join(dir, "elasticsearch.yml")); err != nil {
			t.Skip(err)
		}
		if _, err := Load(dir, nil); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("%v", err)
		}
	}
}
