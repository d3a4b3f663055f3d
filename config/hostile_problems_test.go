package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

// A problem names the file it is about; a file under a HOME whose name
// is hostile is named escaped.
func TestHostileFileNamesInProblemsAreEscaped(t *testing.T) {
	home := filepath.Join(t.TempDir(), "home"+sanitizetest.Hostile["osc52"])
	if err := os.MkdirAll(filepath.Join(home, ".ecctl"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".ecctl", "config.json"), []byte(`{"host": "https://ece:12443", "insecure": "maybe"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(Options{Getenv: env(map[string]string{"HOME": home})})
	if err == nil || sanitizetest.Raw(err.Error()) != "" {
		t.Fatalf("%q", err)
	}
}
