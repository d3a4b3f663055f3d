package system

import (
	"fmt"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/transport"
)

// Row is one system: everything about it the backend holds.
type Row struct {
	System backend.System
	// Section is its section of a config profile ([profiles.p.kibana]),
	// and its name in configuration problems.
	Section string
	// Server names the server in warnings ("Kibana credentials travel
	// in clear text") and in a failed client's error.
	Server string
	Env    Env
	// Hint says what to set when the system is not configured.
	Hint string
	// New builds the client from the transport settings (URL, TLS,
	// timeouts) and the resolved credentials and options.
	New func(transport.Config, Settings) (backend.Service, error)
}

// Env names a system's environment variables, each over the config file.
type Env struct {
	URL, Username string
	// Password and APIKey hold credentials: child processes never get
	// them (backend/childenv).
	Password, APIKey string
}

// Credentials are the variables of e that hold credentials.
func (e Env) Credentials() []string { return []string{e.Password, e.APIKey} }

// Settings are a system's resolved credentials and options, as its
// client takes them.
type Settings struct {
	Username, Password, APIKey string
	Space                      string // Kibana
	DefaultExpiration          string // Kibana: Fleet creates
	Region                     string // ECE
}

// Missing names the pieces r lacks; nil when it has them all.
func (r Row) Missing() []string {
	var out []string
	for _, p := range []struct {
		name string
		ok   bool
	}{{"name", r.System != ""}, {"config section", r.Section != ""}, {"server name", r.Server != ""},
		{"URL variable", r.Env.URL != ""}, {"username variable", r.Env.Username != ""},
		{"password variable", r.Env.Password != ""}, {"API key variable", r.Env.APIKey != ""},
		{"hint", r.Hint != ""}, {"client constructor", r.New != nil}} {
		if !p.ok {
			out = append(out, p.name)
		}
	}
	return out
}

var rows backend.Registry[Row]

// Register adds a row. A row that lacks a piece, or whose name or
// section is taken, is a programming error: it panics. The returned
// function removes the row again (tests).
func Register(r Row) (remove func()) {
	if missing := r.Missing(); missing != nil {
		panic(fmt.Sprintf("system.Register(%q): missing %v", r.System, missing))
	}
	remove, o, ok := rows.Add(r.System, r, func(o Row) bool { return o.Section == r.Section })
	if !ok {
		panic(fmt.Sprintf("system.Register(%q): %q is registered already", r.System, o.System))
	}
	return remove
}

// All are the rows in the order registered: the order configuration
// problems and warnings are reported in.
func All() []Row { return rows.All() }

// Lookup is the row of sys.
func Lookup(sys backend.System) (Row, bool) { return rows.Get(sys) }

// Credentials are every row's credential variables.
func Credentials() []string {
	var out []string
	for _, r := range rows.All() {
		out = append(out, r.Env.Credentials()...)
	}
	return out
}
