package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/form"
)

// Profiles (p): the picker, and the tabs rebuilt with the chosen
// profile's services.

// profileMsg is the services of the profile switched to.
type profileMsg struct {
	profile ProfileServices
	err     error
}

// openProfiles opens the profile picker, on the current profile.
func (m *Model) openProfiles() tea.Cmd {
	// All profiles comes first: the one view that shows every profile.
	all := form.Option{Label: AllProfiles, Value: AllProfiles}
	if m.opts.Profile == AllProfiles {
		all.Label += "  (current)"
	}
	opts := []form.Option{all}
	for _, p := range m.opts.Profiles {
		label := sanitize.Text(p) // the configuration's text
		if p == m.opts.Profile {
			label += "  (current)"
		}
		opts = append(opts, form.Option{Label: label, Value: p})
	}
	f := form.New("Switch profile", "The tabs reload with the chosen profile's systems (all profiles: every profile's, each row named by its profile).",
		[]*form.Field{form.NewPicker("profile", "Profile", "type to filter · ↑/↓ select", opts)}, nil)
	f.Verb = "switch"
	m.overlay = &formOverlay{form: f, tab: -1, submit: func(f *form.Form) tea.Cmd {
		name := f.Value("profile")
		if name == "" || name == m.opts.Profile {
			return nil
		}
		m.toast(toastInfo, "loading profile "+name+"…")
		return m.switchProfile(name)
	}}
	f.Select("profile", m.opts.Profile)
	return nil
}

// onProfile rebuilds the tabs for the profile switched to.
func (m *Model) onProfile(msg profileMsg) tea.Cmd {
	m.done()
	if msg.err != nil {
		m.fail("switching profile", msg.err)
		return nil
	}
	p := msg.profile
	m.opts.Profile, m.opts.Insecure = p.Name, p.Insecure
	m.setTabs(p.Tabs)
	m.toast(toastOK, "✓ profile "+p.Name)
	return m.refreshAll()
}

func (m *Model) switchProfile(name string) tea.Cmd {
	load := m.opts.SwitchProfile
	return m.run(func(context.Context) tea.Msg {
		p, err := load(name)
		return profileMsg{profile: p, err: err}
	})
}
