// Package theme holds the styles, made for a light or a dark terminal.
// State is never shown by colour alone: every coloured status also has a
// word or a symbol, so NO_COLOR (the Ascii profile) loses nothing.
package theme

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Theme is every style the UI uses.
type Theme struct {
	Title, Header, Badge, Endpoint        lipgloss.Style
	TabActive, TabInactive, TabCount      lipgloss.Style
	TableHeader, Cursor, Marked, Dim      lipgloss.Style
	Selected                              lipgloss.Style // the cursor's row, across the table
	Active, Expired, Revoked              lipgloss.Style
	Pane, PaneTitle, Label, Value, Secret lipgloss.Style
	Dialog, DialogTitle, Danger, Button   lipgloss.Style
	ButtonActive, Input, Success, Failure lipgloss.Style
	Key, Desc, Warning                    lipgloss.Style
	Accent                                color.Color
}

// New builds the theme for the terminal's background.
func New(isDark bool) Theme {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A4FCF"), lipgloss.Color("#A59BFF"))
	subtle := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8C8C8C"))
	green := ld(lipgloss.Color("#1E7B34"), lipgloss.Color("#5FD787"))
	yellow := ld(lipgloss.Color("#8A6100"), lipgloss.Color("#E5C07B"))
	red := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7B72"))
	text := ld(lipgloss.Color("#1F1F1F"), lipgloss.Color("#E6E6E6"))
	s := lipgloss.NewStyle
	return Theme{
		Title:        s().Bold(true).Foreground(accent),
		Header:       s().Foreground(text),
		Badge:        s().Bold(true).Reverse(true),
		Endpoint:     s().Foreground(subtle),
		TabActive:    s().Bold(true).Underline(true).Foreground(accent),
		TabInactive:  s().Foreground(subtle),
		TabCount:     s().Foreground(subtle),
		TableHeader:  s().Bold(true).Foreground(subtle),
		Cursor:       s().Bold(true).Foreground(accent),
		Selected:     s().Reverse(true),
		Marked:       s().Bold(true).Foreground(yellow),
		Dim:          s().Foreground(subtle),
		Active:       s().Foreground(green),
		Expired:      s().Foreground(yellow),
		Revoked:      s().Foreground(red),
		Pane:         s().Border(lipgloss.RoundedBorder()).BorderForeground(subtle).Padding(0, 1),
		PaneTitle:    s().Bold(true),
		Label:        s().Foreground(subtle),
		Value:        s(), // the terminal's own foreground: the most legible, and no colour code for each value a cursor move rewrites
		Secret:       s().Foreground(yellow),
		Dialog:       s().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 2),
		DialogTitle:  s().Bold(true).Foreground(accent),
		Danger:       s().Bold(true).Foreground(red),
		Button:       s().Padding(0, 1).Foreground(subtle),
		ButtonActive: s().Padding(0, 1).Bold(true).Reverse(true),
		Input:        s().Foreground(text),
		Success:      s().Foreground(green),
		Failure:      s().Bold(true).Foreground(red),
		Key:          s().Bold(true).Foreground(accent),
		Desc:         s().Foreground(subtle),
		Warning:      s().Bold(true).Foreground(yellow),
		Accent:       accent,
	}
}
