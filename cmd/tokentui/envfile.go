package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// writeEnvFile writes export KEY='VALUE' lines a POSIX shell can source.
// It appears in one step (a temporary file in the same directory, renamed
// over path), so a script waiting for it never reads half of it; mode 0600
// (os.CreateTemp's) because it holds credentials.
func writeEnvFile(path string, env [][2]string) error {
	var b strings.Builder
	for _, kv := range env {
		fmt.Fprintf(&b, "export %s=%s\n", kv[0], shellQuote(kv[1]))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// shellQuote single-quotes s for a POSIX shell: nothing inside single
// quotes is special except the quote itself, written '\”.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
