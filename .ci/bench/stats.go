package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

// pairs holds A/B measurements taken side by side.
type pairs struct {
	a, b   []float64 // milliseconds
	ratios []float64
	err    error
}

// paired runs a and b n times each, alternating which goes first.
func paired(n int, a, b func() (time.Duration, error)) pairs {
	var p pairs
	for i := 0; i < n; i++ {
		first, second := a, b
		if i%2 == 1 {
			first, second = b, a
		}
		d1, err := first()
		if err != nil {
			p.err = err
			return p
		}
		d2, err := second()
		if err != nil {
			p.err = err
			return p
		}
		if i%2 == 1 {
			d1, d2 = d2, d1
		}
		p.a = append(p.a, ms(d1))
		p.b = append(p.b, ms(d2))
		p.ratios = append(p.ratios, ms(d1)/ms(d2))
	}
	return p
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// table collects rows and prints them as Markdown.
type table struct {
	rows []string
	met  []string
}

// add appends a row; goal is a text, ok whether it is met ("" when there
// is no goal).
func (t *table) add(figure, value, baselineName, baseline, ratio, goal, ok string) {
	t.rows = append(t.rows, fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s |", figure, ratio, value, baselineName, baseline, goal, ok))
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "**not met**"
}

// pair adds a timed A/B row; maxRatio 0 means no goal.
func (t *table) pair(figure, baselineName string, p pairs, maxRatio float64) {
	if p.err != nil {
		t.add(figure, "error: "+oneLine(p.err), baselineName, "", "", "", "")
		return
	}
	r := median(p.ratios)
	goal, ok := "", ""
	if maxRatio > 0 {
		goal, ok = fmt.Sprintf("≤ %g×", maxRatio), verdict(r <= maxRatio)
	}
	t.add(figure, fmt.Sprintf("%.1f ms", median(p.a)), baselineName, fmt.Sprintf("%.1f ms", median(p.b)),
		fmt.Sprintf("%.2f×", r), goal, ok)
}

func (t *table) rss(figure, baselineName string, a, b int64) {
	t.add(figure, mib(a), baselineName, mib(b), fmt.Sprintf("%.2f×", float64(a)/float64(b)), "", "")
}

func mib(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

func oneLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return strings.ReplaceAll(s, "|", "/")
}

func (t *table) print(load0, load1 string) {
	fmt.Println("| figure | ratio | tokentui | baseline | baseline value | goal | |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, r := range t.rows {
		fmt.Println(r)
	}
	fmt.Println()
	fmt.Printf("Machine: %s, %d CPUs, %s/%s, %s; load average %s at start, %s at end.\n",
		cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), load0, load1)
	if c, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		fmt.Printf("Commit: %s", c)
	}
	fmt.Printf("Runs: %d paired runs per timed figure (medians; ratio = median of the pairs' ratios), %d per 10k/100k figure; %s.\n",
		*runs, *bigRuns, time.Now().UTC().Format("2006-01-02 15:04 UTC"))
}
