package main

// commit is set at build time with -ldflags "-X main.commit=…" (the release
// script does); version is declared with the root command.
var commit = ""

// versionString is what --version prints.
func versionString() string {
	v := buildVersion()
	if v.Commit == "" {
		return v.Version
	}
	return v.Version + " (commit " + v.Commit + ")"
}
