package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// The enroll panel shows a token being used, step by step: in demo mode,
// E plays the token's consumer against the demo (backend/enroll, as
// `tokentui demo enroll` does); outside it, v verifies an Elasticsearch
// token without side effects. The work runs in a goroutine started by a
// command; each step comes back as a message, read from a channel by one
// command at a time, so Update does no I/O.

// enrollState is the model's part: the run the panel follows, and the
// demo's counts that show an enrollment's effect.
type enrollState struct {
	seq    int
	census *enroll.Census // nil until read (demo mode only)
}

type (
	// panelStepMsg is a step of run; next reads the following message.
	panelStepMsg struct {
		run  int
		step enroll.Step
		next tea.Cmd
	}
	// panelDoneMsg ends run: the summary, or why it failed.
	panelDoneMsg struct {
		run, tab int
		tok      backend.Token
		summary  string
		err      error
		enrolled bool // an enrollment ran: the counts changed
	}
	censusMsg struct{ census enroll.Census }
	// collectorsMsg is a Fleet policy's collector count, read again after
	// an enrollment, for the detail pane's OpAMP row.
	collectorsMsg struct {
		tab       int
		enrollKey string
		n         int
		err       error
	}
)

// panelWork is what a panel runs, with the token's secret, reporting steps.
type panelWork func(ctx context.Context, secret backend.Secret, report func(enroll.Step)) (summary string, err error)

// enrollPanel is the overlay of one run.
type enrollPanel struct {
	run     int
	title   string
	steps   []enroll.Step // each step once, updated when it ends
	done    bool
	summary string
	err     error
	back    overlay // the panel E was pressed in, shown again on close
	up      int     // lines scrolled up from the newest (0 follows the run)
}

func (p *enrollPanel) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case msg.String() == "ctrl+c" || key.Matches(msg, m.keys.Quit):
		return m.quit()
	case msg.String() == "esc" || msg.String() == "enter":
		m.overlay = p.back
		if p.back == nil {
			return m.selectionChanged()
		}
	case key.Matches(msg, m.keys.Up):
		p.up++ // clamped when drawn
	case key.Matches(msg, m.keys.Down):
		p.up = max(0, p.up-1)
	case key.Matches(msg, m.keys.PageUp):
		p.up += max(1, m.bodyHeight()-4)
	case key.Matches(msg, m.keys.PageDown):
		p.up = max(0, p.up-max(1, m.bodyHeight()-4))
	}
	return nil
}

func (p *enrollPanel) add(st enroll.Step) {
	for i := range p.steps {
		if p.steps[i].Title == st.Title && !p.steps[i].Done {
			p.steps[i] = st
			return
		}
	}
	p.steps = append(p.steps, st)
}

// view lists the steps, whose texts were sanitized as they came in
// (onPanelStep, onPanelDone). When the steps do not fit the screen, the oldest give
// way: the outcome always shows.
func (p *enrollPanel) view(s screen) string {
	th := s.theme
	width := min(100, s.width-8)
	wrap := lipgloss.NewStyle().Width(width)
	var steps []string
	for _, st := range p.steps {
		mark, text := s.spin, st.Title
		switch {
		case st.Done && st.Err != nil:
			mark, text = th.Failure.Render("✗"), st.Title+": "+st.Err.Error()
		case st.Done && st.Title == "Result":
			continue // the summary ends the panel
		case st.Done:
			mark, text = th.Success.Render("✓"), st.Title+": "+st.Detail
		}
		// Continuation lines are indented under the text, past the mark.
		lines := lipgloss.NewStyle().Width(max(10, width-2)).Render(text)
		steps = append(steps, strings.Split(mark+" "+strings.ReplaceAll(lines, "\n", "\n  "), "\n")...)
	}
	var outcome string
	switch {
	case !p.done:
		outcome = th.Desc.Render("working… (esc hides this panel; the run goes on)")
	case p.err != nil:
		outcome = th.Failure.Render(wrap.Render("✗ " + p.err.Error()))
	default:
		outcome = th.Success.Render(wrap.Render("✓ " + p.summary))
	}
	title := th.DialogTitle.Render(p.title)
	chrome := lipgloss.Height(th.Dialog.Render("x")) - 1
	// The screen's header (3 lines) and footer (2) stay; so do the title,
	// the outcome and the blank lines around them.
	room := s.height - 5 - chrome - 3 - lipgloss.Height(outcome)
	if len(steps) > room && room > 1 {
		// The newest lines by default; ↑/k and pgup scroll back.
		p.up = min(p.up, len(steps)-(room-1))
		end := len(steps) - p.up
		start := end - (room - 1)
		where := th.Dim.Render(fmt.Sprintf("lines %d–%d of %d · ↑/↓ pgup/pgdn scroll", start+1, end, len(steps)))
		steps = append([]string{where}, steps[start:end]...)
	}
	return th.Dialog.Render(title + "\n\n" + strings.Join(steps, "\n") + "\n\n" + outcome)
}

