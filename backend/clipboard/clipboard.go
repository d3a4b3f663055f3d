// Package clipboard copies text the way that can work where the user is:
// the native clipboard (xclip, xsel, wl-copy, pbcopy, …) on a local
// desktop, or OSC 52 — an escape sequence the user's own terminal turns
// into a copy, even through SSH. It never writes to the terminal itself:
// it returns the sequence for the UI to emit.
package clipboard

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Mode is what the user asked for.
type Mode string

const (
	Auto   Mode = "auto"
	Native Mode = "native"
	OSC52  Mode = "osc52"
	Off    Mode = "off"
)

// ParseMode reads a --clipboard value.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case Auto, Native, OSC52, Off:
		return m, nil
	}
	return "", fmt.Errorf("invalid clipboard mode %q: want auto, native, osc52 or off", s)
}

// Method is what was done.
type Method string

const (
	MethodNative Method = "native"
	MethodOSC52  Method = "osc52"
	MethodOff    Method = "off"
)

// Env is what the choice depends on, read from the process environment.
type Env struct {
	SSH     bool // SSH_TTY, SSH_CONNECTION or SSH_CLIENT set
	Display bool // DISPLAY or WAYLAND_DISPLAY set, or macOS or Windows (always one)
	Tmux    bool // TMUX set: OSC 52 for tmux itself, or wrapped for passthrough
	Screen  bool // TERM=screen* outside tmux: wrap for GNU screen
	// TmuxPane is TMUX_PANE, the program's own pane: allow-passthrough
	// is a pane option, which a pane may set for itself.
	TmuxPane string
}

// EnvFrom reads Env through getenv (os.Getenv).
func EnvFrom(getenv func(string) string) Env {
	return Env{
		SSH:     getenv("SSH_TTY") != "" || getenv("SSH_CONNECTION") != "" || getenv("SSH_CLIENT") != "",
		Display: getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" || goos == "darwin" || goos == "windows",
		Tmux:    getenv("TMUX") != "",
		Screen:  getenv("TMUX") == "" && strings.HasPrefix(getenv("TERM"), "screen"),

		TmuxPane: getenv("TMUX_PANE"),
	}
}

// Result says what happened.
type Result struct {
	Method Method
	// Sequence is the OSC 52 escape sequence the UI must write to the
	// terminal; empty for a native copy.
	Sequence string
	// Fallback explains why auto fell back from native to OSC 52.
	Fallback string
	// Tmux is set when the sequence is wrapped for tmux passthrough.
	Tmux bool
	// TmuxBuffer is set when the sequence is the plain one, for tmux
	// itself: its set-clipboard is on, so it keeps the copy in a paste
	// buffer and passes it on to the terminal.
	TmuxBuffer bool
	// Screen is set when the sequence is wrapped for GNU screen.
	Screen bool
	// TmuxUnread: tmux's options could not be read, so whether it lets
	// the wrapped sequence through is not known either.
	TmuxUnread bool
}

// Delivered reports whether the copy is known to have landed: a native
// tool that exited 0, or tmux's own paste buffer. An OSC 52 sent on to
// a terminal is never known: nothing confirms it.
func (r Result) Delivered() bool { return r.Method == MethodNative || r.TmuxBuffer }

// Message is what the status line tells the user: never more success
// than can be known (nothing confirms an OSC 52 write).
func (r Result) Message(what string) string {
	switch r.Method {
	case MethodNative:
		return what + " copied to the clipboard"
	case MethodOSC52:
		var msg string
		switch {
		case r.TmuxBuffer:
			msg = what + " in tmux's paste buffer (set-clipboard on), passed on to the terminal if it takes OSC 52"
		case r.Tmux && r.TmuxUnread:
			msg = what + " sent via OSC 52 wrapped for tmux, whose options could not be read (it needs: tmux set -g allow-passthrough on)"
		case r.Tmux:
			msg = what + " sent to the terminal through tmux (allow-passthrough on); whether it arrived cannot be known"
		case r.Screen:
			msg = what + " sent to the terminal through screen via OSC 52; whether it arrived cannot be known"
		default:
			msg = what + " sent to the terminal via OSC 52; whether it arrived cannot be known"
		}
		if r.Fallback != "" {
			msg += " (native clipboard failed: " + r.Fallback + ")"
		}
		return msg
	}
	return "clipboard is off"
}

// BlockedError is a copy known not to reach the user's terminal: tmux
// drops an application's OSC 52 unless set-clipboard or
// allow-passthrough lets it through (tmux's defaults: external, off).
// Fix is the one command that lets it through.
type BlockedError struct {
	Reason, Fix string
}

func (e *BlockedError) Error() string { return e.Reason + "; to let it through: " + e.Fix }

// MaxOSC52 is the largest payload sent by OSC 52; terminals drop or
// truncate larger ones (k9s uses the same figure).
const MaxOSC52 = 74994

// Clipboard copies according to a mode.
type Clipboard struct {
	mode Mode
	env  Env
	// write and read default to the native tools; tests replace them.
	write func(string) error
	read  func() (string, error)
	// tmuxOption reads a tmux option (tests replace it).
	tmuxOption func(ctx context.Context, name string) (string, error)
	timeout    time.Duration
}

// New makes a Clipboard.
func New(mode Mode, env Env) *Clipboard {
	c := &Clipboard{mode: mode, env: env, write: nativeWrite, read: nativeRead, timeout: 3 * time.Second}
	c.tmuxOption = func(ctx context.Context, name string) (string, error) { return tmuxOption(ctx, env.TmuxPane, name) }
	return c
}

