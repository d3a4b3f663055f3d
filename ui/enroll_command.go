package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// enrollMsg is what a token's enroll command needs.
type enrollMsg struct {
	tab    int
	from   *tab   // the tab that asked: a profile switch replaces it
	key    string // the kind's enroll key the target was read for
	target enrollcmd.Target
	err    error
}

// enrollPlaceholder stands for the secret in the detail pane's enroll
// command.
const enrollPlaceholder = "••••••••"

// enrollEntry is what a token's enroll commands need, read once per enroll
// key (so switching platform costs no request), and the platform shown.
type enrollEntry struct {
	target   enrollcmd.Target
	platform enrollcmd.Platform
	err      error
}

func newEnrollEntry(tg enrollcmd.Target, err error) *enrollEntry {
	if err == nil && len(enrollcmd.Platforms(tg.Kind)) == 0 {
		err = fmt.Errorf("no enroll command for %q", tg.Kind)
	}
	if err != nil {
		return &enrollEntry{err: sanitizeErr(err)} // a server's text, shown as it is
	}
	return &enrollEntry{target: tg, platform: tg.Default()}
}

// command is the command on the shown platform, holding secret.
func (e *enrollEntry) command(secret backend.Secret) (backend.Secret, error) {
	if e.err != nil {
		return backend.Secret{}, e.err
	}
	return e.target.Command(e.platform, secret)
}

// switchable reports whether the command has more than one platform.
func (e *enrollEntry) switchable() bool {
	return e.err == nil && len(enrollcmd.Platforms(e.target.Kind)) > 1
}

// switchPlatform shows the next platform of the kind (dir 1) or the
// previous one (dir -1); false when the kind has only one.
func (e *enrollEntry) switchPlatform(dir int) bool {
	if !e.switchable() {
		return false
	}
	ps := enrollcmd.Platforms(e.target.Kind)
	i := slices.Index(ps, e.platform)
	e.platform = ps[(i+dir+len(ps))%len(ps)]
	return true
}

// what names the command in a copy's message, with its platform when the
// kind has several.
func (e *enrollEntry) what() string {
	if len(enrollcmd.Platforms(e.target.Kind)) > 1 {
		return "enroll command (" + e.platform.Title() + ")"
	}
	return "enroll command"
}

// label heads the command: its platform; hint, the keys that act on it
// (y only when copy is true: the secret is at hand).
func (e *enrollEntry) label(copy bool) (label, hint string) {
	var keys []string
	if copy {
		keys = append(keys, "y copies")
	}
	if e.switchable() {
		keys = append(keys, "o/O: platform")
	}
	return "Enroll command · " + e.platform.Title(), strings.Join(keys, " · ")
}

// lines are the command as the screen shows it, sanitized: each line of
// it wrapped at spaces to width, or (shell) with shell continuations,
// so that lines selected by hand paste as one command.
func (e *enrollEntry) lines(secret backend.Secret, width int, shell bool) string {
	cmd, err := e.command(secret)
	if err != nil {
		return wrapAtSpaces("(no enroll command: "+err.Error()+")", width)
	}
	if shell {
		return e.wrap(cmd.Reveal(), width)
	}
	return wrapCommand(cmd.Reveal(), width)
}

// wrap wraps a command, sanitized, for the shell of the platform shown,
// so lines selected by hand paste as one command: PowerShell continues a
// line with a backtick, sh with a backslash; a Kubernetes manifest (YAML)
// takes no continuation, so it is wrapped at spaces only.
func (e *enrollEntry) wrap(cmd string, width int) string {
	cont := "\\"
	switch e.platform {
	case enrollcmd.Windows:
		cont = "`"
	case enrollcmd.Kubernetes:
		return wrapCommand(cmd, width)
	}
	var out []string
	for _, l := range strings.Split(cmd, "\n") {
		out = append(out, wrapShell(sanitize.Text(l), width, cont))
	}
	return strings.Join(out, "\n")
}

func wrapCommand(cmd string, width int) string {
	var out []string
	for _, l := range strings.Split(cmd, "\n") {
		out = append(out, wrapAtSpaces(sanitize.Text(l), width))
	}
	return strings.Join(out, "\n")
}

// enrollTargeter is offered by a service that knows its tokens' enroll
// targets itself (the UI tests' fake); every real service goes through
// enrollcmd.Resolve.
type enrollTargeter interface {
	EnrollTarget(ctx context.Context, tok backend.Token, secret backend.Secret) (enrollcmd.Target, error)
}

