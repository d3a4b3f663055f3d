package config

import (
	"os"
	"path/filepath"
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
