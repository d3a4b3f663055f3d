package config

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// A helper that prints the credential and then fails with a message that
// repeats it: the error shows the message without the credential.
func TestHelperFailureDoesNotRepeatItsOutput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sh")
	}
	_, err := runHelper("echo Helper-Secret-0123; echo 'vault: sealed after reading Helper-Secret-0123' >&2; exit 3", 10*time.Second)
	if err == nil || strings.Contains(err.Error(), "Helper-Secret-0123") || !strings.Contains(err.Error(), "sealed after reading [redacted]") {
		t.Fatalf("%v", err)
	}
}
