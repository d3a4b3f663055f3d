package main

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/audit"
	"github.com/tokentui/tokentui/backend/sim"
)

// These tests parse each command's flags and arguments into its options,
// as cli/cli tests its commands: the command is built with a runF that
// keeps the options, so nothing is run, no server is started, and no
// environment is read.

// flagCase is one command line: the options it must give, or the usage
// error it must fail with (usage: that error is a *usageError, exit 2).
type flagCase[O any] struct {
	argv    string
	want    O
	wantErr string
	usage   bool
}

// parseFlags builds a command with build, runs it on argv with a runF
// that keeps the options, and gives them.
func parseFlags[O any](build func(func(*O) error) *cobra.Command, argv []string) (*O, error) {
	var got *O
	c := build(func(o *O) error { got = o; return nil })
	c.SetArgs(argv)
	c.SetOut(io.Discard)
	c.SetErr(io.Discard)
	c.SilenceUsage, c.SilenceErrors = true, true
	_, err := c.ExecuteC()
	return got, err
}

func testFlags[O any](t *testing.T, build func(func(*O) error) *cobra.Command, cases []flagCase[O]) {
	t.Helper()
	for _, tc := range cases {
		got, err := parseFlags(build, strings.Fields(tc.argv))
		if tc.wantErr != "" {
			var ue *usageError
			switch {
			case err == nil:
				t.Errorf("%q: no error, want %q (options %+v)", tc.argv, tc.wantErr, got)
			case !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("%q: error %q, want %q", tc.argv, err, tc.wantErr)
			case tc.usage && !errors.As(err, &ue):
				t.Errorf("%q: error %q is not a usage error (exit 2)", tc.argv, err)
			case got != nil:
				t.Errorf("%q: the command ran despite %q", tc.argv, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.argv, err)
			continue
		}
		if got == nil {
			t.Errorf("%q: the command did not run", tc.argv)
			continue
		}
		if !reflect.DeepEqual(*got, tc.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tc.argv, *got, tc.want)
		}
	}
}

// withApp adapts a constructor that takes the app.
func withApp[O any](newCmd func(*app, func(*O) error) *cobra.Command) func(func(*O) error) *cobra.Command {
	return func(runF func(*O) error) *cobra.Command { return newCmd(newApp(), runF) }
}

func TestFleetListFlags(t *testing.T) {
	testFlags(t, withApp(newFleetList), []flagCase[fleetListOptions]{
		{argv: "", want: fleetListOptions{}},
		{argv: "--kuery name:ci* --policy Linux --all", want: fleetListOptions{Filter: tokenFilter{Kuery: "name:ci*", Policy: "Linux"}, All: true}},
		{argv: "extra", wantErr: `unknown command "extra"`},
		{argv: "--bogus", wantErr: "unknown flag: --bogus"},
	})
}

func TestFleetCreateFlags(t *testing.T) {
	testFlags(t, withApp(newFleetCreate), []flagCase[fleetCreateOptions]{
		{argv: "--policy p1", want: fleetCreateOptions{Spec: backend.CreateSpec{PolicyID: "p1"}}},
		{argv: "--policy p1 --name ci --expiration 30d --dry-run", want: fleetCreateOptions{Spec: backend.CreateSpec{PolicyID: "p1", Name: "ci"}, Exp: expirationFlags{value: "30d"}, DryRun: true}},
		{argv: "--policy p1 --no-expiration", want: fleetCreateOptions{Spec: backend.CreateSpec{PolicyID: "p1"}, Exp: expirationFlags{never: true}}},
		{argv: "", wantErr: `required flag(s) "policy" not set`},
		{argv: "--policy p1 --expiration 30d --no-expiration", wantErr: "if any flags in the group [expiration no-expiration] are set none of the others can be"},
		{argv: "--policy p1 --expiration soon", wantErr: "expiration: must be a duration", usage: true},
	})
}

func TestFleetShowFlags(t *testing.T) {
	testFlags(t, withApp(newFleetShow), []flagCase[fleetShowOptions]{
		{argv: "id1", want: fleetShowOptions{ID: "id1"}},
		{argv: "id1 --command --platform linux", want: fleetShowOptions{ID: "id1", Enroll: enrollFlags{command: true, platform: "linux"}}},
		{argv: "id1 --platform linux", wantErr: "--platform needs --command", usage: true},
		// A bad platform lists the choices, and the command does not run:
		// no token is read, nothing is created.
		{argv: "id1 --command --platform solaris", usage: true,
			wantErr: "choose one of: linux, linux-aarch64, macos-aarch64, macos-x86_64, windows, deb, deb-aarch64, rpm, rpm-aarch64, docker, kubernetes"},
		{argv: "", wantErr: "accepts 1 arg(s), received 0"},
		{argv: "a b", wantErr: "accepts 1 arg(s), received 2"},
	})
}

