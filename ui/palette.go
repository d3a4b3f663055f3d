package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/table"
)

// palette is the command palette (ctrl+k or :): every action of the
// current view with its key, filtered by typing, the disabled ones with
// the reason; enter runs the selected one. It reads the action table, as
// the footer and the help do.
type palette struct {
	in    textinput.Model
	sel   int
	items []paletteItem
}

type paletteItem struct {
	a   action
	why string // why it cannot act now, as when opened
	hay string // what typing matches: key, help, section
}

func (m *Model) openPalette() tea.Cmd {
	p := &palette{in: form.NewInput("> ", "type to find an action", 40, 64)}
	for _, a := range m.actions() {
		h := a.binding.Help()
		// A reason may name a token: server text.
		p.items = append(p.items, paletteItem{a: a, why: sanitize.Text(m.whyNot(a)),
			hay: strings.ToLower(h.Desc + " " + h.Key + " " + a.section.String())})
	}
	m.overlay = p
	return p.in.Focus()
}

// shown are the items matching what is typed: its letters in order
// (fuzzy), the items where they are one run first.
func (p *palette) shown() []paletteItem {
	q := strings.ToLower(strings.TrimSpace(p.in.Value()))
	var exact, fuzzy []paletteItem
	for _, it := range p.items {
		switch {
		case strings.Contains(it.hay, q):
			exact = append(exact, it)
		case subsequence(it.hay, q):
			fuzzy = append(fuzzy, it)
		}
	}
	return append(exact, fuzzy...)
}

// subsequence reports whether q's runes appear in s in order.
func subsequence(s, q string) bool {
	for _, r := range q {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+len(string(r)):]
	}
	return true
}

func (p *palette) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	items := p.shown()
	switch msg.String() {
	case "ctrl+c":
		return m.quit()
	case "esc":
		m.overlay = nil
		return nil
	case "up", "ctrl+p":
		p.sel = max(0, p.sel-1)
		return nil
	case "down", "ctrl+n":
		p.sel = min(max(0, len(items)-1), p.sel+1)
		return nil
	case "enter":
		m.overlay = nil
		if p.sel >= len(items) {
			return nil
		}
		it := items[p.sel]
		if why := m.whyNot(it.a); why != "" {
			m.toast(toastInfo, why)
			return nil
		}
		return m.perform(it.a)
	}
	var cmd tea.Cmd
	p.in, cmd = p.in.Update(msg)
	p.sel = 0
	return cmd
}

func (p *palette) view(s screen) string {
	th := s.theme
	w := min(72, s.width-8)
	items := p.shown()
	rows := max(1, s.bodyHeight()-6)
	top := max(0, p.sel-rows+1)
	lines := []string{th.DialogTitle.Render("Actions") + th.Desc.Render("  ↑/↓ select · enter runs · esc closes"), p.in.View(), ""}
	if len(items) == 0 {
		lines = append(lines, th.Dim.Render("no action matches"))
	}
	keyW := 0
	for _, it := range p.items {
		keyW = max(keyW, ansi.StringWidth(it.a.binding.Help().Key))
	}
	for i := top; i < min(len(items), top+rows); i++ {
		it := items[i]
		mark := "  "
		if i == p.sel {
			mark = "▸ "
		}
		text := it.a.binding.Help().Desc
		if it.why != "" {
			text += " — " + it.why
		}
		line := mark + table.Fit(it.a.binding.Help().Key, keyW) + "  " + ansi.Truncate(text, max(0, w-keyW-4), "…")
		switch {
		case i == p.sel:
			line = th.Key.Render(line)
		case it.why != "":
			line = th.Dim.Render(line)
		}
		lines = append(lines, line)
	}
	return th.Dialog.Width(w + 6).Render(strings.Join(lines, "\n"))
}