// startPanel opens a panel and runs work in the background with the
// token's secret (known, or read from the service: a Fleet token's, or
// one created in this run).
func (m *Model) startPanel(i int, tok backend.Token, known backend.Secret, back overlay, title string, enrolls bool, work panelWork) tea.Cmd {
	m.enr.seq++
	run, svc, timeout := m.enr.seq, m.tabs[i].svcFor(tok), m.opts.Timeout
	m.overlay = &enrollPanel{run: run, title: sanitize.Text(title), back: back} // names the token
	m.inflight++
	ch := make(chan tea.Msg, 16)
	next := func() tea.Msg { return <-ch }
	start := func() tea.Msg {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			secret := known
			if secret.IsZero() {
				var err error
				if secret, err = svc.Secret(ctx, tok.ID); err != nil {
					ch <- panelDoneMsg{run: run, tab: i, tok: tok, err: err}
					return
				}
			}
			summary, err := work(ctx, secret, func(st enroll.Step) { ch <- panelStepMsg{run: run, step: st, next: next} })
			ch <- panelDoneMsg{run: run, tab: i, tok: tok, summary: summary, err: err, enrolled: enrolls}
		}()
		return next()
	}
	if m.inflight == 1 {
		return tea.Batch(start, m.spin.Tick)
	}
	return start
}

// startEnroll plays the token's consumer against the demo.
func (m *Model) startEnroll(i int, tok backend.Token, known backend.Secret, back overlay) tea.Cmd {
	if m.opts.Enroll == nil {
		return nil // E is a demo key
	}
	env := *m.opts.Enroll
	if e := m.opts.EnrollProfiles[tok.Profile]; e != nil {
		env = *e
	}
	m.tabs[i].kind.enrollEnv(&env, tok)
	title := "Enroll with " + m.tabs[i].kind.describe(tok)
	if env.Collector = m.collectorChosen(i, tok); env.Collector {
		title = "Enroll an OTel Collector (OpAMP) with " + m.tabs[i].kind.describe(tok)
	}
	return m.startPanel(i, tok, known, back, title, true,
		func(ctx context.Context, secret backend.Secret, report func(enroll.Step)) (string, error) {
			res, err := enroll.Run(ctx, env, secret.Reveal(), report)
			return res.Summary, err
		})
}

// collectorChosen reports whether E enrolls an OpenTelemetry Collector
// over OpAMP rather than an Elastic Agent: the Fleet token's enroll
// command shows an OTel Collector platform (o/O pick it).
func (m *Model) collectorChosen(i int, tok backend.Token) bool {
	t := m.tabs[i]
	if !t.kind.base().agentPolicy {
		return false
	}
	e := t.enroll[t.kind.enrollKey(tok)]
	return e != nil && e.err == nil && (e.platform == enrollcmd.OTel || e.platform == enrollcmd.OTelRead)
}

func (m *Model) enrollSelected() tea.Cmd {
	t := m.current()
	tok, ok := t.selected()
	if !ok || t.svc == nil {
		return nil
	}
	// A revoked token is let through: E then shows the server's refusal,
	// the proof a revoke took effect (Fleet Server may still accept it
	// for about a minute). An expired one would only end in a bare 401.
	if why := t.useRefused(tok, m.opts.Now()); why != "" && tok.Status != backend.Revoked { // as the footer
		m.toast(toastInfo, why)
		return nil
	}
	return m.startEnroll(m.active, tok, t.revealed[tok.ID].secret, nil)
}

// verifySelected proves an Elasticsearch token's key authenticates at
// its addresses, pinned as the consumers pin it, as `es inspect --verify`
// does: no side effect.
func (m *Model) verifySelected() tea.Cmd {
	t := m.current()
	tok, ok := t.selected()
	if !ok || t.svc == nil {
		return nil
	}
	verify := t.kind.base().verify
	if verify == nil {
		m.toast(toastInfo, "v verifies Elasticsearch enrollment tokens")
		return nil
	}
	if why := t.useRefused(tok, m.opts.Now()); why != "" { // as the footer, which leaves v out
		m.toast(toastInfo, why)
		return nil
	}
	timeout := m.opts.Timeout
	return m.startPanel(m.active, tok, t.revealed[tok.ID].secret, nil, "Verify "+t.kind.describe(tok), false,
		func(ctx context.Context, secret backend.Secret, report func(enroll.Step)) (string, error) {
			return verify(ctx, secret.Reveal(), min(timeout, 10*time.Second), report)
		})
}

