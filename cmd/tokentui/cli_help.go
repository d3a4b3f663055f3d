package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend/enrollcmd"
)

// platformKinds is the enroll kind whose platforms each command's
// --platform takes (es create's node and kibana share theirs).
var platformKinds = map[string]enrollcmd.Kind{
	"tokentui fleet show": enrollcmd.Fleet,
	"tokentui es create":  enrollcmd.Node,
}

// platformNames are a kind's --platform values.
func platformNames(k enrollcmd.Kind) []string {
	var out []string
	for _, p := range enrollcmd.Platforms(k) {
		out = append(out, string(p))
	}
	return out
}

// teach adds what helps a person at the keyboard to every command: its
// examples, the choices of --platform, "did you mean" after a mistyped
// command.
func teach(root *cobra.Command) {
	for _, c := range allCommands(root) {
		if ex, ok := commandExamples[c.CommandPath()]; ok && c.Example == "" {
			c.Example = ex
		}
		if k, ok := platformKinds[c.CommandPath()]; ok {
			if f := c.Flags().Lookup("platform"); f != nil {
				f.Usage = "platform of the command: " + strings.Join(platformNames(k), ", ") + " (default: the one the token's target suggests)"
			}
		}
		if c.HasAvailableSubCommands() {
			suggestCommands(c)
		}
	}
}

// suggestCommands makes a group's "unknown command" name the closest
// commands, as cobra does only for a root without an argument check.
func suggestCommands(c *cobra.Command) {
	c.SuggestionsMinimumDistance = 2 // cobra sets it only on its own path
	check := c.Args
	if check == nil {
		check = cobra.NoArgs
	}
	c.Args = func(c *cobra.Command, args []string) error {
		err := check(c, args)
		if err == nil || len(args) == 0 {
			return err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "unknown command %q for %q", args[0], c.CommandPath())
		if s := c.SuggestionsFor(args[0]); len(s) > 0 {
			b.WriteString("\n\nDid you mean this?\n  " + strings.Join(s, "\n  "))
		}
		fmt.Fprintf(&b, "\n\nRun '%s --help' for its commands.", c.CommandPath())
		return &usageError{errors.New(b.String())}
	}
}

// manEnvironment, manFiles and manExitStatus are the man pages' common
// sections.
const manEnvironment = `ELASTICSEARCH_URL, ELASTICSEARCH_USERNAME, ELASTICSEARCH_PASSWORD, ELASTICSEARCH_API_KEY
  Elasticsearch, over the config file.

KIBANA_URL, KIBANA_USERNAME, KIBANA_PASSWORD, KIBANA_API_KEY
  Kibana (Fleet), over the config file.

EC_HOST, EC_API_KEY, EC_USER, EC_PASS, EC_REGION, EC_INSECURE, EC_OUTPUT, EC_CONFIG
  ECE, as ecctl reads them; EC_CONFIG names the ecctl configuration under ~/.ecctl.

TOKENTUI_CA_CERT
  A CA bundle (PEM) trusted for every system.

TOKENTUI_CONFIG
  The config file, instead of the default path.

XDG_CONFIG_HOME, XDG_STATE_HOME
  Where the config file and the state (audit trail, exports) live.

ES_PATH_CONF
  An Elasticsearch config directory: es create works there as the official tool does.

NO_COLOR
  The terminal UI draws without colour.`

const manFiles = `$XDG_CONFIG_HOME/tokentui/config.toml (default ~/.config/tokentui/config.toml)
  Profiles and systems; written by tokentui config init (mode 0600).

~/.ecctl/NAME.json, .toml, .yaml, .yml
  ecctl's configuration, read for ECE when tokentui's has none (NAME is EC_CONFIG, default config).

$XDG_STATE_HOME/tokentui/audit.jsonl (default ~/.local/state/tokentui/audit.jsonl)
  The audit trail: one JSON line per create, revoke, delete, purge or rotate (mode 0600, never a secret); audit_log = false in the config file turns it off.

$XDG_STATE_HOME/tokentui/exports/
  Views exported from the terminal UI (mode 0600).`

const manExitStatus = `0
  success

1
  an error, or a token of several that failed

2
  a usage error (a bad flag or argument)

78
  enrollment disabled (es create in local mode)

130
  interrupted`

// manCommonSections renders them for a man page.
func manCommonSections() string {
	return ".SH ENVIRONMENT\n" + roffEntries(manEnvironment) + ".SH FILES\n" + roffEntries(manFiles) + ".SH EXIT STATUS\n" + roffEntries(manExitStatus)
}

// roffEntries renders "term\n  description" paragraphs as tagged
// paragraphs.
func roffEntries(s string) string {
	var b strings.Builder
	for _, entry := range strings.Split(s, "\n\n") {
		term, desc, _ := strings.Cut(entry, "\n")
		b.WriteString(".TP\n\\fB" + roffEscape(term) + "\\fR\n" + roffEscape(strings.TrimSpace(desc)) + "\n")
	}
	return b.String()
}
