package ui

import (
	"cmp"
	"context"
	"errors"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/ui/form"
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
		tab, req int
		form     *formOverlay    // the form that asked, reopened on an error
		before   map[string]bool // the ids listed when it was sent; nil when none were
		created  backend.Created
		target   enrollcmd.Target
		enrErr   error
		err      error
	}
	secretMsg struct {
		tab    int
		id     string
		secret backend.Secret
		err    error
	}
	copiedMsg struct {
		what   string
		value  string  // kept to clear the clipboard later, if unchanged
		result *result // the result panel copied from, if any
		res    clipboard.Result
		err    error
	}
	clipClearedMsg struct {
		cleared bool
		err     error
	}
	revokedMsg struct {
		tab, req int
		ids      []string
		errs     []error
	}
	enrollMsg struct {
		tab    int
		from   *tab   // the tab that asked: a profile switch replaces it
		key    string // the kind's enroll key the target was read for
		target enrollcmd.Target
		err    error
	}
	profileMsg struct {
		profile ProfileServices
		err     error
	}
	optionsMsg struct {
		tab               int
		field, what, from string
		options           []form.Option
		err               error
	}
)

// enrollPlaceholder stands for the secret in the detail pane's enroll
// command.
const enrollPlaceholder = "••••••••"

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
	req, list := m.reqSeq, t.svc.List
	if t.prefetch != nil {
		list, t.prefetch = t.prefetch, nil
	}
	return m.run(func(ctx context.Context) tea.Msg {
		tokens, err := list(ctx)
		return listMsg{tab: i, req: req, tokens: tokens, err: err}
	})
}

// maybeCreated reports whether a failed create may still have made its
// token: the request was sent and its answer was lost or was not what a
// success looks like (the backend says so with a MaybeCreatedError).
func maybeCreated(err error) bool {
	var mc *backend.MaybeCreatedError
	return errors.As(err, &mc)
}

// autoRefreshMsg is the --refresh timer's tick.
type autoRefreshMsg struct{}

// autoRefresh starts the --refresh timer, when one is set.
func (m *Model) autoRefresh() tea.Cmd {
	if m.opts.Refresh <= 0 {
		return nil
	}
	return m.opts.After(m.opts.Refresh, func(time.Time) tea.Msg { return autoRefreshMsg{} })
}

// refreshIdle lists every tab that is not listing already.
func (m *Model) refreshIdle() tea.Cmd {
	var cmds []tea.Cmd
	for i, t := range m.tabs {
		if !t.loading {
			cmds = append(cmds, m.refresh(i))
		}
	}
	return tea.Batch(cmds...)
}

func (m *Model) refreshAll() tea.Cmd {
	cmds := make([]tea.Cmd, len(m.tabs))
	for i := range m.tabs {
		cmds[i] = m.refresh(i)
	}
	return tea.Batch(cmds...)
}

// create creates a token in tab i; o is the form that asked. It counts
// as pending until it answers, so that quitting waits for it.
func (m *Model) create(i int, spec backend.CreateSpec, o *formOverlay) tea.Cmd {
	return m.createIn(i, m.tabs[i].svc, "", spec, o)
}

