// Command bench measures tokentui end to end and prints a table: the real
// binary runs in a pseudo-terminal whose output feeds a terminal emulator
// (TERM=xterm-256color, no COLORTERM: an SSH-like terminal that answers
// the program's queries), each figure beside its baseline, measured side by
// side in one run (alternating A/B runs, medians, ratios pair by pair).
//
// Baselines, built here from ./baseline: minitea (a Bubble Tea v2 program
// that draws one static line), minihttps (one HTTPS GET trusting a CA
// file), hello (a Go hello world), fleetpages (fetches and decodes every
// page of Fleet tokens: the floor of the 100,000-token figures).
//
// Run it from the repository root (it builds ./cmd/tokentui itself):
//
//	(cd .ci/bench && go run .)            # everything but the test suite, about 10 minutes
//	(cd .ci/bench && go run . -big=false) # without the 10,000 and 100,000-token figures
//	(cd .ci/bench && go run . -tests)     # also `go test -race ./...`, warm and cold
//
// Every ratio is against a baseline measured in the same run. The cold
// build uses a fresh, private GOCACHE (the shared cache is never cleaned).
//
// It never runs in CI's test step (too slow and machine-dependent); CI only
// vets it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	benchHome string
	runs      = flag.Int("n", 11, "paired runs per fast figure")
	bigRuns   = flag.Int("nbig", 3, "runs per 10k/100k figure")
	big       = flag.Bool("big", true, "measure the 10,000 and 100,000 Fleet token figures")
	binFlag   = flag.String("bin", "", "use this tokentui binary instead of building ./cmd/tokentui")
	peek      = flag.Bool("peek", false, "print the demo's screens and exit (to check the markers)")
	only      = flag.String("only", "", "measure only these sections (comma-separated: start, cli, render, big, extra, build)")
)

const cols, rows = 120, 40

type bins struct{ tokentui, minitea, minihttps, hello, fleetpages string }

func main() {
	flag.Parse()
	var err error
	benchHome, err = os.MkdirTemp("", "tokentui-bench-home")
	check(err)
	defer os.RemoveAll(benchHome)
	b := build()
	if *peek {
		peekScreens(b)
		return
	}
	t := &table{}
	load0 := loadAvg()

	for _, s := range []struct {
		name string
		run  func()
	}{
		{"start", func() { coldStart(t, b) }},
		{"cli", func() { cliVsHTTPS(t, b) }},
		{"render", func() { renderBytes(t, b); renderBytesFleet(t, b) }},
		{"big", func() {
			if *big {
				bigFleet(t, b)
			}
		}},
		{"extra", func() {
			for _, f := range extraFigures {
				f(t, b)
			}
		}},
		{"build", func() { buildAndTests(t) }},
	} {
		if *only == "" || slices.Contains(strings.Split(*only, ","), s.name) {
			s.run()
		}
	}
	t.print(load0, loadAvg())
}

// build compiles tokentui (unless -bin) and the baselines into a
// temporary directory.
func build() bins {
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	check(err)
	top := strings.TrimSpace(string(root))
	dir := filepath.Join(benchHome, "bin")
	goBuild := func(pkgDir, pkg, out string) string {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, out), pkg)
		cmd.Dir = pkgDir
		cmd.Stderr = os.Stderr
		check(cmd.Run())
		return filepath.Join(dir, out)
	}
	var b bins
	if *binFlag != "" {
		b.tokentui, err = filepath.Abs(*binFlag)
		check(err)
	} else {
		b.tokentui = goBuild(top, "./cmd/tokentui", "tokentui")
	}
	benchDir := filepath.Join(top, ".ci", "bench")
	b.minitea = goBuild(benchDir, "./baseline/minitea", "minitea")
	b.minihttps = goBuild(benchDir, "./baseline/minihttps", "minihttps")
	b.hello = goBuild(benchDir, "./baseline/hello", "hello")
	b.fleetpages = goBuild(benchDir, "./baseline/fleetpages", "fleetpages")
	return b
}

// Screen markers.
var (
	shownRe    = regexp.MustCompile(`[1-9][\d,]* shown`)
	fleetTabRe = regexp.MustCompile(`Fleet (\d[\d,]*)`)
	miniReady  = func(s string) bool { return strings.Contains(s, "minimal bubble tea ready") }
	hasData    = func(s string) bool { return shownRe.MatchString(s) }
)

// fleetAtLeast is true once the Fleet tab counts n tokens or more.
func fleetAtLeast(n int) func(string) bool {
	return func(s string) bool {
		m := fleetTabRe.FindStringSubmatch(s)
		if m == nil {
			return false
		}
		v, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		return v >= n
	}
}

// firstFrame is start → ready(screen) for one TUI run, and its peak RSS.
func firstFrame(bin string, args, env []string, ready func(string) bool, timeout time.Duration) (time.Duration, int64, error) {
	s, err := startSession(bin, args, env, cols, rows)
	if err != nil {
		return 0, 0, err
	}
	at, err := s.waitFor(strings.Join(append([]string{filepath.Base(bin)}, args...), " "), ready, timeout)
	rss, _ := s.stop()
	if err != nil {
		return 0, 0, err
	}
	return at.Sub(s.start), rss, nil
}

