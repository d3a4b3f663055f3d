package system

import (
	"context"
	"fmt"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/transport"
)

// Row is one system: everything about it the backend holds.
type Row struct {
	System backend.System
	// Title is its name as a person reads it: its tab, its check and
	// its errors (backend.System.Title).
	Title string
	// Section is its section of a config profile ([profiles.p.kibana]),
	// and its name in configuration problems.
	Section string
	// Server names the server in warnings ("Kibana credentials travel
	// in clear text") and in a failed client's error.
	Server string
	Env    Env
	// Hint says what to set when the system is not configured.
	Hint string
	// Check tests the configured system without creating anything
	// (config check): the lines say what was proven (url is the
	// configured address), the error what failed. Nil: ListCheck.
	Check func(ctx context.Context, svc backend.Service, url string) ([]string, error)
	// Replace is the create that replaces old in a rotate (expiration is
	// the lifetime asked for); nil when its tokens cannot be rotated,
	// NoRotate saying why ("" = a sentence naming the system).
	Replace  backend.Replacer
	NoRotate string
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

// CheckWith is r's check: its own, or ListCheck.
func (r Row) CheckWith(ctx context.Context, svc backend.Service, url string) ([]string, error) {
	if r.Check != nil {
		return r.Check(ctx, svc, url)
	}
	return ListCheck(ctx, svc, url)
}

// ListCheck is the check every system has: its tokens can be listed.
func ListCheck(ctx context.Context, svc backend.Service, url string) ([]string, error) {
	tokens, err := svc.List(ctx)
	if err != nil {
		return nil, err
	}
	return []string{"reachable and authenticated: " + url + " (" + backend.Plural(len(tokens), "token", "tokens") + " listed)",
		"create and revoke: not verifiable without creating a token"}, nil
}

// Missing names the pieces r lacks; nil when it has them all.
func (r Row) Missing() []string {
	var out []string
	for _, p := range []struct {
		name string
		ok   bool
	}{{"name", r.System != ""}, {"title", r.Title != ""}, {"config section", r.Section != ""}, {"server name", r.Server != ""},
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
	drop, o, ok := rows.Add(r.System, r, func(o Row) bool { return o.Section == r.Section })
	if !ok {
		panic(fmt.Sprintf("system.Register(%q): %q is registered already", r.System, o.System))
	}
	untitle := backend.SetTitle(r.System, r.Title)
	unrotate := backend.SetRotation(r.System, r.Replace, r.NoRotate)
	return func() {
		drop()
		untitle()
		unrotate()
	}
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