// createIn creates with svc, the service of profile (a rotate in a view
// of all profiles: the old token's profile; "" otherwise).
func (m *Model) createIn(i int, svc backend.Service, profile string, spec backend.CreateSpec, o *formOverlay) tea.Cmd {
	t := m.tabs[i]
	var before map[string]bool
	if t.loaded {
		before = make(map[string]bool, len(t.all))
		for _, tok := range t.all {
			before[tok.ID] = true
		}
	}
	m.reqSeq++
	req := m.reqSeq
	m.pending[req] = "a create in " + t.title() + " (it may have made a token: run `" + t.kind.System().ListCommand() + "` to check)"
	aud, sys := m.opts.Audit, t.kind.System()
	return m.run(func(ctx context.Context) tea.Msg {
		cctx, slot := backend.WithStatusSlot(ctx)
		created, err := svc.Create(cctx, spec)
		record := func(a backend.Auditor) error {
			return a.Record(sys, "create", created.Token.ID, cmp.Or(created.Token.Name, spec.Name), err, slot.Status())
		}
		if err != nil {
			return audited(aud, createdMsg{tab: i, req: req, form: o, before: before, err: err}, record)
		}
		created.Token.Profile = profile
		// The enroll command is wanted on the result panel at once; a
		// failure to build it does not undo the token.
		target, enrErr := resolveTarget(ctx, svc, created.Token, created.Secret)
		return audited(aud, createdMsg{tab: i, req: req, form: o, created: created, target: target, enrErr: enrErr}, record)
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
// enroll, its enroll command on the platform shown instead (an entry not
// loaded yet is read here, on its default platform).
func (m *Model) copySecret(i int, tok backend.Token, known backend.Secret, enroll *enrollEntry) tea.Cmd {
	svc, clip := m.tabs[i].svcFor(tok), m.opts.Clipboard
	var entry enrollEntry // a copy: the command must not read the model
	if enroll != nil {
		entry = *enroll
	}
	return m.run(func(ctx context.Context) tea.Msg {
		secret := known
		if secret.IsZero() {
			var err error
			if secret, err = svc.Secret(ctx, tok.ID); err != nil {
				return copiedMsg{err: err}
			}
		}
		what, value := "token", secret
		if enroll != nil {
			if entry.platform == "" && entry.err == nil {
				entry = *newEnrollEntry(resolveTarget(ctx, svc, tok, secret))
			}
			cmd, err := entry.command(secret)
			if err != nil {
				return copiedMsg{err: err}
			}
			what, value = entry.what(), cmd
		}
		res, err := clip.Copy(ctx, value.Reveal())
		return copiedMsg{what: what, value: value.Reveal(), res: res, err: err}
	})
}

// copyResult copies from the result panel r, which then counts as seen.
func (m *Model) copyResult(r *result, s backend.Secret, what string) tea.Cmd {
	clip := m.opts.Clipboard
	return m.run(func(ctx context.Context) tea.Msg {
		res, err := clip.Copy(ctx, s.Reveal())
		return copiedMsg{what: what, value: s.Reveal(), result: r, res: res, err: err}
	})
}

func (m *Model) clearClipboardLater(res clipboard.Result, value string) tea.Cmd {
	clip := m.opts.Clipboard
	return m.opts.After(m.opts.ClipboardTTL, func(time.Time) tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		cleared, err := clip.ClearIfUnchanged(ctx, res, value)
		return clipClearedMsg{cleared: cleared, err: err}
	})
}

// revoke revokes ids, four at a time; each gets its own outcome. It
// counts as pending until it answers, so that quitting waits for it.
func (m *Model) revoke(i int, ids []string) tea.Cmd {
	t := m.tabs[i]
	svc := t.svc
	m.reqSeq++
	req := m.reqSeq
	m.pending[req] = "the revoke of " + backend.Plural(len(ids), t.title()+" token", t.title()+" tokens") +
		" (each may be revoked or not: run `" + t.kind.System().ListCommand() + "` to check)"
	aud, sys, names := m.opts.Audit, t.kind.System(), t.names(ids)
	return m.run(func(ctx context.Context) tea.Msg {
		errs := make([]error, len(ids))
		statuses := make([]int, len(ids))
		sem := make(chan struct{}, 4)
		var wg sync.WaitGroup
		for k, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				rctx, slot := backend.WithStatusSlot(ctx)
				errs[k] = svc.Revoke(rctx, id)
				statuses[k] = slot.Status()
			}()
		}
		wg.Wait()
		return audited(aud, revokedMsg{tab: i, req: req, ids: ids, errs: errs}, func(a backend.Auditor) error {
			var first error
			for k, id := range ids {
				if err := a.Record(sys, "revoke", id, names[k], errs[k], statuses[k]); err != nil && first == nil {
					first = err
				}
			}
			return first
		})
	})
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

// loadOptions fills a picker of tab i's create form.
func (m *Model) loadOptions(i int, ld *optionsLoad) tea.Cmd {
	return m.run(func(ctx context.Context) tea.Msg {
		opts, err := ld.load(ctx)
		return optionsMsg{tab: i, field: ld.field, what: ld.what, from: ld.from, options: opts, err: err}
	})
}

func (m *Model) switchProfile(name string) tea.Cmd {
	load := m.opts.SwitchProfile
	return m.run(func(context.Context) tea.Msg {
		p, err := load(name)
		return profileMsg{profile: p, err: err}
	})
}