func TestRevokeFlags(t *testing.T) {
	for name, build := range map[string]func(func(*changeOptions) error) *cobra.Command{
		"fleet revoke": withApp(newFleetRevoke), "es revoke": withApp(newESRevoke),
	} {
		t.Run(name, func(t *testing.T) {
			testFlags(t, build, []flagCase[changeOptions]{
				{argv: "a", want: changeOptions{IDs: []string{"a"}}},
				{argv: "a b -y --dry-run", want: changeOptions{IDs: []string{"a", "b"}, Yes: true, DryRun: true}},
				{argv: "--yes a", want: changeOptions{IDs: []string{"a"}, Yes: true}},
				{argv: "", wantErr: "requires at least 1 arg(s), only received 0"},
			})
		})
	}
}

func TestFleetDeleteFlags(t *testing.T) {
	testFlags(t, withApp(newFleetDelete), []flagCase[fleetDeleteOptions]{
		{argv: "a b", want: fleetDeleteOptions{changeOptions: changeOptions{IDs: []string{"a", "b"}}}},
		{argv: "a --yes --dry-run --include-hidden", want: fleetDeleteOptions{changeOptions: changeOptions{IDs: []string{"a"}, Yes: true, DryRun: true}, IncludeHidden: true}},
		{argv: "", wantErr: "requires at least 1 arg(s), only received 0"},
	})
}

func TestFleetPurgeFlags(t *testing.T) {
	testFlags(t, withApp(newFleetPurge), []flagCase[fleetPurgeOptions]{
		{argv: "", want: fleetPurgeOptions{}},
		{argv: "--policy p --kuery k --dry-run -y --include-hidden", want: fleetPurgeOptions{Filter: tokenFilter{Kuery: "k", Policy: "p"}, Yes: true, DryRun: true, IncludeHidden: true}},
		{argv: "id", wantErr: `unknown command "id"`},
	})
}

func TestFleetPoliciesAndOtherPlainCommandsTakeNoArguments(t *testing.T) {
	for name, build := range map[string]func(func(*noOptions) error) *cobra.Command{
		"fleet policies": withApp(newFleetPolicies), "es list": withApp(newESList),
		"config init": withApp(newConfigInit), "config check": withApp(newConfigCheck), "version": withApp(newVersionCommand),
	} {
		t.Run(name, func(t *testing.T) {
			testFlags(t, build, []flagCase[noOptions]{
				{argv: "", want: noOptions{}},
				{argv: "x", wantErr: `unknown command "x"`},
				{argv: "--bogus", wantErr: "unknown flag: --bogus"},
			})
		})
	}
}

func TestRotateFlags(t *testing.T) {
	testFlags(t, withApp(newFleetRotate), []flagCase[rotateOptions]{
		{argv: "old", want: rotateOptions{ID: "old"}},
		{argv: "old --keep-old --expiration 7d --dry-run -y", want: rotateOptions{ID: "old", Exp: expirationFlags{value: "7d"}, KeepOld: true, DryRun: true, Yes: true}},
		{argv: "old --expiration 7d --no-expiration", wantErr: "[expiration no-expiration]"},
		{argv: "", wantErr: "accepts 1 arg(s), received 0"},
	})
	testFlags(t, withApp(newECERotate), []flagCase[rotateOptions]{
		{argv: "old -y --keep-old", want: rotateOptions{ID: "old", Yes: true, KeepOld: true}},
		{argv: "old --expiration 7d", wantErr: "unknown flag: --expiration"},
	})
}

func TestESCreateFlags(t *testing.T) {
	testFlags(t, withApp(newESCreate), []flagCase[esCreateOptions]{
		{argv: "-s node", want: esCreateOptions{Scope: "node"}},
		{argv: "--scope kibana --url https://n:9200 -f -E a=b -E c=d --es-path-conf /etc/es --command --platform deb",
			want: esCreateOptions{Scope: "kibana", URL: "https://n:9200", Force: true, Settings: []string{"a=b", "c=d"}, ESPathConf: "/etc/es",
				Enroll: enrollFlags{command: true, platform: "deb"}}},
		{argv: "", wantErr: `required flag(s) "scope" not set`},
		{argv: "-s admin", wantErr: "can only be one of [node, kibana]", usage: true},
		{argv: "-s node --platform deb", wantErr: "--platform needs --command", usage: true},
		{argv: "-s node --command --platform kubernetes", wantErr: "choose one of: archive, windows, deb, rpm, docker", usage: true},
	})
}

func TestESInspectFlags(t *testing.T) {
	testFlags(t, withApp(newESInspect), []flagCase[esInspectOptions]{
		{argv: "-", want: esInspectOptions{Token: "-"}},
		{argv: "tok --verify", want: esInspectOptions{Token: "tok", Verify: true}},
		{argv: "", wantErr: "accepts 1 arg(s), received 0"},
	})
}

