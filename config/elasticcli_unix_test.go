//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO is never opened (that blocks without a writer): discovery skips
// it and an explicit one is refused.
func TestElasticCLINeverOpensAFIFO(t *testing.T) {
	home := t.TempDir()
	json := write(t, home, ".elasticrc.json", "contexts: {}", 0o600)
	fifo := filepath.Join(home, ".elasticrc")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFO here:", err)
	}
	done(t, func() {
		if got := elasticCLIPath(env(map[string]string{"HOME": home})); got != json {
			t.Errorf("FIFO .elasticrc not skipped: got %s", got)
		}
		if _, err := readElasticCLI(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("FIFO: got %v", err)
		}
	})
	_ = os.Remove(fifo)
}
