package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/form"
)

// Create (n): the kind's form, checked by the form and then by the
// service field by field; the request, which counts as pending until it
// answers; its answer, on the result panel (result.go) or as an error in
// the form that asked, values kept. A create whose answer was lost may
// have made its token: the tab is listed again and a new token pointed at.

type (
	// createdMsg is a create's answer, with its enroll target.
	createdMsg struct {
		tab, req int
		form     *formOverlay    // the form that asked, reopened on an error
		before   map[string]bool // the ids listed when it was sent; nil when none were
		created  backend.Created
		target   enrollcmd.Target
		enrErr   error
		err      error
	}
	// optionsMsg fills a picker of the create form.
	optionsMsg struct {
		tab               int
		field, what, from string
		options           []form.Option
		err               error
	}
)

// openForm opens the create form of the active tab, and loads what its
// pickers offer.
func (m *Model) openForm() tea.Cmd {
	if m.opts.ReadOnly {
		m.toast(toastInfo, "read-only mode: creating is off")
		return nil
	}
	i, t := m.active, m.current()
	if why := t.createRefused(); why != "" {
		m.toast(toastInfo, why)
		return nil
	}
	o := &formOverlay{form: t.newForm(), tab: i, stay: true}
	o.submit = func(f *form.Form) tea.Cmd {
		o.busy = true
		f.SetStatus("creating the "+t.title()+" token… (esc closes this form; the answer still shows)", false)
		spec, _ := t.kind.spec(f) // the form let it through: it parsed
		return m.create(i, spec, o)
	}
	m.overlay = o
	if ld := t.kind.formOptions(t.svc); ld != nil {
		o.form.SetOptionsLoading(ld.field, "loading "+ld.what+"…")
		return m.loadOptions(i, ld)
	}
	return nil
}

// onCreated shows a create's answer: the result panel, or the error in
// the form that asked (its values kept). A create whose answer was lost
// may have made its token: the tab is listed again and any token that
// appeared meanwhile is pointed at.
func (m *Model) onCreated(msg createdMsg) tea.Cmd {
	m.done()
	t := m.tabs[msg.tab]
	after, op := m.rotated(msg)
	op = cmp.Or(op, "creating the "+t.title()+" token")
	if msg.err != nil {
		m.failOn(msg.tab, op, msg.err)
		if !maybeCreated(msg.err) {
			if msg.form != nil {
				msg.form.failed(msg.err)
			}
			return m.settled(msg.req)
		}
		if msg.form != nil && m.overlay == msg.form {
			m.overlay = nil // submitting again could make a second token
		}
		t.probe = msg.before
		m.toastOn(msg.tab, toastErr, "no answer to the create: the token may have been created; listing "+t.title()+" tokens again…")
		m.toasts[len(m.toasts)-1].more = true
		return tea.Batch(m.refresh(msg.tab), m.settled(msg.req))
	}
	msg.created.Warning = sanitize.Text(msg.created.Warning) // a server's text, on the panel
	m.overlay = &result{tab: msg.tab, in: t, created: msg.created, enroll: newEnrollEntry(msg.target, msg.enrErr), after: after}
	t.made[msg.created.Token.ID] = true // its secret is at hand for this run
	t.setTokensAt(append([]backend.Token{msg.created.Token}, t.all...), msg.created.Token.ID)
	if msg.created.Warning != "" {
		m.toastOn(msg.tab, toastErr, "created, but "+msg.created.Warning)
	} else {
		m.toastOn(msg.tab, toastOK, "✓ "+t.title()+" token created")
	}
	return tea.Batch(m.refresh(msg.tab), m.settled(msg.req))
}

// pointAtNew selects a token that appeared since a create whose answer
// was lost, and says so; it says too when none did.
func (m *Model) pointAtNew(i int) {
	t := m.tabs[i]
	before := t.probe
	t.probe = nil
	var fresh []backend.Token
	for _, tok := range t.all {
		if !before[tok.ID] {
			fresh = append(fresh, tok)
		}
	}
	if len(fresh) == 0 {
		m.toastOn(i, toastInfo, "no new "+t.title()+" token is listed: the create probably failed, but it may still show up (r lists again)")
		return
	}
	tok := fresh[0]
	t.setTokensAt(t.all, tok.ID)
	text := "the create may have made " + t.kind.describe(tok) + " (selected)"
	if len(fresh) > 1 {
		text = fmt.Sprintf("%d tokens appeared; the first, %s, is selected: the create may have made one of them", len(fresh), t.kind.describe(tok))
	}
	if !t.shown()[tok.ID] {
		text += " (hidden by the filter: esc clears it)"
	}
	m.toastOn(i, toastInfo, text)
}

// optionsFailure is what a picker says when its options did not load:
// short, as it stands in the form; the footer and e give the reason.
func optionsFailure(from, what string, err error) string {
	const retry = ": esc, then n retries"
	if from != "" && errors.Is(err, backend.ErrUnreachable) {
		return from + " unreachable" + retry
	}
	return "could not load " + what + retry
}

// onOptions fills the create form's picker, unless the form was closed.
func (m *Model) onOptions(msg optionsMsg) {
	m.done()
	o, ok := m.overlay.(*formOverlay)
	switch {
	case !ok || o.tab != msg.tab:
		// the form was closed meanwhile
	case msg.err != nil:
		m.failOn(msg.tab, "loading "+msg.what, msg.err)
		o.form.SetOptionsError(msg.field, optionsFailure(msg.from, msg.what, msg.err)) // the kind's words; e gives the server's
	default:
		o.form.SetOptions(msg.field, msg.options)
	}
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

// loadOptions fills a picker of tab i's create form.
func (m *Model) loadOptions(i int, ld *optionsLoad) tea.Cmd {
	return m.run(func(ctx context.Context) tea.Msg {
		opts, err := ld.load(ctx)
		return optionsMsg{tab: i, field: ld.field, what: ld.what, from: ld.from, options: opts, err: err}
	})
}

// maybeCreated reports whether a failed create may still have made its
// token: the request was sent and its answer was lost or was not what a
// success looks like (the backend says so with a MaybeCreatedError).
func maybeCreated(err error) bool {
	var mc *backend.MaybeCreatedError
	return errors.As(err, &mc)
}

// newForm is the kind's create form, validated by the form's own checks
// and then by the service's, field by field.
func (t *tab) newForm() *form.Form {
	title, note, fields := t.kind.createForm()
	lifetime := t.kind.base().lifetime
	defaulter, lifetimes := t.svc.(backend.ExpirationDefaulter)
	lifetimes = lifetimes && lifetime != ""
	f := form.New(title, note, fields, func(f *form.Form) map[string]string {
		spec, problems := t.kind.spec(f)
		if problems == nil {
			problems = map[string]string{}
		}
		if lifetimes && f.Value(lifetime) == "" {
			problems[lifetime] = expirationChoice
		}
		if v, ok := t.svc.(backend.SpecValidator); ok {
			for _, p := range v.ValidateSpec(spec) {
				if problems[p.Field] == "" {
					problems[p.Field] = p.Reason
				}
			}
		}
		return problems
	})
	if lifetimes {
		f.SetText(lifetime, defaulter.DefaultExpiration())
	}
	return f
}

// failed reopens a create form after its request failed, with the
// error above its buttons and the values typed.
func (o *formOverlay) failed(err error) {
	o.busy = false
	o.form.Reopen()
	// Wrapped in the form, not cut; e gives the rest once it is closed.
	o.form.SetStatus("✗ "+sanitize.Text(firstLine(err.Error())), true)
}
