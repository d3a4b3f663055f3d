package ui

import (
	"context"
	"fmt"
	"strings"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/sanitize"
)

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
		return &enrollEntry{err: err}
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

// switchPlatform shows the next platform of the kind; false when the kind
// has only one.
func (e *enrollEntry) switchPlatform() bool {
	if e.err != nil || len(enrollcmd.Platforms(e.target.Kind)) < 2 {
		return false
	}
	e.platform = enrollcmd.Next(e.target.Kind, e.platform)
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

// label heads the command: its platform; hint, the keys that act on it.
func (e *enrollEntry) label() (label, hint string) {
	hint = "y copies"
	if len(enrollcmd.Platforms(e.target.Kind)) > 1 {
		hint += " · o: next platform"
	}
	return "Enroll command · " + e.platform.Title(), hint
}

// lines are the command as the screen shows it: each line of it wrapped
// at spaces to width, sanitized.
func (e *enrollEntry) lines(secret backend.Secret, width int) string {
	cmd, err := e.command(secret)
	if err != nil {
		return "(no enroll command: " + sanitize.Text(err.Error()) + ")"
	}
	return wrapCommand(cmd.Reveal(), width)
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

// enrollLines are the detail pane's enroll command: masked with the
// placeholder unless the secret is shown (never in presenter mode).
func (m *Model) enrollLines(t *tab, tok backend.Token, width int) []string {
	e := t.enroll[t.kind.enrollKey(tok)]
	if e == nil {
		return nil
	}
	secret := backend.NewSecret(enrollPlaceholder)
	if r, shown := t.revealed[tok.ID]; shown && !m.presenter {
		secret = r.secret
	}
	if e.err != nil {
		return []string{"", m.theme.Label.Render("Enroll command"), m.theme.Dim.Render(e.lines(secret, width))}
	}
	label, hint := e.label()
	return []string{"", m.theme.Label.Render(label), m.theme.Dim.Render(hint), e.lines(secret, width)}
}

// switchPlatform shows the next platform of the selected token's command.
func (m *Model) switchPlatform() {
	t := m.current()
	tok, ok := t.selected()
	if !ok {
		return
	}
	e := t.enroll[t.kind.enrollKey(tok)]
	switch {
	case e == nil:
		m.toast(toastInfo, "the enroll command is still loading")
	case !e.switchPlatform():
		m.toast(toastInfo, "this command has one platform only")
	default: // said in the footer too: the pane may be too short to show it
		m.toast(toastInfo, "enroll command for "+e.platform.Title()+" (y copies it)")
	}
}
