package clipboard

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

type fakeNative struct {
	value string
	err   error
	hang  bool
}

func (f *fakeNative) write(s string) error {
	if f.hang {
		time.Sleep(time.Hour)
	}
	if f.err != nil {
		return f.err
	}
	f.value = s
	return nil
}
func (f *fakeNative) read() (string, error) { return f.value, nil }

func TestAutoChoosesByEnvironment(t *testing.T) {
	const secret = "VG9rZW46c2VjcmV0"
	b64 := base64.StdEncoding.EncodeToString([]byte(secret))
	cases := []struct {
		name    string
		env     Env
		native  *fakeNative
		method  Method
		seq     string
		message string
	}{
		{"desktop", Env{Display: true}, &fakeNative{}, MethodNative, "", "copied to the clipboard"},
		{"ssh", Env{SSH: true, Display: true}, &fakeNative{}, MethodOSC52, "\x1b]52;c;" + b64 + "\x07", "sent to the terminal via OSC 52"},
		{"no display", Env{}, &fakeNative{}, MethodOSC52, "\x1b]52;c;" + b64 + "\x07", "OSC 52"},
		{"tmux over ssh", Env{SSH: true, Tmux: true}, &fakeNative{}, MethodOSC52, "\x1bPtmux;\x1b\x1b]52;c;" + b64 + "\x07\x1b\\", "OSC 52"},
		{"screen", Env{SSH: true, Screen: true}, &fakeNative{}, MethodOSC52, "\x1bP\x1b]52;c;" + b64 + "\x07\x1b\\", "OSC 52"},
		{"native fails", Env{Display: true}, &fakeNative{err: errors.New("exit status 1")}, MethodOSC52, "\x1b]52;c;" + b64 + "\x07", "native clipboard failed: the clipboard tool failed (no display reachable?)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cb := New(Auto, c.env).WithNative(c.native.write, c.native.read).WithTmuxOption(noTmux)
			r, err := cb.Copy(context.Background(), secret)
			if err != nil {
				t.Fatal(err)
			}
			if r.Method != c.method || r.Sequence != c.seq || !strings.Contains(r.Message("token"), c.message) {
				t.Fatalf("%+v %q", r, r.Message("token"))
			}
			if (c.method == MethodNative) != (c.native.value == secret) {
				t.Fatalf("native clipboard holds %q", c.native.value)
			}
		})
	}
}

// noTmux is a tmux whose options cannot be read.
func noTmux(context.Context, string) (string, error) { return "", errors.New("no server running") }

// tmuxAnswers is a tmux whose options are as given; a missing one cannot
// be read.
func tmuxAnswers(opts map[string]string) func(context.Context, string) (string, error) {
	return func(_ context.Context, name string) (string, error) {
		if v, ok := opts[name]; ok {
			return v, nil
		}
		return "", errors.New("unknown option " + name)
	}
}

