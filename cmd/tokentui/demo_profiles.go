package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/system"
)

// demoProfileName names the n-th demo Stack as a profile (1-based).
func demoProfileName(n int) string { return fmt.Sprintf("demo%d", n) }

// writeDemoConfig writes a config file with one profile per Stack (mode
// 0600: it holds the demo passwords) into dir and returns its path. The
// first profile is the default.
func writeDemoConfig(dir string, stacks []*sim.Stack) (string, error) {
	var buf bytes.Buffer
	buf.WriteString("# Written by tokentui demo serve --profiles; removed when it stops.\n")
	if err := toml.NewEncoder(&buf).Encode(map[string]string{"default_profile": demoProfileName(1)}); err != nil {
		return "", err
	}
	// As the TOML encoder nests tables, with the sections in the
	// registry's order (it would sort a map's).
	buf.WriteString("\n[profiles]\n")
	for i, s := range stacks {
		name := demoProfileName(i + 1)
		fmt.Fprintf(&buf, "  [profiles.%s]\n", name)
		for _, row := range system.All() {
			simulator := simulators[row.System]
			if simulator == nil {
				continue // no simulator: the demo leaves the system unconfigured
			}
			var sec bytes.Buffer
			if err := toml.NewEncoder(&sec).Encode(simulator(s)); err != nil {
				return "", err
			}
			fmt.Fprintf(&buf, "    [profiles.%s.%s]\n", name, row.Section)
			for line := range strings.Lines(sec.String()) {
				buf.WriteString("      " + line)
			}
		}
	}
	path := filepath.Join(dir, "config.toml")
	return path, os.WriteFile(path, buf.Bytes(), 0o600)
}
