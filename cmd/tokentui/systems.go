package main

import (
	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/system"
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
			return demoSection{URL: s.KibanaURL, Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass, CACert: s.CAFile,
				Extra: [][2]string{{"FLEET_SERVER_URL", s.FleetServerURL}}} // demo enroll's agents enroll there
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
	// Extra are variables demo serve prints after the system's own.
	Extra [][2]string `toml:"-"`
}

// serveEnv is the environment demo serve prints for a Stack: each row's
// variables with its simulator's values, in the registry's order, then
// the CA file every simulator's certificate is signed by.
func serveEnv(s *sim.Stack) [][2]string {
	var env [][2]string
	for _, row := range system.All() {
		simulator := simulators[row.System]
		if simulator == nil {
			continue
		}
		sec := simulator(s)
		for _, kv := range [][2]string{{row.Env.URL, sec.URL}, {row.Env.Username, sec.Username},
			{row.Env.Password, sec.Password}, {row.Env.APIKey, sec.APIKey}} {
			if kv[1] != "" {
				env = append(env, kv)
			}
		}
		env = append(env, sec.Extra...)
	}
	return append(env, [2]string{"TOKENTUI_CA_CERT", s.CAFile})
}

// tabOrder is every registry row in the order of the UI's tabs: the
// order config check and the audit report the systems in.
func tabOrder() []system.Row {
	var out []system.Row
	for _, k := range uiKinds() {
		row, _ := system.Lookup(k.System())
		out = append(out, row)
	}
	return out
}
