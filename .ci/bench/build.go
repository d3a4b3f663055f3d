package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

var (
	coldBuild = flag.Bool("build", true, "measure a cold `go build ./cmd/tokentui` (CPU seconds, fresh build cache)")
	testTimes = flag.Bool("tests", false, "measure `go test -race ./...` warm and cold (several minutes each)")
)

// buildAndTests measures the newcomer's figures: a cold build in a fresh,
// private build cache (the shared cache is never cleaned), beside a cold
// build of a hello world in another fresh cache (the floor: the standard
// library alone), and, with -tests, `go test -race ./...` with the warm
// cache and with a fresh one.
func buildAndTests(t *table) {
	if !*coldBuild {
		t.add("cold `go build ./cmd/tokentui`, CPU", "not measured (-build=false)", "", "", "", "≤ 60 s CPU", "")
	} else {
		cpu, wall, err := goCold("build", "-o", os.DevNull, "./cmd/tokentui")
		check(err)
		hcpu, hwall, err := goColdIn(filepath.Join(repoRoot(), ".ci", "bench"), "build", "-o", os.DevNull, "./baseline/hello")
		check(err)
		t.add("cold `go build ./cmd/tokentui`, CPU (wall)", fmt.Sprintf("%.0f s (%.0f s)", cpu.Seconds(), wall.Seconds()),
			"cold build of a hello world", fmt.Sprintf("%.0f s (%.0f s)", hcpu.Seconds(), hwall.Seconds()),
			fmt.Sprintf("%.2f×", cpu.Seconds()/hcpu.Seconds()), "≤ 60 s CPU", verdict(cpu <= 60*time.Second))
	}
	if !*testTimes {
		t.add("`go test -race ./...` warm / cold", "not measured (run with -tests)", "", "", "", "≤ 2 min / ≤ 6 min", "")
		return
	}
	warmCPU, warmWall, warmJSON, err := goTest(nil)
	check(err)
	coldCache, err := os.MkdirTemp("", "tokentui-bench-gocache")
	check(err)
	defer os.RemoveAll(coldCache)
	coldCPU, coldWall, _, err := goTest([]string{"GOCACHE=" + coldCache})
	check(err)
	t.add("`go test -race ./...` warm / cold, wall (CPU)", fmt.Sprintf("%s (%s) / %s (%s)", warmWall.Round(time.Second), warmCPU.Round(time.Second),
		coldWall.Round(time.Second), coldCPU.Round(time.Second)),
		"", "", "", "≤ 2 min / ≤ 6 min", verdict(warmWall <= 2*time.Minute && coldWall <= 6*time.Minute))
	slowest(t, warmJSON)
}

// goTest runs `go test -race -count=1 -json ./...` in the repository root
// and returns its CPU and wall time and its JSON events.
func goTest(env []string) (cpu, wall time.Duration, events []byte, err error) {
	cmd := exec.Command("go", "test", "-race", "-count=1", "-json", "./...")
	cmd.Dir = repoRoot()
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, nil, fmt.Errorf("go test: %v: failed: %s\n%s", err, failed(out.Bytes()), errb.String())
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), time.Since(t0), out.Bytes(), nil
}

// testEvent is one line of `go test -json`.
type testEvent struct {
	Action, Package, Test string
	Elapsed               float64
}

func testEvents(events []byte) []testEvent {
	var out []testEvent
	for line := range bytes.SplitSeq(events, []byte("\n")) {
		var e testEvent
		if json.Unmarshal(line, &e) == nil {
			out = append(out, e)
		}
	}
	return out
}

// failed names the tests (or packages) that failed.
func failed(events []byte) string {
	var names []string
	for _, e := range testEvents(events) {
		if e.Action == "fail" {
			names = append(names, strings.TrimSpace(strings.TrimPrefix(e.Package, "github.com/tokentui/tokentui/")+" "+e.Test))
		}
	}
	return strings.Join(names, ", ")
}

// slowest adds a row per package of the warm run (its wall time, as go
// test reports it) and one for its slowest top-level tests.
func slowest(t *table, events []byte) {
	type elapsed struct {
		name string
		s    float64
	}
	var pkgs, tests []elapsed
	for _, e := range testEvents(events) {
		if e.Action != "pass" && e.Action != "fail" {
			continue
		}
		pkg := strings.TrimPrefix(e.Package, "github.com/tokentui/tokentui/")
		switch {
		case e.Test == "":
			pkgs = append(pkgs, elapsed{pkg, e.Elapsed})
		case !strings.Contains(e.Test, "/"):
			tests = append(tests, elapsed{pkg + " " + e.Test, e.Elapsed})
		}
	}
	longest := func(v []elapsed, n int) string {
		slices.SortFunc(v, func(a, b elapsed) int { return cmp.Compare(b.s, a.s) })
		var parts []string
		for _, e := range v[:min(n, len(v))] {
			parts = append(parts, fmt.Sprintf("%s %.1f s", e.name, e.s))
		}
		return strings.Join(parts, "; ")
	}
	t.add("warm run: slowest packages", longest(pkgs, 6), "", "", "", "", "")
	t.add("warm run: slowest tests", longest(tests, 8), "", "", "", "", "")
}

func repoRoot() string {
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	check(err)
	return strings.TrimSpace(string(root))
}

// goCold runs go in the repository root with a fresh, private GOCACHE.
func goCold(args ...string) (cpu, wall time.Duration, err error) {
	return goColdIn(repoRoot(), args...)
}

func goColdIn(dir string, args ...string) (cpu, wall time.Duration, err error) {
	cache, err := os.MkdirTemp("", "tokentui-bench-gocache")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(cache)
	return goIn(dir, []string{"GOCACHE=" + cache}, args...)
}

// goIn runs go and returns its CPU time (user + system, its compilers and
// linkers included: they are children it waited for) and wall time.
func goIn(dir string, env []string, args ...string) (cpu, wall time.Duration, err error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), time.Since(t0), nil
}
