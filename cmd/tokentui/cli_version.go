package main

import (
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// versionRow is tokentui version -o json.
type versionRow struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"` // "" when the build did not record it
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"` // GOOS/GOARCH
}

// buildVersion is what this binary knows of itself: the -ldflags values,
// else what Go recorded (a plain `go install …@v1.2.3` sets neither).
func buildVersion() versionRow {
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
	return versionRow{Version: v, Commit: c, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
}

func newVersionCommand(a *app, runF func(*noOptions) error) *cobra.Command {
	return newPlain("version", "Print tokentui's version, commit, Go version and platform", runF, a.printVersion)
}

func (a *app) printVersion(*noOptions) error {
	if err := a.checkOutput(); err != nil {
		return err
	}
	v := buildVersion()
	if a.g.output == "json" {
		return a.printJSON(v)
	}
	textf(a.stdout, "tokentui %s\n", versionString())
	textf(a.stdout, "%s %s\n", v.GoVersion, v.Platform)
	return nil
}