func TestECECreateFlags(t *testing.T) {
	testFlags(t, withApp(newECECreate), []flagCase[eceCreateOptions]{
		{argv: "--role proxy", want: eceCreateOptions{Roles: []string{"proxy"}}},
		{argv: "-r proxy -r allocator -v 2h --command", want: eceCreateOptions{Roles: []string{"proxy", "allocator"}, Validity: 2 * time.Hour, Enroll: enrollFlags{command: true}}},
		{argv: "", wantErr: `required flag(s) "role" not set`},
		{argv: "--role proxy --validity -1s", wantErr: "--validity must be positive", usage: true},
		{argv: "--role proxy --validity 600000h", wantErr: "exceeds max allowed", usage: true},
		{argv: "--role proxy --platform x", wantErr: "unknown flag: --platform"},
	})
}

func TestECEListFlags(t *testing.T) {
	testFlags(t, withApp(newECEList), []flagCase[eceListOptions]{
		{argv: "", want: eceListOptions{}},
		{argv: "x", wantErr: `unknown command "x"`},
	})
}

func TestECEDeleteFlags(t *testing.T) {
	testFlags(t, withApp(newECEDelete), []flagCase[eceDeleteOptions]{
		{argv: "t1", want: eceDeleteOptions{ID: "t1"}},
		{argv: "t1 --force", want: eceDeleteOptions{ID: "t1", Yes: true}},
		{argv: "t1 -y --dry-run", want: eceDeleteOptions{ID: "t1", Yes: true, DryRun: true}},
		{argv: "a b", wantErr: "accepts 1 arg(s), received 2"},
	})
	_, err := parseFlags(withApp(newECEDelete), []string{" "})
	if err == nil || !strings.Contains(err.Error(), "token cannot be empty") {
		t.Errorf("a blank id: %v, want token cannot be empty", err)
	}
}

func TestAuditFlags(t *testing.T) {
	high, _ := audit.ParseSeverity("high")
	low, _ := audit.ParseSeverity("low")
	testFlags(t, withApp(newAuditCommand), []flagCase[auditOptions]{
		{argv: "", want: auditOptions{FailOn: "high", failOn: high}},
		{argv: "--profile a --profile b --all-spaces --partial-ok --unused-for 30d --older-than 12h --expiring-within 7d --fail-on low",
			want: auditOptions{Profiles: profileFlags{names: []string{"a", "b"}}, AllSpaces: true, PartialOK: true,
				UnusedFor: "30d", OlderThan: "12h", ExpiringWithin: "7d", FailOn: "low", failOn: low,
				rules: audit.Options{UnusedFor: 30 * 24 * time.Hour, OlderThan: 12 * time.Hour, ExpiringWithin: 7 * 24 * time.Hour}}},
		{argv: "--all-profiles", want: auditOptions{Profiles: profileFlags{all: true}, FailOn: "high", failOn: high}},
		{argv: "--fail-on severe", wantErr: "--fail-on:", usage: true},
		{argv: "--unused-for 0d", wantErr: "--unused-for: want a duration such as 30d", usage: true},
		{argv: "--older-than soon", wantErr: "--older-than:", usage: true},
	})
}

func TestDemoServeFlags(t *testing.T) {
	testFlags(t, newDemoServe, []flagCase[demoServeOptions]{
		{argv: "--fault bogus", wantErr: "bogus", usage: true},
		{argv: "x", wantErr: `unknown command "x"`},
	})
	o, err := parseFlags(newDemoServe, strings.Fields("--seed 3 --env-file /tmp/e --kibana-version 9.4.0 --fleet-tokens 10 --profiles 2 --es-path-conf /tmp/c"))
	if err != nil {
		t.Fatal(err)
	}
	want := sim.Options{Seed: 3, KibanaVersion: "9.4.0", FleetTokens: 10}
	if o.Sim != want || o.EnvFile != "/tmp/e" || o.Profiles != 2 || o.ESPathConf != "/tmp/c" || o.Out == nil || o.Err == nil || o.Ctx == nil {
		t.Errorf("demo serve: %+v", o)
	}
	if o, _ = parseFlags(newDemoServe, nil); o.Sim.Seed != 1 || o.Profiles != 1 {
		t.Errorf("demo serve's defaults: seed %d, profiles %d; want 1 and 1", o.Sim.Seed, o.Profiles)
	}
}

func TestDemoEnrollFlags(t *testing.T) {
	testFlags(t, withApp(newDemoEnroll), []flagCase[demoEnrollOptions]{
		{argv: "tok", want: demoEnrollOptions{Token: "tok"}},
		{argv: "- --scope kibana --collector", want: demoEnrollOptions{Token: "-", Scope: "kibana", Collector: true}},
		{argv: "tok --scope admin", wantErr: "--scope must be node or kibana", usage: true},
		{argv: "", wantErr: "accepts 1 arg(s), received 0"},
	})
}

func TestManFlags(t *testing.T) {
	root := &cobra.Command{Use: "tokentui"}
	build := func(runF func(*manOptions) error) *cobra.Command { return newMan(root, runF) }
	testFlags(t, build, []flagCase[manOptions]{
		{argv: "/tmp/man", want: manOptions{Root: root, Dir: "/tmp/man"}},
		{argv: "", wantErr: "accepts 1 arg(s), received 0"},
	})
}
