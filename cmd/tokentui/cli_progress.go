package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/tokentui/tokentui/backend/sanitize"
)

// progressAfter is how long work runs before its progress shows: a quick
// command prints nothing extra.
const progressAfter = time.Second

// progress shows on stderr, when it is a terminal (never when piped or
// redirected), that long work goes on: what it is, the requests answered
// so far, the time. stop clears the line.
func (a *app) progress(what string) (stop func()) {
	if a.stderrTerminal == nil || !a.stderrTerminal() {
		return func() {}
	}
	return showProgress(sanitize.Exact(a.stderr), what, a.session().requestCount, progressAfter, 250*time.Millisecond)
}

// showProgress redraws one line on w every tick once after has passed.
func showProgress(w io.Writer, what string, requests func() int, after, tick time.Duration) (stop func()) {
	start, base := time.Now(), requests()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(w, "\r\x1b[K")
				}
				return
			case <-t.C:
				if time.Since(start) < after {
					continue
				}
				shown = true
				fmt.Fprintf(w, "\r\x1b[Ktokentui: %s… %d requests, %s", what, requests()-base, time.Since(start).Round(100*time.Millisecond))
			}
		}
	}()
	var once sync.Once
	return func() { once.Do(func() { close(done); wg.Wait() }) }
}

func stderrIsTerminal() bool { return term.IsTerminal(os.Stderr.Fd()) }
