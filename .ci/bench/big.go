package main

import (
	"encoding/base64"
	"fmt"
	"time"
)

// kibanaBasic is the Authorization header value of the server's Kibana user.
func kibanaBasic(srv *demoServer) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(srv.env["KIBANA_USERNAME"]+":"+srv.env["KIBANA_PASSWORD"]))
}

// bigFleet measures 10,000 and 100,000 Fleet tokens: the simulator's seed
// time, the TUI's time to the full list and its RSS, `fleet list --all -o
// json`, the 100k/10k ratios, and a filter keystroke at 100k.
func bigFleet(t *table, b bins) {
	type fig struct{ seed, tui, tuiRSS, cli, cliRSS []float64 }
	figs := map[int]*fig{10000: {}, 100000: {}}
	servers := map[int]*demoServer{}
	for i := 0; i < *bigRuns; i++ {
		for _, n := range []int{10000, 100000} {
			srv, err := startDemoServer(b.tokentui, n)
			check(err)
			figs[n].seed = append(figs[n].seed, ms(srv.seed))
			if i == *bigRuns-1 {
				servers[n] = srv
			} else {
				srv.stop()
			}
		}
	}
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	var hello []float64
	for i := 0; i < *runs; i++ {
		d, _, err := runTimed(b.hello, nil, termEnv())
		check(err)
		hello = append(hello, ms(d))
	}
	// The floor: a minimal Go program that fetches and decodes the same
	// pages (baseline/fleetpages), run beside each tokentui figure.
	var floor, floorRSS []float64
	var tuiRatio, cliRatio []float64
	floorRun := func(srv *demoServer) (float64, float64) {
		d, rss, err := runTimed(b.fleetpages, []string{srv.env["TOKENTUI_CA_CERT"], srv.env["KIBANA_URL"]}, append(srv.environ(), "BENCH_AUTH="+kibanaBasic(srv)))
		check(err)
		return ms(d), float64(rss)
	}
	for i := 0; i < *bigRuns; i++ {
		for _, n := range []int{10000, 100000} {
			srv := servers[n]
			var f0, f1 float64
			if n == 100000 {
				var r float64
				f0, r = floorRun(srv)
				floor, floorRSS = append(floor, f0), append(floorRSS, r)
			}
			d, rss, err := firstFrame(b.tokentui, nil, srv.environ(), fleetAtLeast(n*9/10), 60*time.Second)
			check(err)
			figs[n].tui = append(figs[n].tui, ms(d))
			figs[n].tuiRSS = append(figs[n].tuiRSS, float64(rss))
			d, rss, err = runTimed(b.tokentui, []string{"fleet", "list", "--all", "-o", "json"}, srv.environ())
			check(err)
			figs[n].cli = append(figs[n].cli, ms(d))
			figs[n].cliRSS = append(figs[n].cliRSS, float64(rss))
			if n == 100000 {
				var r float64
				f1, r = floorRun(srv)
				floor, floorRSS = append(floor, f1), append(floorRSS, r)
				// Each figure against the mean of the floor runs around it.
				tuiRatio = append(tuiRatio, figs[n].tui[i]/((f0+f1)/2))
				cliRatio = append(cliRatio, figs[n].cli[i]/((f0+f1)/2))
			}
		}
	}
	f10, f100 := figs[10000], figs[100000]
	msv := func(v []float64) string { return fmt.Sprintf("%.0f ms", median(v)) }
	kib := func(v []float64) string { return mib(int64(median(v))) }
	lin := func(a, b []float64) (string, bool) {
		r := median(a) / median(b)
		return fmt.Sprintf("%.1f", r), r <= 11
	}
	add := func(figure, value string, goalOK bool, goal, baseName, base string) {
		t.add(figure, value, baseName, base, "", goal, verdict(goalOK))
	}
	const floorName = "minimal Go: fetch + decode the same pages"
	add("100k Fleet tokens: `demo serve --fleet-tokens 100000` seed", msv(f100.seed), median(f100.seed) <= 2000, "≤ 2 s", "hello world", msv(hello))
	t.add("100k: TUI start → full Fleet list", msv(f100.tui), floorName, msv(floor),
		fmt.Sprintf("%.2f×", median(tuiRatio)), "≤ 3×", verdict(median(tuiRatio) <= 3))
	t.add("100k: `fleet list --all -o json`", msv(f100.cli), floorName, msv(floor),
		fmt.Sprintf("%.2f×", median(cliRatio)), "≤ 3×", verdict(median(cliRatio) <= 3))
	t.add("100k: TUI peak RSS", kib(f100.tuiRSS), floorName, kib(floorRSS),
		fmt.Sprintf("%.2f×", median(f100.tuiRSS)/median(floorRSS)), "≤ 80 MiB", verdict(median(f100.tuiRSS) <= 80*1024))
	t.add("100k: `fleet list --all -o json` peak RSS", kib(f100.cliRSS), floorName, kib(floorRSS),
		fmt.Sprintf("%.2f×", median(f100.cliRSS)/median(floorRSS)), "≤ 80 MiB", verdict(median(f100.cliRSS) <= 80*1024))
	for _, r := range []struct {
		name     string
		big, ten []float64
	}{
		{"seed", f100.seed, f10.seed},
		{"TUI full list", f100.tui, f10.tui},
		{"TUI peak RSS", f100.tuiRSS, f10.tuiRSS},
		{"`fleet list --all -o json`", f100.cli, f10.cli},
		{"`fleet list --all -o json` peak RSS", f100.cliRSS, f10.cliRSS},
	} {
		ratio, ok := lin(r.big, r.ten)
		value := msv(r.ten)
		if len(r.name) > 4 && r.name[len(r.name)-3:] == "RSS" {
			value = kib(r.ten)
		}
		t.add("100k/10k: "+r.name, "at 10k: "+value, "", "", ratio+"×", "≤ 11×", verdict(ok))
	}

	// Filter keystroke with 100k tokens, beside the minimal program's key → frame.
	s, err := startSession(b.tokentui, nil, servers[100000].environ(), cols, rows)
	check(err)
	_, err = s.waitFor("100k list", fleetAtLeast(90000), 60*time.Second)
	check(err)
	_ = s.bytesFor("3")
	_ = s.bytesFor("/")
	const query = "bulk-42"
	lat, err := keyLatency(s, query, filterShows)
	_, _ = s.stop()
	check(err)
	base, err := miniKeyLatency(b, query)
	check(err)
	t.add("100k: filter keystroke → screen updated (median of 7)", fmt.Sprintf("%.1f ms", median(lat)),
		"minimal Bubble Tea v2 key → frame", fmt.Sprintf("%.1f ms", median(base)),
		fmt.Sprintf("%.2f×", median(lat)/median(base)), "≤ 16 ms", verdict(median(lat) <= 16))
}
