package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/fleet"
)

// Messages that come back from commands.
type (
	tickMsg time.Time

	listMsg struct {
		tab, req int
		tokens   []backend.Token
		err      error
	}
	createdMsg struct {
		tab     int
		created backend.Created
		command backend.Secret
		cmdErr  error
		err     error
	}
	secretMsg struct {
		tab    int
		id     string
		secret backend.Secret
		err    error
	}
	copiedMsg struct {
		what  string
		value string // kept to clear the clipboard later, if unchanged
		res   clipboard.Result
		err   error
	}
	clipClearedMsg struct {
		cleared bool
		err     error
	}
	revokedMsg struct {
		tab  int
		ids  []string
		errs []error
	}
	commandMsg struct {
		tab int
		id  string         // the command key: scope, roles or policy
		cmd backend.Secret // masked: built with a placeholder, not the secret
		err error
	}
	profileMsg struct {
		profile ProfileServices
		err     error
	}
	policiesMsg struct {
		policies []fleet.Policy
		err      error
	}
)

// commandPlaceholder stands for the secret in the detail pane's command.
const commandPlaceholder = "••••••••"

// policyLister is what the Fleet service offers beyond backend.Service.
type policyLister interface {
	Policies(ctx context.Context) ([]fleet.Policy, error)
}

// run wraps an I/O function into a command bounded by the UI timeout and
// counted for the spinner.
func (m *Model) run(f func(ctx context.Context) tea.Msg) tea.Cmd {
	m.inflight++
	timeout := m.opts.Timeout
	cmd := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		return f(ctx)
	}
	if m.inflight == 1 {
		return tea.Batch(cmd, m.spin.Tick)
	}
	return cmd
}

func (m *Model) done() { m.inflight = max(0, m.inflight-1) }

// refresh lists tab i; older answers for that tab are dropped.
func (m *Model) refresh(i int) tea.Cmd {
	t := m.tabs[i]
	if t.svc == nil {
		return nil
	}
	m.reqSeq++
	t.listReq, t.loading = m.reqSeq, true
	req, svc := m.reqSeq, t.svc
	return m.run(func(ctx context.Context) tea.Msg {
		tokens, err := svc.List(ctx)
		return listMsg{tab: i, req: req, tokens: tokens, err: err}
	})
}

func (m *Model) create(i int, spec backend.CreateSpec) tea.Cmd {
	svc := m.tabs[i].svc
	return m.run(func(ctx context.Context) tea.Msg {
		created, err := svc.Create(ctx, spec)
		if err != nil {
			return createdMsg{tab: i, err: err}
		}
		// The command is wanted on the result panel at once; a failure to
		// build it does not undo the token.
		cmd, cmdErr := svc.EnrollCommand(ctx, created.Token, created.Secret)
		return createdMsg{tab: i, created: created, command: cmd, cmdErr: cmdErr}
	})
}

func (m *Model) fetchSecret(i int, id string) tea.Cmd {
	svc := m.tabs[i].svc
	return m.run(func(ctx context.Context) tea.Msg {
		s, err := svc.Secret(ctx, id)
		return secretMsg{tab: i, id: id, secret: s, err: err}
	})
}

// copySecret copies a token's secret, fetching it where needed; with
// command, the enroll command instead.
func (m *Model) copySecret(i int, tok backend.Token, known backend.Secret, command bool) tea.Cmd {
	svc, clip := m.tabs[i].svc, m.opts.Clipboard
	return m.run(func(ctx context.Context) tea.Msg {
		secret := known
		if secret.IsZero() {
			var err error
			if secret, err = svc.Secret(ctx, tok.ID); err != nil {
				return copiedMsg{err: err}
			}
		}
		what, value := "token", secret
		if command {
			cmd, err := svc.EnrollCommand(ctx, tok, secret)
			if err != nil {
				return copiedMsg{err: err}
			}
			what, value = "enroll command", cmd
		}
		res, err := clip.Copy(ctx, value.Reveal())
		return copiedMsg{what: what, value: value.Reveal(), res: res, err: err}
	})
}

func (m *Model) clearClipboardLater(res clipboard.Result, value string) tea.Cmd {
	clip := m.opts.Clipboard
	if m.noTimers {
		return nil
	}
	return tea.Tick(m.opts.ClipboardTTL, func(time.Time) tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		cleared, err := clip.ClearIfUnchanged(ctx, res, value)
		return clipClearedMsg{cleared: cleared, err: err}
	})
}

// revoke revokes ids, four at a time; each gets its own outcome.
func (m *Model) revoke(i int, ids []string) tea.Cmd {
	svc := m.tabs[i].svc
	return m.run(func(ctx context.Context) tea.Msg {
		errs := make([]error, len(ids))
		sem := make(chan struct{}, 4)
		var wg sync.WaitGroup
		for k, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				errs[k] = svc.Revoke(ctx, id)
			}()
		}
		wg.Wait()
		return revokedMsg{tab: i, ids: ids, errs: errs}
	})
}

// loadCommand builds the detail pane's enroll command with a placeholder.
func (m *Model) loadCommand(i int, tok backend.Token) tea.Cmd {
	svc := m.tabs[i].svc
	if svc == nil {
		return nil
	}
	return m.run(func(ctx context.Context) tea.Msg {
		cmd, err := svc.EnrollCommand(ctx, tok, backend.NewSecret(commandPlaceholder))
		return commandMsg{tab: i, id: commandKey(tok), cmd: cmd, err: err}
	})
}

func (m *Model) loadPolicies() tea.Cmd {
	pl, ok := m.tabs[2].svc.(policyLister)
	if !ok {
		return func() tea.Msg { return policiesMsg{err: errors.New("this Fleet service cannot list policies")} }
	}
	return m.run(func(ctx context.Context) tea.Msg {
		p, err := pl.Policies(ctx)
		return policiesMsg{policies: p, err: err}
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (m *Model) switchProfile(name string) tea.Cmd {
	load := m.opts.SwitchProfile
	return m.run(func(context.Context) tea.Msg {
		p, err := load(name)
		return profileMsg{profile: p, err: err}
	})
}
