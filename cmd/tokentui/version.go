package main

import "runtime/debug"

// commit is set at build time with -ldflags "-X main.commit=…" (the release
// script does); version is declared with the root command.
var commit = ""

// versionString is what --version prints. A plain `go install …@v1.2.3`
// sets neither variable, so the module version and VCS revision Go
// records in the binary fill the gaps.
func versionString() string {
	v, c := version, commit
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if c == "" && s.Key == "vcs.revision" {
				c = s.Value
			}
		}
	}
	if c == "" {
		return v
	}
	return v + " (commit " + c + ")"
}
