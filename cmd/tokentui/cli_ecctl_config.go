package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/config"
)

// ecctlConfigHelp says, in tokentui ece --help, how --config is read.
const ecctlConfigHelp = `
--config NAME, as ecctl takes it, names an ecctl configuration
~/.ecctl/NAME.json, .toml, .yaml or .yml (like EC_CONFIG=NAME) when NAME
is a bare name (no "/" and no ".") and such a file exists; any other
value is the path of tokentui's config file, as for every command.`

// acceptECCTLConfig lets ecctl users say tokentui ece --config NAME: a
// value that can only be an ecctl configuration's name (see
// config.ECCTLName) is taken as EC_CONFIG, not as tokentui's file.
func acceptECCTLConfig(a *app, root *cobra.Command) {
	for _, c := range allCommands(root) {
		if c.CommandPath() == "tokentui ece" {
			c.Long = strings.TrimRight(c.Long, "\n") + "\n" + ecctlConfigHelp
		}
	}
	prev := root.PersistentPreRunE
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if name := a.g.configPath; strings.HasPrefix(c.CommandPath(), "tokentui ece") && config.ECCTLName(name, a.getenv) {
			getenv := a.getenv
			a.g.configPath = ""
			a.getenv = func(k string) string {
				if k == "EC_CONFIG" {
					return name
				}
				return getenv(k)
			}
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}