// loadCensus reads the demo's counts.
func (m *Model) loadCensus() tea.Cmd {
	if m.opts.Enroll == nil {
		return nil
	}
	env := *m.opts.Enroll
	return m.run(func(ctx context.Context) tea.Msg { return censusMsg{census: enroll.ReadCensus(ctx, env)} })
}

// onPanelStep shows a step of the panel's run, and reads the next.
func (m *Model) onPanelStep(msg panelStepMsg) tea.Cmd {
	if p, ok := m.overlay.(*enrollPanel); ok && p.run == msg.run {
		st := msg.step // a server's and a token's text, shown as it is
		st.Title, st.Detail, st.Err = sanitize.Text(st.Title), sanitize.Text(st.Detail), sanitizeErr(st.Err)
		p.add(st)
	}
	return msg.next // read on, even for a hidden panel
}

// onPanelDone ends a run: its outcome in the panel and the footer; after
// an enrollment, the tab, the counts and the collectors are read again.
func (m *Model) onPanelDone(msg panelDoneMsg) tea.Cmd {
	m.done()
	if p, ok := m.overlay.(*enrollPanel); ok && p.run == msg.run {
		p.done, p.summary, p.err = true, sanitize.Text(msg.summary), sanitizeErr(msg.err)
	}
	var re *enroll.RefusedError
	switch {
	case msg.err == nil:
		m.toast(toastOK, "✓ "+msg.summary)
	case errors.As(msg.err, &re):
		m.toast(toastErr, re.Error())
	default:
		m.fail("using the token", msg.err)
	}
	if !msg.enrolled {
		return nil
	}
	return tea.Batch(m.refresh(msg.tab), m.loadCensus(), m.recountCollectors(msg.tab, msg.tok))
}

// onCensus keeps the demo's counts.
func (m *Model) onCensus(msg censusMsg) {
	m.done()
	c := msg.census
	c.Cluster = sanitize.Text(c.Cluster) // a server's name, in the header
	m.enr.census = &c
}

// onCollectors updates the collector count of a policy's enroll target.
func (m *Model) onCollectors(msg collectorsMsg) {
	m.done()
	t := m.tabs[msg.tab]
	if e := t.enroll[msg.enrollKey]; e != nil && e.err == nil && msg.err == nil {
		e.target.Hint.Collectors, e.target.Hint.CollectorsKnown = msg.n, true
	}
}

// recountCollectors reads the collector count of a Fleet token's policy
// again after an enrollment (a collector's raises it), when the detail
// pane shows one; a failure keeps the count shown.
func (m *Model) recountCollectors(i int, tok backend.Token) tea.Cmd {
	t := m.tabs[i]
	cc, ok := t.svcFor(tok).(backend.CollectorCounter)
	if !ok || !t.kind.base().agentPolicy {
		return nil
	}
	key := t.kind.enrollKey(tok)
	if e := t.enroll[key]; e == nil || e.err != nil {
		return nil
	}
	return m.run(func(ctx context.Context) tea.Msg {
		n, err := cc.Collectors(ctx, tok.PolicyID)
		return collectorsMsg{tab: i, enrollKey: key, n: n, err: err}
	})
}

// censusText is the header's count for the active tab in demo mode: the
// cluster's nodes or ECE's runners.
func (m *Model) censusText() string {
	if c := m.enr.census; c != nil {
		return m.current().kind.census(*c)
	}
	return ""
}

// censusRow is the detail pane's agent count of a Fleet token's policy.
func (m *Model) censusRow(t *tab, tok backend.Token) (detailRow, bool) {
	c := m.enr.census
	if c == nil || !t.kind.base().agentPolicy || c.AgentsErr != nil {
		return detailRow{}, false
	}
	n, ok := c.Agents[tok.PolicyID]
	if !ok {
		return detailRow{}, false
	}
	return detailRow{label: "Agents", value: backend.Plural(n, "agent", "agents") + " in the policy"}, true
}

func (m *Model) enrollDisabled() string {
	if !m.keys.Enroll.Enabled() {
		return "E enrolls against the demo's servers only (tokentui --demo)"
	}
	return m.selectedRefused(func(t *tab, tok backend.Token) string {
		if tok.Status == backend.Revoked { // E shows the server's refusal (enrollSelected)
			return t.secretRefused(tok)
		}
		return t.useRefused(tok, m.opts.Now())
	})
}

func (m *Model) verifyDisabled() string {
	if !m.keys.Verify.Enabled() {
		return "v verifies outside the demo (E enrolls here)"
	}
	return m.selectedRefused(func(t *tab, tok backend.Token) string {
		if t.kind.base().verify == nil {
			return "v verifies Elasticsearch enrollment tokens"
		}
		return t.useRefused(tok, m.opts.Now())
	})
}
