package config

import (
	"os"
	"path/filepath"
	"sort"
)

// StateDir is where tokentui keeps what it writes for the user (the audit
// trail, exports): $XDG_STATE_HOME/tokentui, else %LOCALAPPDATA%\tokentui
// on Windows, else ~/.local/state/tokentui (the XDG default, on macOS too,
// as for the config file).
func StateDir(getenv func(string) string) string {
	base := getenv("XDG_STATE_HOME")
	if base == "" && goos == "windows" {
		base = getenv("LOCALAPPDATA")
	}
	if base == "" {
		home := homeDir(getenv)
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		base = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(base, "tokentui")
}

// ProfileNames lists the profiles of the config file at path (the
// default path when ""), sorted, without resolving any credential (no
// helper command runs): for shell completion. Nil when there is no
// readable file.
func ProfileNames(path string, getenv func(string) string) []string {
	if path == "" {
		path = DefaultPath(getenv)
	}
	f, err := readFile(path)
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(f.Profiles))
	for name := range f.Profiles {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
