package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// newManCommand is the hidden `tokentui __man DIR` the release script uses
// to write one man page per command. It writes roff itself: cobra/doc
// would pull go-md2man into go.mod for a few dozen lines of formatting,
// and package main cannot be imported by a generator outside it.
func newManCommand(root *cobra.Command) *cobra.Command { return newMan(root, nil) }

type manOptions struct {
	Root *cobra.Command // the tree to document
	Dir  string
}

func newMan(root *cobra.Command, runF func(*manOptions) error) *cobra.Command {
	opts := &manOptions{Root: root}
	return &cobra.Command{
		Use:    "__man DIR",
		Short:  "Write a man page per command into DIR (release builds)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Dir = args[0]
			return runWith(opts, runF, func(o *manOptions) error { return writeManPages(o.Root, o.Dir) })
		},
	}
}

// writeManPages writes DIR/tokentui.1, DIR/tokentui-es.1, … for every
// command a user can run (not hidden, not help).
func writeManPages(root *cobra.Command, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, c := range manCommands(root) {
		path := filepath.Join(dir, manName(c)+".1")
		if err := os.WriteFile(path, []byte(manPage(c)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func manCommands(c *cobra.Command) []*cobra.Command {
	out := []*cobra.Command{c}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
			out = append(out, manCommands(sub)...)
		}
	}
	return out
}

func manName(c *cobra.Command) string {
	return strings.ReplaceAll(c.CommandPath(), " ", "-")
}

func manPage(c *cobra.Command) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH %q \"1\" \"\" %q \"tokentui manual\"\n", strings.ToUpper(manName(c)), "tokentui "+versionString())
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", roffEscape(manName(c)), roffEscape(c.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n.B %s\n", roffEscape(c.UseLine()))
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, ".br\n.B %s\n", roffEscape(c.CommandPath()+" [command]"))
	}
	b.WriteString(".SH DESCRIPTION\n")
	desc := c.Long
	if desc == "" {
		desc = c.Short
	}
	b.WriteString(roffText(desc))
	if c.Example != "" {
		b.WriteString(".SH EXAMPLES\n.nf\n" + roffEscape(strings.TrimRight(c.Example, "\n")) + "\n.fi\n")
	}
	b.WriteString(roffFlags("OPTIONS", c.NonInheritedFlags()))
	b.WriteString(roffFlags("OPTIONS INHERITED FROM PARENT COMMANDS", c.InheritedFlags()))
	b.WriteString(manCommonSections())
	var see []*cobra.Command
	if c.HasParent() {
		see = append(see, c.Parent())
	}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
			see = append(see, sub)
		}
	}
	if len(see) > 0 {
		b.WriteString(".SH SEE ALSO\n")
		for i, s := range see {
			sep := ",\n"
			if i == len(see)-1 {
				sep = "\n"
			}
			b.WriteString("\\fB" + roffEscape(manName(s)) + "\\fR(1)" + sep)
		}
	}
	return b.String()
}

// roffText renders hand-wrapped help text: paragraphs are refilled,
// blocks with an indented line (examples, tables) kept as written.
func roffText(s string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(s), "\n\n") {
		if strings.HasPrefix(para, " ") || strings.HasPrefix(para, "\t") || strings.Contains(para, "\n ") || strings.Contains(para, "\n\t") {
			b.WriteString(".PP\n.nf\n" + roffEscape(para) + "\n.fi\n")
		} else {
			b.WriteString(".PP\n" + roffEscape(para) + "\n")
		}
	}
	return b.String()
}

func roffFlags(title string, fs *pflag.FlagSet) string {
	var b strings.Builder
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name, usage := pflag.UnquoteUsage(f)
		b.WriteString(".TP\n")
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			b.WriteString("\\fB" + roffEscape("-"+f.Shorthand) + "\\fR, ")
		}
		b.WriteString("\\fB" + roffEscape("--"+f.Name) + "\\fR")
		if name != "" {
			b.WriteString(" \\fI" + roffEscape(name) + "\\fR")
		}
		b.WriteString("\n" + roffEscape(usage))
		switch f.DefValue {
		case "", "false", "0", "0s", "[]":
		default:
			b.WriteString(roffEscape(fmt.Sprintf(" (default %q)", f.DefValue)))
		}
		b.WriteString("\n")
	})
	if b.Len() == 0 {
		return ""
	}
	return ".SH " + title + "\n" + b.String()
}

// roffEscape makes text literal in roff: backslashes and hyphens escaped,
// non-ASCII as named code points (troff reads bytes, not UTF-8), and no
// line may start with a control character.
func roffEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r > unicode.MaxASCII:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
