package enrollcmd

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tokentui/tokentui/backend"
)

// The programs an enroll command may run; pwned is what a hostile value
// tries to run. Each stub logs its name and argv and does nothing else.
var stubs = []string{"curl", "tar", "sudo", "dpkg", "rpm", "systemctl", "docker", "kubectl", "bash", "pwned"}

// Values a hostile server could send that are still a URL or roles: each
// must reach its program as one argument, verbatim.
var hostileURLs = []string{
	"https://fleet.example:8220/$(pwned)",
	"https://fleet.example:8220/`pwned`",
	"https://fleet.example:8220/a'b;pwned;'",
	`https://fleet.example:8220/"$(pwned)"`,
	"https://fleet.example:8220/a|pwned&b>c<d",
	"https://fleet.example:8220/#$(pwned)",
	"https://fleet.example:8220/\u2019;pwned;\u2018",
	`https://fleet.example:8220/\"\\$x{y}`,
}

// Values that are not what they claim to be: refused, whatever the platform.
var (
	refusedVersions = []string{"9.1.0$(pwned)", "9.1.0`pwned`", "9.1.0;pwned", "9.1.0\npwned", "9.1.0'", "9.1", ""}
	refusedURLs     = []string{"https://f:8220\npwned", "https://f:8220\n#     value: x", "https://f:8220 ;pwned", "https://f\t:8220",
		"ftp://f", "https://", "/relative", "https://f/\u202e", "https://user:pw@f"}
	refusedTokens = []string{"abc$(pwned)", "a b", "a'b", "a\nb", "`pwned`"}
)

const goodTok = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="

