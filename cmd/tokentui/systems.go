package main

import (
	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
)

// The command line's pieces of each system, keyed by its name in the
// registry (backend/system); TestRegistryRowsAreWhole checks that every
// row has them.
var (
	// cliGroups are the systems' command groups (tokentui es, ece, fleet);
	// set in init, as the groups reach the root command themselves
	// (all-profiles lists run it).
	cliGroups map[backend.System]func(*app) *cobra.Command
	// simulators say where a demo Stack serves each system and with what
	// credentials: its section of the demo's config file.
	simulators = map[backend.System]func(*sim.Stack) demoSection{
		backend.Elasticsearch: func(s *sim.Stack) demoSection {
			return demoSection{URL: s.ESURL, Username: s.Creds.ESUsername, Password: s.Creds.ESPassword, CACert: s.CAFile}
		},
		backend.Fleet: func(s *sim.Stack) demoSection {
			return demoSection{URL: s.KibanaURL, Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass, CACert: s.CAFile}
		},
		backend.ECE: func(s *sim.Stack) demoSection {
			return demoSection{URL: s.ECEURL, APIKey: s.Creds.ECEAPIKey, CACert: s.CAFile}
		},
	}
)

func init() {
	cliGroups = map[backend.System]func(*app) *cobra.Command{
		backend.Elasticsearch: newESCommand,
		backend.ECE:           newECECommand,
		backend.Fleet:         newFleetCommand,
	}
}

// demoSection is a system's section of the demo's config file.
type demoSection struct {
	URL      string `toml:"url"`
	Username string `toml:"username,omitempty"`
	Password string `toml:"password,omitempty"`
	APIKey   string `toml:"api_key,omitempty"`
	CACert   string `toml:"ca_cert"`
}
