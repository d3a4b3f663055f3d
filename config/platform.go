package config

import (
	"os"
	"path/filepath"
	"runtime"
)

// goos is runtime.GOOS; tests set it to check another platform's choices.
var goos = runtime.GOOS

// configBase is the directory the config file lives under:
// $XDG_CONFIG_HOME, else %APPDATA% on Windows (os.UserConfigDir's choice
// there), else ~/.config — on macOS too, as most command-line tools do,
// rather than ~/Library/Application Support.
func configBase(getenv func(string) string) string {
	if base := getenv("XDG_CONFIG_HOME"); base != "" {
		return base
	}
	if goos == "windows" && getenv("APPDATA") != "" {
		return getenv("APPDATA")
	}
	home := homeDir(getenv)
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".config")
}

// homeDir is $HOME, else %USERPROFILE% on Windows, where HOME is rarely set.
func homeDir(getenv func(string) string) string {
	if home := getenv("HOME"); home != "" || goos != "windows" {
		return home
	}
	return getenv("USERPROFILE")
}

// modeShowsReaders reports whether a file's permission bits say who can
// read it. On Windows they do not (access is decided by ACLs, and Go
// reports 0666 or 0444), so an inline secret cannot be checked there.
func modeShowsReaders() bool { return goos != "windows" }
