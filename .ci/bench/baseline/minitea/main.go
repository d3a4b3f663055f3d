// Command minitea is the bench's floor for a Bubble Tea v2 program: one
// static line in the alternate screen; a key redraws it with the key's name
// (the floor for key → frame); q quits.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct{ last string }

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if k.String() == "q" || k.String() == "ctrl+c" {
			return m, tea.Quit
		}
		m.last = k.String()
	}
	return m, nil
}

func (m model) View() tea.View {
	s := "minimal bubble tea ready"
	if m.last != "" {
		s += " key:" + m.last
	}
	v := tea.NewView(s)
	v.AltScreen = true
	return v
}

func main() {
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
