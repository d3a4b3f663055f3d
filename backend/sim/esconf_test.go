package sim

import (
	"os"
	"path/filepath"
	"testing"
)

// A planted certs/http_ca.crt (or elasticsearch.yml) symlink is replaced,
// never written through: its target is untouched.
func TestESPathConfNeverWritesThroughASymlink(t *testing.T) {
	s, err := Start(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "certs"), 0o750); err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(dir, "certs", "http_ca.crt")
	if err := os.Symlink(victim, ca); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteESPathConf(dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
		t.Fatalf("the link's target was overwritten: %q", b)
	}
	if fi, err := os.Lstat(ca); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("the CA is a file of its own now: %v %v", fi, err)
	}
}
