package main

import (
	"fmt"
	"time"
)

func init() { extraFigures = append(extraFigures, auditCost) }

// auditCost pairs `audit --all-profiles -o json` with the same profiles'
// `fleet list --all-profiles --all -o json`, over `demo serve --profiles 2
// --fleet-tokens 10000` (2 profiles × 10,000 extra Fleet tokens; the
// second profile has no Fleet Server logs). --fail-on critical keeps the
// audit's exit 0 (the demo has high findings, none critical). Time per run
// and peak RSS, each paired in one run.
func auditCost(t *table, b bins) {
	srv, err := startProfilesServer(b.tokentui, 2, 10000)
	check(err)
	defer srv.stop()
	env := srv.environ()
	audit := []string{"audit", "--all-profiles", "--fail-on", "critical", "-o", "json"}
	list := []string{"fleet", "list", "--all-profiles", "--all", "-o", "json"}
	var rssA, rssB []float64
	run := func(args []string, rss *[]float64) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			d, peak, err := runTimed(b.tokentui, args, env)
			*rss = append(*rss, float64(peak))
			return d, err
		}
	}
	p := paired(*bigRuns, run(audit, &rssA), run(list, &rssB))
	t.pair("audit, 2 profiles × 10k Fleet tokens", "`fleet list --all-profiles --all -o json`", p, 1.5)
	if p.err == nil {
		r := median(rssA) / median(rssB)
		t.add("audit peak RSS, 2 profiles × 10k", mib(int64(median(rssA))), "the same list", mib(int64(median(rssB))),
			fmt.Sprintf("%.2f×", r), "≤ 1.5×", verdict(r <= 1.5))
	}
}

// startProfilesServer starts `demo serve --profiles n`; its last line is
// TOKENTUI_DEMO_CONTROL_URL.
func startProfilesServer(bin string, profiles, fleetTokens int) (*demoServer, error) {
	return startServe(bin, []string{"demo", "serve", "--profiles", fmt.Sprint(profiles), "--fleet-tokens", fmt.Sprint(fleetTokens)}, "TOKENTUI_DEMO_CONTROL_URL")
}