// Inside tmux, set-clipboard on takes a plain OSC 52 into a paste buffer
// (and passes it on): known delivered. allow-passthrough on lets a
// wrapped one through to the terminal: sent, not known. With tmux's
// defaults (external, off) nothing gets out: the copy fails with the fix,
// and never claims a send.
func TestTmuxGetsTheSequenceItTakes(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString([]byte("s3cret"))
	plain := "\x1b]52;c;" + b64 + "\x07"
	wrapped := "\x1bPtmux;\x1b\x1b]52;c;" + b64 + "\x07\x1b\\"
	for _, c := range []struct {
		name      string
		option    func(context.Context, string) (string, error)
		seq       string
		delivered bool
		message   string
	}{
		{"set-clipboard on", tmuxAnswers(map[string]string{"set-clipboard": "on", "allow-passthrough": "off"}), plain, true, "in tmux's paste buffer"},
		{"allow-passthrough on", tmuxAnswers(map[string]string{"set-clipboard": "external", "allow-passthrough": "on"}), wrapped, false, "whether it arrived cannot be known"},
		{"allow-passthrough all", tmuxAnswers(map[string]string{"set-clipboard": "off", "allow-passthrough": "all"}), wrapped, false, "through tmux"},
		{"unreadable", noTmux, wrapped, false, "it needs: tmux set -g allow-passthrough on"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := New(OSC52, Env{Tmux: true}).WithTmuxOption(c.option).Copy(context.Background(), "s3cret")
			if err != nil || r.Sequence != c.seq || r.Delivered() != c.delivered || !strings.Contains(r.Message("token"), c.message) {
				t.Fatalf("%+v %q %v", r, r.Message("token"), err)
			}
			if !c.delivered && strings.Contains(r.Message("token"), "paste buffer") {
				t.Fatalf("claims a paste buffer: %q", r.Message("token"))
			}
		})
	}
	defaults := tmuxAnswers(map[string]string{"set-clipboard": "external", "allow-passthrough": "off"})
	r, err := New(OSC52, Env{Tmux: true}).WithTmuxOption(defaults).Copy(context.Background(), "s3cret")
	var blocked *BlockedError
	if !errors.As(err, &blocked) || r.Sequence != "" || blocked.Fix != "tmux set -g allow-passthrough on" {
		t.Fatalf("tmux's defaults drop OSC 52: %+v %v", r, err)
	}
}

func TestExplicitModes(t *testing.T) {
	n := &fakeNative{err: errors.New("No clipboard utilities available")}
	if _, err := New(Native, Env{}).WithNative(n.write, n.read).Copy(context.Background(), "x"); err == nil || !strings.Contains(err.Error(), "No clipboard utilities") {
		t.Fatalf("native: %v", err)
	}
	if r, err := New(OSC52, Env{Display: true}).Copy(context.Background(), "x"); err != nil || r.Method != MethodOSC52 {
		t.Fatalf("osc52: %v", err)
	}
	if _, err := New(Off, Env{}).Copy(context.Background(), "x"); err == nil {
		t.Fatal("off copies nothing and says so")
	}
	hang := &fakeNative{hang: true}
	cb := New(Native, Env{Display: true}).WithNative(hang.write, hang.read)
	cb.timeout = 50 * time.Millisecond
	if _, err := cb.Copy(context.Background(), "x"); err == nil || !strings.Contains(err.Error(), "in time") {
		t.Fatalf("a hanging tool: %v", err)
	}
	if _, err := New(OSC52, Env{}).Copy(context.Background(), strings.Repeat("x", MaxOSC52)); err == nil {
		t.Fatal("oversize OSC 52 must fail")
	}
	for _, s := range []string{"auto", "NATIVE", " osc52 ", "off"} {
		if _, err := ParseMode(s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ParseMode("x11"); err == nil {
		t.Fatal("x11 accepted")
	}
}

func TestClearIfUnchanged(t *testing.T) {
	n := &fakeNative{}
	cb := New(Native, Env{Display: true}).WithNative(n.write, n.read)
	r, _ := cb.Copy(context.Background(), "secret-1")
	if cleared, err := cb.ClearIfUnchanged(context.Background(), r, "secret-1"); !cleared || err != nil || n.value != "" {
		t.Fatalf("cleared=%v err=%v value=%q", cleared, err, n.value)
	}
	r, _ = cb.Copy(context.Background(), "secret-2")
	n.value = "something the user copied later"
	if cleared, _ := cb.ClearIfUnchanged(context.Background(), r, "secret-2"); cleared || n.value != "something the user copied later" {
		t.Fatal("cleared the user's own clipboard")
	}
	if cleared, _ := cb.ClearIfUnchanged(context.Background(), Result{Method: MethodOSC52}, "x"); cleared {
		t.Fatal("an OSC 52 copy cannot be read back, so it is not cleared")
	}
}

func TestEnvFrom(t *testing.T) {
	env := map[string]string{"SSH_CONNECTION": "1 2 3 4", "TMUX": "/tmp/x", "TERM": "screen-256color"}
	e := EnvFrom(func(k string) string { return env[k] })
	if !e.SSH || e.Display || !e.Tmux || e.Screen {
		t.Fatalf("%+v", e)
	}
}
