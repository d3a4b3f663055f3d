package main

import (
	"fmt"
	"strings"
	"time"
)

const (
	keyPgDown = "\x1b[6~"
	keyPgUp   = "\x1b[5~"
)

// bytesFor sends key once the program is quiet and returns the bytes it
// writes in answer (0 when nothing comes within 500 ms).
func (s *session) bytesFor(key string) int64 {
	s.settle(200*time.Millisecond, 3*time.Second)
	before := s.written()
	sent := time.Now()
	_ = s.send(key)
	deadline := sent.Add(500 * time.Millisecond)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		got := s.last.After(sent)
		s.mu.Unlock()
		if got {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	s.settle(150*time.Millisecond, 3*time.Second)
	return s.written() - before
}

// renderBytes counts the bytes a cursor move and a page scroll write at
// 120×40 on the demo's data, on every tab (medians over all moves).
func renderBytes(t *table, b bins) {
	s, err := startSession(b.tokentui, []string{"--demo"}, termEnv(), cols, rows)
	check(err)
	_, err = s.waitFor("demo data", hasData, 10*time.Second)
	check(err)
	var moves, pages []float64
	for _, tab := range []string{"1", "2", "3"} {
		_ = s.bytesFor(tab)
		for _, k := range []string{"j", "j", "k", "k", "j", "k"} {
			moves = append(moves, float64(s.bytesFor(k)))
		}
		for _, k := range []string{keyPgDown, keyPgUp, keyPgDown, keyPgUp} {
			pages = append(pages, float64(s.bytesFor(k)))
		}
	}
	_, _ = s.stop()
	mini, err := startSession(b.minitea, nil, termEnv(), cols, rows)
	check(err)
	_, err = mini.waitFor("minitea", miniReady, 10*time.Second)
	check(err)
	var base []float64
	for _, k := range []string{"j", "k", "j", "k", "j", "k"} {
		base = append(base, float64(mini.bytesFor(k)))
	}
	_, _ = mini.stop()
	t.add("bytes written per cursor move, 120×40, demo data (median of 18)", fmt.Sprintf("%.0f B", median(moves)),
		"minimal Bubble Tea v2 (one line redrawn)", fmt.Sprintf("%.0f B", median(base)), "", "≤ 350 B", verdict(median(moves) <= 350))
	t.add("bytes written per page scroll, 120×40, demo data (median of 12)", fmt.Sprintf("%.0f B", median(pages)),
		"", "", "", "≤ 2,000 B", verdict(median(pages) <= 2000))
}

// keyLatency is key → screen showing the typed text, for each of query's
// characters typed into the filter of a ready session (already on its
// tab, filter open).
func keyLatency(s *session, query string, shown func(string, string) bool) ([]float64, error) {
	var out []float64
	for i := range query {
		s.settle(100*time.Millisecond, 5*time.Second)
		typed := query[:i+1]
		t0 := time.Now()
		_ = s.send(query[i : i+1])
		at, err := s.waitFor("filter "+typed, func(scr string) bool { return shown(scr, typed) }, 10*time.Second)
		if err != nil {
			return nil, err
		}
		out = append(out, ms(at.Sub(t0)))
	}
	return out, nil
}

// filterShows is true once the filter line shows typed.
func filterShows(scr, typed string) bool {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "/"+typed) {
			return true
		}
	}
	return false
}

func miniKeyLatency(b bins, keys string) ([]float64, error) {
	s, err := startSession(b.minitea, nil, termEnv(), cols, rows)
	if err != nil {
		return nil, err
	}
	defer s.stop()
	if _, err := s.waitFor("minitea", miniReady, 10*time.Second); err != nil {
		return nil, err
	}
	var out []float64
	for i := range keys {
		s.settle(100*time.Millisecond, 5*time.Second)
		t0 := time.Now()
		k := keys[i : i+1]
		_ = s.send(k)
		at, err := s.waitFor("minitea key", func(scr string) bool {
			return strings.Contains(scr, "key:"+k+" ") || strings.HasSuffix(strings.TrimSpace(firstLine(scr)), "key:"+k)
		}, 5*time.Second)
		if err != nil {
			return nil, err
		}
		out = append(out, ms(at.Sub(t0)))
	}
	return out, nil
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// renderBytesFleet counts the bytes a cursor move writes at 120×40 on the
// Fleet tab of `demo serve --fleet-tokens 1000` (realistic names, policies
// and statuses, not the demo's six rows): each figure is the key's frame
// and the detail pane's follow-up frame, everything written until the
// program is quiet again.
func renderBytesFleet(t *table, b bins) {
	srv, err := startDemoServer(b.tokentui, 1000)
	check(err)
	defer srv.stop()
	s, err := startSession(b.tokentui, nil, srv.environ(), cols, rows)
	check(err)
	_, err = s.waitFor("1,000 Fleet tokens", fleetAtLeast(900), 30*time.Second)
	check(err)
	_ = s.bytesFor("3")
	var moves []float64
	for _, k := range []string{"j", "j", "j", "k", "k", "j", "j", "k", "j", "k", "k", "k"} {
		moves = append(moves, float64(s.bytesFor(k)))
	}
	_, _ = s.stop()
	t.add("bytes per cursor move, 120×40, 1,000 Fleet tokens, detail pane's follow-up frame included (median of 12)",
		fmt.Sprintf("%.0f B", median(moves)), "", "", "", "≤ 400 B", verdict(median(moves) <= 400))
}