func resolveTarget(ctx context.Context, svc backend.Service, tok backend.Token, secret backend.Secret) (enrollcmd.Target, error) {
	if r, ok := svc.(enrollTargeter); ok {
		return r.EnrollTarget(ctx, tok, secret)
	}
	return enrollcmd.Resolve(ctx, svc, tok, secret)
}

// enrollLines are the detail's enroll command, width wide: masked with
// the placeholder unless the secret is shown (never in presenter mode);
// none for a token that is not active (it would not work). full is the
// full-screen detail, where a shown command is wrapped for a shell.
func (m *Model) enrollLines(t *tab, tok backend.Token, width int, full bool) []string {
	e := t.enroll[t.kind.enrollKey(tok)]
	if e == nil || tok.Status != backend.Active {
		return nil
	}
	th := m.theme
	secret := backend.NewSecret(enrollPlaceholder)
	r, shown := t.revealed[tok.ID]
	shown = shown && !m.presenter
	if shown {
		secret = r.secret
	}
	split := func(s string) []string { return strings.Split(s, "\n") }
	if e.err != nil {
		return append([]string{"", th.Label.Render("Enroll command")}, split(th.Dim.Render(e.lines(secret, width, false)))...)
	}
	label, hint := e.label(t.enrollRefused(tok, m.opts.Now()) == "")
	body := split(e.lines(secret, width, full && shown))
	if cmd, _ := e.command(secret); !full && strings.Count(cmd.Reveal(), "\n") > 0 {
		// A script of several commands (Fleet's: download, unpack,
		// install) is named in the pane and shown in the full detail
		// (enter), where it is wrapped to paste as one command: in the
		// pane it was cut, and rewritten whole at every cursor move. A
		// single command (Elasticsearch's, ECE's) stays.
		hint = strings.Join(slices.DeleteFunc([]string{hint, "enter shows it"}, func(s string) bool { return s == "" }), " · ")
		body = nil
	}
	lines := []string{"", th.Label.Render(label)}
	if hint != "" { // wrapped between keys: a narrow pane keeps each whole
		lines = append(lines, split(th.Dim.Render(wrapAt(hint, " · ", width)))...)
	}
	return append(lines, body...)
}

// switchPlatform shows the next (dir 1) or previous (dir -1) platform of
// the selected token's command.
func (m *Model) switchPlatform(dir int) {
	t := m.current()
	tok, ok := t.selected()
	if !ok {
		return
	}
	e := t.enroll[t.kind.enrollKey(tok)]
	switch {
	case e == nil:
		m.toast(toastInfo, "the enroll command is still loading")
	case !e.switchPlatform(dir):
		m.toast(toastInfo, "this command has one platform only")
	case m.opts.Enroll != nil && m.collectorChosen(m.active, tok): // the demo's E follows the platform
		m.toast(toastInfo, "enroll command for "+e.platform.Title()+" (y copies it; E enrolls a collector)")
	default: // said in the footer too: the pane may be too short to show it
		m.toast(toastInfo, "enroll command for "+e.platform.Title()+" (y copies it)")
	}
}

// loadEnroll reads what the detail pane's enroll command needs (the
// secret is not needed: the pane shows a placeholder).
func (m *Model) loadEnroll(i int, tok backend.Token) tea.Cmd {
	t := m.tabs[i]
	if t.svc == nil {
		return nil
	}
	svc, key := t.svcFor(tok), t.kind.enrollKey(tok)
	return m.run(func(ctx context.Context) tea.Msg {
		target, err := resolveTarget(ctx, svc, tok, backend.NewSecret(enrollPlaceholder))
		return enrollMsg{tab: i, from: t, key: key, target: target, err: err}
	})
}

// onEnrollTarget keeps what a token's enroll command needs.
func (m *Model) onEnrollTarget(msg enrollMsg) {
	m.done()
	if t := m.tabs[msg.tab]; t == msg.from { // else it was read for another profile's system
		t.enroll[msg.key] = newEnrollEntry(msg.target, msg.err)
	}
}

func (m *Model) copyEnrollDisabled() string {
	return m.selectedRefused(func(t *tab, tok backend.Token) string { return t.enrollRefused(tok, m.opts.Now()) })
}

func (m *Model) platformDisabled() string {
	return m.selectedRefused(func(t *tab, tok backend.Token) string {
		if e := t.enroll[t.kind.enrollKey(tok)]; e == nil || !e.switchable() || tok.Status != backend.Active {
			return "this command has one platform only"
		}
		return ""
	})
}
