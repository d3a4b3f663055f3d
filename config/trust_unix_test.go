//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Only a regular file is read: a FIFO would block forever, a device never
// ends.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, p := range []string{fifo, "/dev/zero", dir} {
		_, err := Load(Options{Path: p, Getenv: env(map[string]string{"HOME": dir})})
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("%s: %v", p, err)
		}
	}
	link := filepath.Join(dir, ".ecctl", "config.yaml")
	os.MkdirAll(filepath.Dir(link), 0o700)
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	_, err := Load(Options{Getenv: env(map[string]string{"HOME": dir})})
	if err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("ecctl /dev/zero: %v", err)
	}
}