// WithTmuxOption replaces how tmux's options are read (tests).
func (c *Clipboard) WithTmuxOption(f func(ctx context.Context, name string) (string, error)) *Clipboard {
	c.tmuxOption = f
	return c
}

// WithNative replaces the native clipboard (tests).
func (c *Clipboard) WithNative(write func(string) error, read func() (string, error)) *Clipboard {
	c.write, c.read = write, read
	return c
}

// Mode is the configured mode.
func (c *Clipboard) Mode() Mode { return c.mode }

// Copy copies s. It may block on a native clipboard tool, up to a
// timeout: call it from a tea.Cmd, never from Update.
func (c *Clipboard) Copy(ctx context.Context, s string) (Result, error) {
	switch c.mode {
	case Off:
		return Result{Method: MethodOff}, errors.New("the clipboard is off (--clipboard off); show the secret with s instead")
	case OSC52:
		return c.osc52(ctx, s)
	case Native:
		if err := c.native(ctx, s); err != nil {
			return Result{}, fmt.Errorf("native clipboard: %w", err)
		}
		return Result{Method: MethodNative}, nil
	}
	// auto: a session without a local display, or over SSH, can only
	// reach the user's clipboard through their terminal. (A native copy
	// there would land on the remote host's clipboard, or fail.)
	if c.env.SSH || !c.env.Display {
		return c.osc52(ctx, s)
	}
	if err := c.native(ctx, s); err != nil {
		r, oerr := c.osc52(ctx, s)
		r.Fallback = err.Error()
		return r, oerr
	}
	return Result{Method: MethodNative}, nil
}

func (c *Clipboard) native(ctx context.Context, s string) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	done := make(chan error, 1)
	// A clipboard tool can hang (a daemon holding the pipe): never wait
	// past the timeout.
	go func() { done <- c.write(s) }()
	select {
	case err := <-done:
		if err != nil && err.Error() == "exit status 1" {
			return errors.New("the clipboard tool failed (no display reachable?)")
		}
		return err
	case <-ctx.Done():
		return errors.New("the clipboard tool did not answer in time")
	}
}

func (c *Clipboard) osc52(ctx context.Context, s string) (Result, error) {
	b64 := base64.StdEncoding.EncodeToString([]byte(s))
	if len(b64) > MaxOSC52 {
		return Result{}, fmt.Errorf("too large for OSC 52 (%d bytes encoded, limit %d)", len(b64), MaxOSC52)
	}
	seq := "\x1b]52;c;" + b64 + "\x07"
	if !c.env.Tmux {
		return Result{Method: MethodOSC52, Sequence: c.wrap(seq), Screen: c.env.Screen}, nil
	}
	switch clip, pass := c.tmuxOptions(ctx); {
	case clip == "on":
		return Result{Method: MethodOSC52, Sequence: seq, TmuxBuffer: true}, nil
	case clip != "" && pass == "off":
		// Both options read, and neither lets the sequence out.
		return Result{}, &BlockedError{
			Reason: "tmux drops OSC 52 here (set-clipboard " + clip + ", allow-passthrough off)",
			Fix:    "tmux set -g allow-passthrough on",
		}
	case pass == "on" || pass == "all":
		return Result{Method: MethodOSC52, Sequence: c.wrap(seq), Tmux: true}, nil
	}
	return Result{Method: MethodOSC52, Sequence: c.wrap(seq), Tmux: true, TmuxUnread: true}, nil
}

// tmuxOptions reads what decides whether an OSC 52 gets out of tmux:
// set-clipboard on makes tmux take a plain one itself (a paste buffer,
// passed on to the terminal); allow-passthrough on (or all) lets a
// wrapped one through to the terminal without a buffer. Sending both
// could paste twice where a terminal appends OSC 52 writes, so one is
// chosen. An option that cannot be read is "".
func (c *Clipboard) tmuxOptions(ctx context.Context) (clip, pass string) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	clip, err := c.tmuxOption(ctx, "set-clipboard")
	if err != nil {
		clip = ""
	}
	pass, err = c.tmuxOption(ctx, "allow-passthrough")
	if err != nil {
		pass = ""
	}
	return clip, pass
}

// wrap passes the sequence through tmux (DCS passthrough; the user needs
// `set -g allow-passthrough on`) or screen.
func (c *Clipboard) wrap(seq string) string {
	switch {
	case c.env.Tmux:
		return "\x1bPtmux;" + strings.ReplaceAll(seq, "\x1b", "\x1b\x1b") + "\x1b\\"
	case c.env.Screen:
		return "\x1bP" + seq + "\x1b\\"
	}
	return seq
}

// ClearIfUnchanged empties the native clipboard when it still holds s
// (the user may have copied something else since). An OSC 52 copy cannot
// be read back, so it is left alone; the bool says whether it cleared.
func (c *Clipboard) ClearIfUnchanged(ctx context.Context, r Result, s string) (bool, error) {
	if r.Method != MethodNative {
		return false, nil
	}
	type answer struct {
		v   string
		err error
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	got := make(chan answer, 1)
	go func() { v, err := c.read(); got <- answer{v, err} }()
	select {
	case a := <-got:
		if a.err != nil || a.v != s {
			return false, a.err
		}
	case <-ctx.Done():
		return false, errors.New("the clipboard tool did not answer in time")
	}
	return true, c.native(ctx, "")
}
