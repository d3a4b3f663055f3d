package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

func init() { extraFigures = append(extraFigures, resortCost) }

// resortBench is the ui package's benchmark: a sort key press on 100,000
// Fleet tokens, drawn, timed beside a filter keystroke on the same tab in
// the same process (its ratio-to-filter metric).
var resortBench = regexp.MustCompile(`BenchmarkSort100k\S*\s+\d+\s+(\d+) ns/op\s+([\d.]+) ms/filter-key\s+([\d.]+) ratio-to-filter`)

// resortCost runs BenchmarkSort100k (go test -bench, the only harness that
// reaches a key press inside the model without a terminal's noise) and
// reports the re-sort's frame beside a filter keystroke's: the goal is that
// a re-sort fits the frame a filter keystroke gets (16 ms at 60 Hz).
func resortCost(t *table, _ bins) {
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	check(err)
	cmd := exec.Command("go", "test", "./ui", "-run", "^$", "-bench", "^BenchmarkSort100k$", "-benchtime", "20x", "-count", "3")
	cmd.Dir = strings.TrimSpace(string(root))
	out, err := cmd.CombinedOutput()
	const figure = "re-sort of 100,000 Fleet tokens (key + draw)"
	if err != nil {
		t.add(figure, "error: "+oneLine(fmt.Errorf("%v: %s", err, out)), "a filter keystroke", "", "", "", "")
		return
	}
	var sortMS, filterMS, ratios []float64
	for _, m := range resortBench.FindAllStringSubmatch(string(out), -1) {
		ns, _ := strconv.ParseFloat(m[1], 64)
		f, _ := strconv.ParseFloat(m[2], 64)
		r, _ := strconv.ParseFloat(m[3], 64)
		sortMS, filterMS, ratios = append(sortMS, ns/1e6), append(filterMS, f), append(ratios, r)
	}
	if len(sortMS) == 0 {
		t.add(figure, "error: no benchmark line", "a filter keystroke", "", "", "", "")
		return
	}
	s := median(sortMS)
	t.add(figure, fmt.Sprintf("%.1f ms", s), "a filter keystroke, same tab", fmt.Sprintf("%.1f ms", median(filterMS)),
		fmt.Sprintf("%.2f×", median(ratios)), "≤ 16 ms (one frame)", verdict(s <= 16))
}