// shellRun runs cmd with a real shell (sh, or bash for the ECE command's
// process substitution) where PATH holds only the stubs, and returns the
// programs run, each as its argv.
func shellRun(t *testing.T, shell, cmd string) [][]string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "stubs")
	log := filepath.Join(dir, "log")
	for _, d := range []string{bin, filepath.Join(dir, "work", "bin")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	stub := "#!/bin/sh\nprintf '%s\\0' \"${0##*/}\" \"$@\" >>'" + log + "'\nprintf '\\1' >>'" + log + "'\n"
	for _, name := range stubs {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The archives' own programs, run from the unpacked directory.
	for _, name := range []string{"elasticsearch", "kibana-setup"} {
		if err := os.WriteFile(filepath.Join(dir, "work", "bin", name), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	c := exec.Command(shell, "-c", cmd)
	c.Dir = filepath.Join(dir, "work")
	c.Env = []string{"PATH=" + bin, "HOME=" + dir}
	var stderr bytes.Buffer
	c.Stderr = &stderr
	_ = c.Run() // cd into a directory that was never unpacked fails: harmless
	raw, err := os.ReadFile(log)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var runs [][]string
	for _, rec := range strings.Split(string(raw), "\x01") {
		if rec == "" {
			continue
		}
		runs = append(runs, strings.Split(strings.TrimSuffix(rec, "\x00"), "\x00"))
	}
	return runs
}

// tally counts the figures the hostile-command test reports.
type tally struct{ cells, refused, injected int }

func (tl *tally) check(t *testing.T, what string, runs [][]string, wantArgs ...string) {
	t.Helper()
	tl.cells++
	for _, r := range runs {
		if r[0] == "pwned" {
			tl.injected++
			t.Errorf("%s: an injected command ran: %q", what, r)
		}
		if !slices.Contains(stubs, r[0]) && r[0] != "elasticsearch" && r[0] != "kibana-setup" {
			t.Errorf("%s: an unexpected program ran: %q", what, r)
		}
	}
	for _, want := range wantArgs {
		found := false
		for _, r := range runs {
			found = found || slices.Contains(r[1:], want)
		}
		if !found {
			t.Errorf("%s: no program got the argument %q verbatim; runs: %q", what, want, runs)
		}
	}
}

func TestHostileValuesNeverRunInACopiedCommand(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	var tl tally
	tok := backend.NewSecret(goodTok)
	// Fleet: every platform, every hostile URL.
	for _, u := range hostileURLs {
		in := FleetInput{URL: u, Version: "9.1.0"}
		for _, p := range Platforms(Fleet) {
			cmd, err := FleetCommand(p, in, tok)
			tl.cells++
			if err != nil { // refusing a value is safe too
				tl.refused++
				continue
			}
			tl.cells--
			what := string(p) + " " + u
			switch p {
			case Windows:
				tl.cells++
				checkPowerShell(t, what, cmd.Reveal(), "--url="+u, "--enrollment-token="+goodTok)
			case Kubernetes:
				tl.check(t, what, shellRun(t, "sh", cmd.Reveal()))
				checkManifestComment(t, what, cmd.Reveal(), u, goodTok)
			case Docker:
				tl.check(t, what, shellRun(t, "sh", cmd.Reveal()), "FLEET_URL="+u, "FLEET_ENROLLMENT_TOKEN="+goodTok)
			case Linux, LinuxAarch64, MacAarch64, MacX8664, DEB, DEBAarch64, RPM, RPMAarch64:
				for _, sh := range []string{"sh", "bash"} {
					tl.check(t, what+" ("+sh+")", shellRun(t, sh, cmd.Reveal()), "--url="+u, "--enrollment-token="+goodTok)
				}
			default: // other forms (OpenTelemetry collectors…): nothing injected may run
				tl.check(t, what, shellRun(t, "sh", cmd.Reveal()))
			}
		}
	}
	// The refusals are checked on every Fleet platform, the variants
	// (OpenTelemetry, token read from a prompt) included; a collector's
	// command holds no version.
	for _, p := range Platforms(Fleet) {
		for _, v := range refusedVersions {
			if p == OTel || p == OTelRead {
				break
			}
			tl.cells++
			if _, err := FleetCommand(p, FleetInput{URL: fleetURL, Version: v}, tok); err == nil {
				t.Errorf("%s: version %q accepted", p, v)
			} else {
				tl.refused++
			}
		}
		for _, u := range refusedURLs {
			tl.cells++
			if _, err := FleetCommand(p, FleetInput{URL: u, Version: "9.1.0"}, tok); err == nil {
				t.Errorf("%s: URL %q accepted", p, u)
			} else {
				tl.refused++
			}
		}
		for _, bad := range refusedTokens {
			tl.cells++
			if _, err := FleetCommand(p, FleetInput{URL: fleetURL, Version: "9.1.0"}, backend.NewSecret(bad)); err == nil {
				t.Errorf("%s: token %q accepted", p, bad)
			} else {
				tl.refused++
			}
		}
	}
	// Elasticsearch: node and kibana, every platform.
	for _, k := range []Kind{Node, Kibana} {
		for _, p := range Platforms(k) {
			cmd, err := ElasticsearchCommand(k, p, "9.1.0", backend.NewSecret(goodTok))
			if err != nil {
				t.Fatal(err)
			}
			what := string(k) + " " + string(p)
			if p == Windows {
				tl.cells++
				checkPowerShell(t, what, cmd.Reveal(), "--enrollment-token", goodTok)
			} else {
				wantArgs := []string{goodTok}
				switch {
				case k == Kibana && p == Docker: // the token is shown in a comment, for the setup page
					wantArgs = nil
				case p == Docker:
					wantArgs = []string{"ENROLLMENT_TOKEN=" + goodTok}
				}
				tl.check(t, what, shellRun(t, "sh", cmd.Reveal()), wantArgs...)
			}
			for _, bad := range refusedTokens {
				tl.cells++
				if _, err := ElasticsearchCommand(k, p, "9.1.0", backend.NewSecret(bad)); err == nil {
					t.Errorf("%s: token %q accepted", what, bad)
				} else {
					tl.refused++
				}
			}
			if p == Docker {
				for _, v := range refusedVersions {
					tl.cells++
					if _, err := ElasticsearchCommand(k, p, v, backend.NewSecret(goodTok)); err == nil {
						t.Errorf("%s: version %q accepted", what, v)
					} else {
						tl.refused++
					}
				}
			}
		}
	}
	// ECE: hostile roles reach the installer as one argument.
	for _, roles := range [][]string{{"allocator';pwned;'"}, {"$(pwned)", "proxy"}, {"`pwned`"}, {`a"b`, "c|pwned"}} {
		cmd, err := ECECommand(ECEInput{Coordinator: "ece.example.com", Roles: roles, Version: "3.8.0"}, backend.NewSecret("a.b.c"))
		if err != nil {
			t.Fatal(err)
		}
		tl.check(t, "ece "+strings.Join(roles, ","), shellRun(t, "bash", cmd.Reveal()), strings.Join(roles, ","), "a.b.c")
	}
	for _, v := range refusedVersions[:5] {
		tl.cells++
		if _, err := ECECommand(ECEInput{Coordinator: "ece.example.com", Version: v}, backend.NewSecret("a.b.c")); err == nil {
			t.Errorf("ece: version %q accepted", v)
		} else {
			tl.refused++
		}
	}
	t.Logf("hostile-command cells: %d run, %d refused, %d injected commands ran", tl.cells, tl.refused, tl.injected)
}

// checkPowerShell parses each line as PowerShell would read its arguments
// and checks that every argument is a plain word or a verbatim
// single-quoted string, and that want are among them, unchanged. (No pwsh
// is at hand; this parses by PowerShell's quoting rules: in '…' nothing
// expands and a quote character, ASCII or typographic, is doubled.)
func checkPowerShell(t *testing.T, what, cmd string, want ...string) {
	t.Helper()
	var args []string
	for _, line := range strings.Split(cmd, "\n") {
		if line == "$ProgressPreference = 'SilentlyContinue'" { // the program's own text, no value in it
			continue
		}
		words, err := psWords(line)
		if err != nil {
			t.Errorf("%s: %v in %q", what, err, line)
			return
		}
		args = append(args, words...)
	}
	for _, w := range want {
		if !slices.Contains(args, w) {
			t.Errorf("%s: PowerShell would not pass %q verbatim; args %q", what, w, args)
		}
	}
}

func psWords(line string) ([]string, error) {
	const quotes = "'\u2018\u2019\u201a\u201b"
	var words []string
	rs := []rune(line)
	for i := 0; i < len(rs); {
		if rs[i] == ' ' {
			i++
			continue
		}
		if strings.ContainsRune(quotes, rs[i]) {
			var b strings.Builder
			i++
			for {
				if i >= len(rs) {
					return nil, errString("an unterminated quoted string")
				}
				if strings.ContainsRune(quotes, rs[i]) {
					if i+1 < len(rs) && strings.ContainsRune(quotes, rs[i+1]) {
						b.WriteRune(rs[i])
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteRune(rs[i])
				i++
			}
			if i < len(rs) && rs[i] != ' ' {
				return nil, errString("a quoted string glued to more text")
			}
			words = append(words, b.String())
			continue
		}
		start := i
		for i < len(rs) && rs[i] != ' ' {
			if strings.ContainsRune("$`;|&(){}@,\"<>#"+quotes, rs[i]) && !(rs[i] == '\'' && start == 0) {
				return nil, errString("a bare word with a character PowerShell reads specially: " + string(rs[i]))
			}
			i++
		}
		words = append(words, string(rs[start:i]))
	}
	return words, nil
}

type errString string

func (e errString) Error() string { return string(e) }

// checkManifestComment un-comments the Kubernetes lines and parses them as
// YAML: the URL and token must come back unchanged, and nothing may have
// left the comment.
func checkManifestComment(t *testing.T, what, cmd, url, tok string) {
	t.Helper()
	var doc []string
	for _, line := range strings.Split(cmd, "\n") {
		if rest, ok := strings.CutPrefix(line, "#   "); ok {
			doc = append(doc, rest)
		} else if !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "curl ") && !strings.HasPrefix(line, "kubectl ") {
			t.Errorf("%s: a line outside the comment: %q", what, line)
		}
	}
	var env []struct{ Name, Value string }
	if err := yaml.Unmarshal([]byte(strings.Join(doc, "\n")), &env); err != nil {
		t.Fatalf("%s: the env entries do not parse as YAML: %v\n%s", what, err, strings.Join(doc, "\n"))
	}
	got := map[string]string{}
	for _, e := range env {
		got[e.Name] = e.Value
	}
	if got["FLEET_URL"] != url || got["FLEET_ENROLLMENT_TOKEN"] != tok || got["FLEET_ENROLL"] != "1" {
		t.Errorf("%s: YAML values changed: %q", what, got)
	}
}
