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
	Tmux    bool // TMUX set: wrap OSC 52 for tmux passthrough
	Screen  bool // TERM=screen* outside tmux: wrap for GNU screen
}

// EnvFrom reads Env through getenv (os.Getenv).
func EnvFrom(getenv func(string) string) Env {
	return Env{
		SSH:     getenv("SSH_TTY") != "" || getenv("SSH_CONNECTION") != "" || getenv("SSH_CLIENT") != "",
		Display: getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" || goos == "darwin" || goos == "windows",
		Tmux:    getenv("TMUX") != "",
		Screen:  getenv("TMUX") == "" && strings.HasPrefix(getenv("TERM"), "screen"),
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
}

// Message is what the status line tells the user: never more success
// than can be known (nothing confirms an OSC 52 write).
func (r Result) Message(what string) string {
	switch r.Method {
	case MethodNative:
		return what + " copied to the clipboard"
	case MethodOSC52:
		msg := what + " sent to the terminal via OSC 52"
		if r.Fallback != "" {
			msg += " (native clipboard failed: " + r.Fallback + ")"
		}
		return msg
	}
	return "clipboard is off"
}

// MaxOSC52 is the largest payload sent by OSC 52; terminals drop or
// truncate larger ones (k9s uses the same figure).
const MaxOSC52 = 74994

// Clipboard copies according to a mode.
type Clipboard struct {
	mode Mode
	env  Env
	// write and read default to the native tools; tests replace them.
	write   func(string) error
	read    func() (string, error)
	timeout time.Duration
}

// New makes a Clipboard.
func New(mode Mode, env Env) *Clipboard {
	return &Clipboard{mode: mode, env: env, write: nativeWrite, read: nativeRead, timeout: 3 * time.Second}
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
		return c.osc52(s)
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
		return c.osc52(s)
	}
	if err := c.native(ctx, s); err != nil {
		r, oerr := c.osc52(s)
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

func (c *Clipboard) osc52(s string) (Result, error) {
	b64 := base64.StdEncoding.EncodeToString([]byte(s))
	if len(b64) > MaxOSC52 {
		return Result{}, fmt.Errorf("too large for OSC 52 (%d bytes encoded, limit %d)", len(b64), MaxOSC52)
	}
	return Result{Method: MethodOSC52, Sequence: c.wrap("\x1b]52;c;" + b64 + "\x07"), Tmux: c.env.Tmux}, nil
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
