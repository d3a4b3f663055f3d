package ui

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/audit"
	"github.com/tokentui/tokentui/backend/sanitize"
)

// The Audit view (A): the audit's findings for the current profile's
// systems (in all profiles: every profile's), most severe first; enter
// goes to the finding's token in its tab (and profile), where the usual
// keys (x revokes, with its confirmation) act on it.

type auditOverlay struct {
	profile  string
	about    string // the profile, as the title says it
	loading  bool
	findings []audit.Finding
	shown    []auditText // each finding's text, sanitized as it came in
	cursor   int
	top      int
}

// auditText is what the view shows of a finding: its row, its message
// and its fix.
type auditText struct{ row, why, fix string }

// auditDoneMsg carries the findings of one audit run.
type auditDoneMsg struct {
	run      *auditOverlay
	findings []audit.Finding
}

// openAudit opens the view and runs the audit in a command over the tabs'
// services; an Elasticsearch service that reads API keys and Fleet
// Server's logs also checks drift and usage.
func (m *Model) openAudit() tea.Cmd {
	o := &auditOverlay{profile: m.opts.Profile, loading: true, about: "  " + AllProfiles}
	if o.profile != AllProfiles {
		o.about = "  profile " + sanitize.Text(cmp.Or(o.profile, "(environment)")) // the configuration's name
	}
	m.overlay = o
	sources, concurrency := m.auditSources(), auditConcurrency
	now := m.opts.Now()
	return m.run(func(ctx context.Context) tea.Msg {
		return auditDoneMsg{run: o, findings: audit.Run(audit.Gather(ctx, sources, concurrency), audit.Options{Now: now})}
	})
}

// auditConcurrency bounds the profiles audited at once (all profiles).
const auditConcurrency = 4

// auditSources are what the audit reads: the current profile's systems,
// or in all profiles each profile's, so that its findings name their
// profile.
func (m *Model) auditSources() []audit.Source {
	var names []string
	for _, t := range m.tabs {
		if r, ok := t.svc.(profileRouter); ok {
			for _, p := range r.Profiles() {
				if !slices.Contains(names, p) {
					names = append(names, p)
				}
			}
		}
	}
	if names == nil {
		return []audit.Source{m.auditSource(m.opts.Profile, func(t *tab) backend.Service { return t.svc })}
	}
	sources := make([]audit.Source, len(names))
	for i, p := range names {
		sources[i] = m.auditSource(p, func(t *tab) backend.Service {
			if r, ok := t.svc.(profileRouter); ok {
				svc, _ := r.ForProfile(p)
				return svc
			}
			return nil // not configured in any profile
		})
	}
	return sources
}

// auditSource is one profile's source: each tab's service for it (of
// gives it, nil when the profile lacks the system).
func (m *Model) auditSource(profile string, of func(*tab) backend.Service) audit.Source {
	src := audit.Source{Profile: profile}
	for _, t := range m.tabs {
		svc := of(t)
		if svc == nil {
			continue
		}
		src.Services = append(src.Services, svc)
		if k, ok := svc.(backend.APIKeyBatchInspector); ok && src.Keys == nil {
			src.Keys = k
		}
		if u, ok := svc.(backend.UsageReader); ok && src.Usage == nil {
			src.Usage = u
		}
	}
	return src
}

// onAuditDone shows the findings, unless the view was closed or reopened.
func (m *Model) onAuditDone(msg auditDoneMsg) {
	m.done()
	if o, ok := m.overlay.(*auditOverlay); ok && o == msg.run {
		o.loading, o.findings = false, msg.findings
		o.shown = make([]auditText, len(msg.findings))
		for i, f := range msg.findings {
			o.shown[i] = m.auditText(o, f)
		}
	}
}

// auditText is a finding's text, sanitized: servers name the tokens and
// policies, and the configuration the profiles.
func (m *Model) auditText(o *auditOverlay, f audit.Finding) auditText {
	subject := f.TokenName
	if f.TokenID == "" {
		subject = "policy " + f.Policy
	} else if subject == "" {
		subject = f.TokenID
	}
	if o.profile == AllProfiles {
		subject = f.Profile + "│" + subject // where it lives
	}
	row := fmt.Sprintf("%-8s %-6s %-16s %-22s %s", strings.ToUpper(f.Severity.String()), f.System.Title(), f.Rule,
		ansi.Truncate(subject, 22, "…"), f.Message)
	var fix string
	if f.Fix != "" {
		fix = "fix: " + m.fixHere(f.Fix)
	}
	return auditText{row: sanitize.Text(row), why: sanitize.Text(f.Message), fix: sanitize.Text(fix)}
}

// rows is how many findings fit: the box, the title, the selected
// finding's full text (up to four lines) and the footer take the rest.
func (o *auditOverlay) rows(body int) int { return max(1, body-11) }

