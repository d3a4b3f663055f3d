package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// session is one program running in a pseudo-terminal whose output feeds a
// terminal emulator; the emulator's answers to terminal queries (DECRQM,
// cursor position, colours…) go back to the program as a real terminal's
// would.
type session struct {
	cmd   *exec.Cmd
	pty   *os.File
	start time.Time

	mu      sync.Mutex
	emu     *vt.Emulator
	bytes   int64     // written by the program so far
	last    time.Time // of the most recent output
	watch   func(screen string) bool
	matched chan time.Time
	exited  chan struct{}
	peakRSS func() int64
	chunks  []chunk
	raw     []byte // everything written, kept for -peek
}

// termEnv is the environment of an SSH-like terminal: xterm-256color, no
// COLORTERM, nothing of a configured tokentui.
func termEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "TERM", k == "COLORTERM", k == "NO_COLOR", k == "TMUX", strings.HasPrefix(k, "SSH_"),
			strings.HasPrefix(k, "TOKENTUI_"), strings.HasPrefix(k, "ELASTICSEARCH_"), strings.HasPrefix(k, "KIBANA_"),
			strings.HasPrefix(k, "EC_"), k == "XDG_CONFIG_HOME", k == "HOME", k == "TEA_TRACE":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TERM=xterm-256color", "HOME="+benchHome, "XDG_CONFIG_HOME="+benchHome)
	return append(env, extra...)
}

func startSession(bin string, args, env []string, cols, rows int) (*session, error) {
	s := &session{emu: vt.NewEmulator(cols, rows), exited: make(chan struct{})}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = env
	s.start = time.Now()
	f, err := pty.StartWithSize(s.cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		return nil, err
	}
	s.pty = f
	s.peakRSS = watchPeakRSS(s.cmd.Process.Pid)
	go func() { _, _ = io.Copy(f, s.emu) }() // the terminal's replies
	go s.read()
	return s, nil
}

func (s *session) read() {
	buf := make([]byte, 64<<10)
	for {
		n, err := s.pty.Read(buf)
		if n > 0 {
			now := time.Now()
			s.mu.Lock()
			_, _ = s.emu.Write(buf[:n])
			s.bytes += int64(n)
			if *peek {
				s.raw = append(s.raw, buf[:n]...)
			}
			s.chunks = append(s.chunks, chunk{now.Sub(s.start), n, hasData(s.emu.String())})
			s.last = now
			if s.watch != nil && s.watch(s.emu.String()) {
				s.watch = nil
				s.matched <- now
			}
			s.mu.Unlock()
		}
		if err != nil {
			break
		}
	}
	_ = s.cmd.Wait()
	close(s.exited)
}

// waitFor returns when the screen first satisfied ok (the time the output
// that made it so was read), or an error after timeout.
func (s *session) waitFor(what string, ok func(string) bool, timeout time.Duration) (time.Time, error) {
	s.mu.Lock()
	if ok(s.emu.String()) {
		t := s.last
		s.mu.Unlock()
		return t, nil
	}
	ch := make(chan time.Time, 1)
	s.watch, s.matched = ok, ch
	s.mu.Unlock()
	select {
	case t := <-ch:
		return t, nil
	case <-s.exited:
		return time.Time{}, fmt.Errorf("%s: the program exited first; screen:\n%s", what, s.screen())
	case <-time.After(timeout):
		s.mu.Lock()
		s.watch = nil
		s.mu.Unlock()
		return time.Time{}, fmt.Errorf("%s: not seen within %v; screen:\n%s", what, timeout, s.screen())
	}
}

func (s *session) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

// written is the number of bytes the program has written so far.
func (s *session) written() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

// settle waits until the program has written nothing for quiet.
func (s *session) settle(quiet, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		idle := time.Since(s.last)
		s.mu.Unlock()
		if idle >= quiet {
			return
		}
		time.Sleep(quiet - idle)
	}
}

func (s *session) send(keys string) error {
	_, err := s.pty.Write([]byte(keys))
	return err
}

// stop quits with q (then kills) and returns the peak RSS in KiB, read
// while the program still runs.
func (s *session) stop() (int64, error) {
	rss := s.peakRSS()
	_ = s.send("q")
	select {
	case <-s.exited:
	case <-time.After(3 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	_ = s.pty.Close()
	_ = s.emu.Close()
	if rss == 0 {
		return 0, errors.New("no peak RSS read")
	}
	return rss, nil
}

// runTimed runs a command to its end and returns its wall time and peak
// RSS (KiB, polled while it runs: the last 2 ms may be missed); stdout
// is discarded.
func runTimed(bin string, args, env []string) (time.Duration, int64, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var stderr strings.Builder
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	peak := watchPeakRSS(cmd.Process.Pid)
	err := cmd.Wait()
	d := time.Since(t0)
	rss := peak()
	if err != nil {
		return 0, 0, fmt.Errorf("%s %s: %v: %s", bin, strings.Join(args, " "), err, stderr.String())
	}
	return d, rss, nil
}

// chunk is one read of the program's output, for -peek.
type chunk struct {
	at   time.Duration
	n    int
	data bool
}