func coldStart(t *table, b bins) {
	mini := func() (time.Duration, error) {
		d, _, err := firstFrame(b.minitea, nil, termEnv(), miniReady, 10*time.Second)
		return d, err
	}
	demo := func() (time.Duration, error) {
		d, _, err := firstFrame(b.tokentui, []string{"--demo"}, termEnv(), hasData, 10*time.Second)
		return d, err
	}
	t.pair("cold start → first frame with data, `--demo`", "minimal Bubble Tea v2", paired(*runs, demo, mini), 1.1)

	srv, err := startDemoServer(b.tokentui, 0)
	check(err)
	defer srv.stop()
	tls := func() (time.Duration, error) {
		d, _, err := firstFrame(b.tokentui, nil, srv.environ(), hasData, 10*time.Second)
		return d, err
	}
	t.pair("cold start → first frame with data, `demo serve` over TLS", "minimal Bubble Tea v2", paired(*runs, tls, mini), 1.25)

	// Peak RSS of a short session, beside the minimal program's.
	_, rssT, err := firstFrame(b.tokentui, []string{"--demo"}, termEnv(), hasData, 10*time.Second)
	check(err)
	_, rssM, err := firstFrame(b.minitea, nil, termEnv(), miniReady, 10*time.Second)
	check(err)
	t.rss("peak RSS, `--demo` to first frame", "minimal Bubble Tea v2", rssT, rssM)
}

func cliVsHTTPS(t *table, b bins) {
	srv, err := startDemoServer(b.tokentui, 0)
	check(err)
	defer srv.stop()
	env := srv.environ()
	ca := srv.env["TOKENTUI_CA_CERT"]
	timed := func(bin string, env []string, args ...string) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			d, _, err := runTimed(bin, args, env)
			return d, err
		}
	}
	eceURL := srv.env["EC_HOST"] + "/api/v1/regions/ece-region/platform/configuration/security/enrollment-tokens"
	eceEnv := append(env[:len(env):len(env)], "BENCH_AUTH=ApiKey "+srv.env["EC_API_KEY"])
	t.pair("`ece list` with a CA file", "one HTTPS GET (minimal Go)", paired(*runs,
		timed(b.tokentui, env, "ece", "list"), timed(b.minihttps, eceEnv, ca, eceURL)), 1.15)

	fleetURL := srv.env["KIBANA_URL"] + "/api/fleet/enrollment_api_keys?page=1&perPage=1000"
	fleetEnv := append(env[:len(env):len(env)], "BENCH_AUTH="+kibanaBasic(srv))
	t.pair("`fleet list` (one page) with a CA file", "one HTTPS GET (minimal Go)", paired(*runs,
		timed(b.tokentui, env, "fleet", "list"), timed(b.minihttps, fleetEnv, ca, fleetURL)), 1.15)
	t.pair("`tokentui --version`", "hello world", paired(*runs,
		timed(b.tokentui, env, "--version"), timed(b.hello, env)), 1.5)
}

func peekScreens(b bins) {
	m, err := startSession(b.minitea, nil, termEnv(), cols, rows)
	check(err)
	_, err = m.waitFor("minitea", miniReady, 10*time.Second)
	check(err)
	m.stop()
	for _, c := range m.chunks {
		fmt.Printf("minitea %8.2f ms %6d bytes\n", ms(c.at), c.n)
	}
	s, err := startSession(b.tokentui, []string{"--demo"}, termEnv(), cols, rows)
	check(err)
	_, err = s.waitFor("data", hasData, 10*time.Second)
	check(err)
	fmt.Println(s.screen())
	s.mu.Lock()
	for _, c := range s.chunks {
		fmt.Printf("%8.2f ms %6d bytes data=%v\n", ms(c.at), c.n, c.data)
	}
	s.mu.Unlock()
	for _, k := range []string{"3", "j", "\x1b[6~", "/"} {
		s.mu.Lock()
		from := len(s.raw)
		s.mu.Unlock()
		n := s.bytesFor(k)
		s.mu.Lock()
		fmt.Printf("---- after %q: %d bytes: %q\n%s\n", k, n, s.raw[from:], s.emu.String())
		s.mu.Unlock()
	}
	for _, tab := range []string{"1", "2", "3"} {
		_ = s.bytesFor("\x1b")
		_ = s.bytesFor(tab)
		fmt.Printf("tab %s:", tab)
		for _, k := range []string{"j", "j", "k", "k", keyPgDown, keyPgUp} {
			s.mu.Lock()
			from := len(s.raw)
			s.mu.Unlock()
			fmt.Printf(" %s=%d", strings.Trim(fmt.Sprintf("%q", k), `"`), s.bytesFor(k))
			if k == "j" {
				s.mu.Lock()
				fmt.Printf("\n%q\n", s.raw[from:])
				s.mu.Unlock()
			}
		}
		fmt.Println()
	}
	rss, _ := s.stop()
	fmt.Println("peak RSS KiB:", rss)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// cleanups stop what the bench started (demo servers) when it fails.
var cleanups []func()

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
		os.RemoveAll(benchHome)
		os.Exit(1)
	}
}