func (o *auditOverlay) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "up", "k":
		o.cursor = max(0, o.cursor-1)
	case "down", "j":
		o.cursor = min(len(o.findings)-1, o.cursor+1)
	case "pgup":
		o.cursor = max(0, o.cursor-o.rows(m.bodyHeight()))
	case "pgdown":
		o.cursor = min(len(o.findings)-1, o.cursor+o.rows(m.bodyHeight()))
	case "enter":
		if o.loading || len(o.findings) == 0 {
			return nil
		}
		return m.goToFinding(o.findings[o.cursor])
	case "ctrl+c":
		return m.quit()
	case "esc", "q":
		m.overlay = nil
	default:
		if key.Matches(msg, m.keys.Audit) {
			m.overlay = nil
		}
	}
	o.cursor = max(0, o.cursor)
	if o.cursor < o.top {
		o.top = o.cursor
	}
	if o.cursor >= o.top+o.rows(m.bodyHeight()) {
		o.top = o.cursor - o.rows(m.bodyHeight()) + 1
	}
	return nil
}

// goToFinding closes the view and puts the cursor on the finding's token
// in its tab, showing revoked and expired tokens when it is one of them.
func (m *Model) goToFinding(f audit.Finding) tea.Cmd {
	if f.TokenID == "" {
		m.toast(toastInfo, "this finding is about "+strings.TrimSpace("policy "+f.Policy)+", not one token: "+f.Message)
		return nil
	}
	for i, t := range m.tabs {
		if t.kind.System() != f.System {
			continue
		}
		m.overlay = nil
		profile := "" // in all profiles, the token of the finding's profile
		if t.joined() {
			profile = f.Profile
		}
		if !t.selectID(f.TokenID, profile) {
			t.showAll = true
			t.refilter()
			if !t.selectID(f.TokenID, profile) {
				m.toast(toastInfo, "the token is not in the "+t.title()+" tab's list (refresh with r)")
			}
		}
		return m.switchTab(i) // one selection change, for the tab and the token
	}
	m.toast(toastInfo, "no "+f.System.Title()+" tab in this profile")
	return nil
}

// selectID puts the cursor on token id (of profile, when not "") when it
// is shown.
func (t *tab) selectID(id, profile string) bool {
	for vi, ai := range t.view {
		if t.all[ai].ID == id && (profile == "" || t.all[ai].Profile == profile) {
			t.tbl.SetCursor(vi)
			return true
		}
	}
	return false
}

func (o *auditOverlay) view(s screen) string {
	th := s.theme
	width := min(140, s.width-8)
	title := th.DialogTitle.Render("Audit") + th.Desc.Render(o.about)
	var lines []string
	switch {
	case o.loading:
		lines = append(lines, "auditing every configured system…")
	case len(o.findings) == 0:
		lines = append(lines, "No findings.")
	default:
		end := min(len(o.findings), o.top+o.rows(s.bodyHeight()))
		for i := o.top; i < end; i++ {
			line := ansi.Truncate(o.shown[i].row, width-2, "…")
			if i == o.cursor {
				line = th.Cursor.Render("› " + line)
			} else {
				line = "  " + line
			}
			lines = append(lines, line)
		}
	}
	if !o.loading && len(o.findings) > 0 {
		f := o.shown[o.cursor]
		// Four lines: the fix whole (a command cut short would be
		// wrong to run), the message in what is left.
		var fix []string
		if f.fix != "" {
			fix = strings.Split(wrapAtSpaces(f.fix, width), "\n")
		}
		why := strings.Split(wrapAtSpaces(f.why, width), "\n")
		why = why[:max(1, min(len(why), 4-len(fix)))]
		lines = append(lines, "", th.Dim.Render(strings.Join(append(why, fix...), "\n")))
	}
	foot := th.Desc.Render(fmt.Sprintf("%d findings · ↑/↓ move · enter goes to the token · esc closes", len(o.findings)))
	return th.Dialog.Render(lipgloss.NewStyle().Width(width).Render(title + "\n\n" + strings.Join(lines, "\n") + "\n\n" + foot))
}

// fixKeys are the keys that do, on the token's row, what a fix command's
// verb does.
var fixKeys = []struct{ verb, key string }{{" revoke ", "x"}, {" rotate ", "R"}, {" delete ", "D"}, {" purge", "X"}}

// fixHere is a finding's fix as this screen offers it: in --demo the
// command line cannot reach this run's simulators, so the fix names the
// key that does it on the token's row instead.
func (m *Model) fixHere(fix string) string {
	if !m.opts.Demo {
		return fix
	}
	for _, k := range fixKeys {
		if strings.Contains(fix+" ", k.verb) {
			return "enter goes to the token, then " + k.key + " (the command line cannot reach this demo)"
		}
	}
	return "enter goes to the token (the command line cannot reach this demo)"
}
