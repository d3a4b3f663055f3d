package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/ui/keymap"
	"github.com/tokentui/tokentui/ui/table"
)

// columns per system.
func columns(sys backend.System) []table.Column {
	switch sys {
	case backend.Elasticsearch:
		return []table.Column{{Title: "KEY ID", Width: 20, Flex: true}, {Title: "SCOPE", Width: 6},
			{Title: "CREATED", Width: 8}, {Title: "EXPIRES", Width: 12}, {Title: "STATUS", Width: 10}}
	case backend.ECE:
		return []table.Column{{Title: "TOKEN ID", Width: 22, Flex: true}, {Title: "ROLES", Width: 28},
			{Title: "KIND", Width: 10}, {Title: "STATUS", Width: 10}}
	}
	return []table.Column{{Title: "NAME", Width: 14, Flex: true}, {Title: "POLICY", Width: 16},
		{Title: "CREATED", Width: 8}, {Title: "STATUS", Width: 10}, {Title: "SECRET", Width: 8}}
}

func (m *Model) statusCell(tok backend.Token) table.Cell {
	th := &m.theme // a pointer: copying the theme per row cost more than the row
	switch tok.Status {
	case backend.Active:
		return table.Cell{Text: "● active", Style: &th.Active}
	case backend.Expired:
		return table.Cell{Text: "◌ expired", Style: &th.Expired}
	}
	word := "✕ revoked"
	if tok.System == backend.Elasticsearch {
		word = "✕ invalid"
	}
	return table.Cell{Text: word, Style: &th.Revoked}
}

func (m *Model) tableView(t *tabState) string {
	now := m.opts.Now()
	cells := func(row int) []table.Cell {
		tok := t.all[t.view[row]]
		status := m.statusCell(tok)
		switch t.sys {
		case backend.Elasticsearch:
			exp := until(tok.Expires, now)
			if tok.Status == backend.Revoked {
				exp = "–"
			}
			return []table.Cell{{Text: tok.ID}, {Text: tok.Scope}, {Text: ago(tok, now)}, {Text: exp}, status}
		case backend.ECE:
			kind := "persistent"
			if !tok.Persistent {
				kind = "ephemeral"
			}
			return []table.Cell{{Text: tok.ID}, {Text: rolesCell(tok.Roles)}, {Text: kind}, status}
		}
		policy := tok.PolicyName
		if policy == "" {
			policy = tok.PolicyID
		}
		return []table.Cell{{Text: nameOrID(tok)}, {Text: policy}, {Text: ago(tok, now)}, status, {Text: m.secretCell(t, tok)}}
	}
	st := table.Styles{Header: m.theme.TableHeader, Cursor: m.theme.Cursor, Marked: m.theme.Marked}
	return t.tbl.View(columns(t.sys), st, cells, func(row int) bool { return t.marked[t.all[t.view[row]].ID] })
}

func rolesCell(roles []string) string {
	if len(roles) == 0 {
		return "–"
	}
	return strings.Join(roles, ",")
}

func ago(tok backend.Token, now time.Time) string {
	if tok.Created.IsZero() {
		return "–"
	}
	return coarse(now.Sub(tok.Created)) + " ago"
}

// coarse is an age to the largest unit: 45s, 5m, 3h, 12d.
func coarse(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// secretCell is the table's secret column: never the secret itself.
func (m *Model) secretCell(t *tabState, tok backend.Token) string {
	if _, shown := t.revealed[tok.ID]; shown && !m.presenter {
		return "shown ↓"
	}
	return "••••••••"
}

// detailPane shows every field of the selected token, its secret (masked
// unless shown) and its enroll command.
func (m *Model) detailPane(t *tabState, width, height int) string {
	th := m.theme
	tok, ok := t.selected()
	inner := max(10, width-4)
	var lines []string
	add := func(label, value string) {
		lines = append(lines, th.Label.Render(fmt.Sprintf("%-9s", label))+" "+th.Value.Render(value))
	}
	if !ok {
		lines = append(lines, th.Dim.Render("No token selected."))
	} else {
		now := m.opts.Now()
		lines = append(lines, th.PaneTitle.Render(nameOrID(tok)))
		add("ID", tok.ID)
		add("Status", string(tok.Status))
		switch tok.System {
		case backend.Elasticsearch:
			add("Scope", tok.Scope)
			add("Owner", tok.Owner)
		case backend.ECE:
			kind := "persistent"
			if !tok.Persistent {
				kind = "ephemeral (made in this session; ECE does not list it)"
			}
			add("Kind", kind)
			add("Roles", rolesText(tok.Roles))
			if tok.Persistent && mayBeEmergency(tok.Roles) {
				lines = append(lines, th.Warning.Render("may be the first host's or the emergency token"))
			}
		case backend.Fleet:
			add("Policy", fmt.Sprintf("%s (%s)", tok.PolicyName, tok.PolicyID))
			if tok.Hidden {
				add("Hidden", "yes: a managed or agentless policy's token")
			}
		}
		if !tok.Created.IsZero() {
			add("Created", tok.Created.In(now.Location()).Format("2006-01-02 15:04:05")+" ("+ago(tok, now)+")")
		}
		if !tok.Expires.IsZero() {
			add("Expires", tok.Expires.In(now.Location()).Format("2006-01-02 15:04:05")+" ("+until(tok.Expires, now)+")")
		} else if tok.System != backend.ECE {
			add("Expires", "never")
		}
		if !tok.Revoked.IsZero() {
			add("Revoked", tok.Revoked.In(now.Location()).Format("2006-01-02 15:04:05"))
		}
		lines = append(lines, "", th.Label.Render("Secret"))
		lines = append(lines, m.secretLine(t, tok))
		if cmd := t.commands[commandKey(tok)]; !cmd.IsZero() {
			text := cmd.Reveal()
			if r, shown := t.revealed[tok.ID]; shown && !m.presenter {
				text = strings.ReplaceAll(text, commandPlaceholder, r.secret.Reveal())
			}
			lines = append(lines, "", th.Label.Render("Enroll command (y copies)"), wrapCommand(text, inner))
		}
	}
	content := lipgloss.NewStyle().Width(inner).MaxHeight(max(1, height-2)).Render(strings.Join(lines, "\n"))
	return th.Pane.Width(width).Height(height).Render(content)
}

func (m *Model) secretLine(t *tabState, tok backend.Token) string {
	th := m.theme
	if r, shown := t.revealed[tok.ID]; shown && !m.presenter {
		return th.Secret.Render(r.secret.Reveal()) + th.Dim.Render(" (hides "+until(r.until, m.opts.Now())+")")
	}
	switch {
	case m.presenter:
		return "•••••••• " + th.Dim.Render("presenter mode: hidden (c copies)")
	case tok.System == backend.Fleet:
		return "•••••••• " + th.Dim.Render("s shows · c copies")
	}
	return "•••••••• " + th.Dim.Render("s shows it if made in this session")
}

func resultKeys(k keymap.KeyMap) []key.Binding {
	done := key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter", "done"))
	return []key.Binding{k.Secret, k.Copy, k.CopyCmd, done}
}

// commandKey is what a token's masked enroll command depends on (its
// scope, roles or policy), so moving between tokens of one policy needs no
// new request and the pane does not flicker.
func commandKey(t backend.Token) string {
	switch t.System {
	case backend.Elasticsearch:
		return t.Scope
	case backend.ECE:
		return strings.Join(t.Roles, ",")
	}
	return t.PolicyID
}
