// Package childenv gives the processes tokentui starts (credential
// helpers, clipboard tools) an environment without the credentials
// tokentui knows: a helper needs PATH and HOME, never a password. The
// credential variables tokentui itself reads are every registry row's
// (backend/system); the built-in rows are imported here, so that no
// program can start a child before they are known.
package childenv

import (
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/tokentui/tokentui/backend/system"
	_ "github.com/tokentui/tokentui/backend/system/builtin" // the systems tokentui ships
)

var (
	mu     sync.Mutex
	hidden = map[string]bool{}
)

// Hide adds variables to those kept from children: the config file names
// them in its *_env settings.
func Hide(names ...string) {
	mu.Lock()
	defer mu.Unlock()
	for _, n := range names {
		if n != "" {
			hidden[n] = true
		}
	}
}

// Environ is the process environment without the hidden variables.
func Environ() []string { return Filter(os.Environ()) }

// Filter drops the hidden variables from env, a list of KEY=VALUE.
func Filter(env []string) []string {
	known := system.Credentials()
	mu.Lock()
	defer mu.Unlock()
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if hidden[name] || slices.Contains(known, name) {
			continue
		}
		out = append(out, kv)
	}
	return out
}
