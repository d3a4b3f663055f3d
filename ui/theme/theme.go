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
	// The styles several roles share.
	faint := s().Foreground(subtle)
	strong := s().Bold(true).Foreground(accent)
	plain := s().Foreground(text)
	good := s().Foreground(green)
	notice := s().Foreground(yellow)
	loud := s().Bold(true).Foreground(yellow)
	alarm := s().Bold(true).Foreground(red)
	return Theme{
		Title: strong, Cursor: strong, DialogTitle: strong, Key: strong,
		Header: plain, Input: plain,
		Endpoint: faint, TabInactive: faint, TabCount: faint, Dim: faint, Label: faint, Desc: faint,
		Active: good, Success: good,
		Expired: notice, Secret: notice,
		Marked: loud, Warning: loud,
		Danger: alarm, Failure: alarm,

		Badge:        s().Bold(true).Reverse(true),
		TabActive:    s().Bold(true).Underline(true).Foreground(accent),
		TableHeader:  s().Bold(true).Foreground(subtle),
		Selected:     s().Reverse(true),
		Revoked:      s().Foreground(red),
		Pane:         s().Border(lipgloss.RoundedBorder()).BorderForeground(subtle).Padding(0, 1),
		PaneTitle:    s().Bold(true),
		Value:        s(), // the terminal's own foreground: the most legible, and no colour code for each value a cursor move rewrites
		Dialog:       s().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 2),
		Button:       s().Padding(0, 1).Foreground(subtle),
		ButtonActive: s().Padding(0, 1).Bold(true).Reverse(true),
		Accent:       accent,
	}
}
