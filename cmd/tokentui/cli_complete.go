package main

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/config"
)

// completionTimeout bounds the server calls a completion makes: a shell
// waits for it at every tab.
const completionTimeout = 3 * time.Second

// maxCompletions caps what one tab offers (a Fleet can hold 100,000
// tokens).
const maxCompletions = 500

// noFiles is the answer of every completion that has nothing to offer:
// an empty list, never the shell's file names.
const noFiles = cobra.ShellCompDirectiveNoFileComp

// fileFlags take a path: the shell's file completion stays for them.
var fileFlags = map[string]bool{"config": true, "es-path-conf": true, "env-file": true}

// tokenArgs are the commands whose arguments are token ids, and which
// tokens each offers (nil: all of them).
var tokenArgs = map[string]struct {
	sys  backend.System
	keep func(backend.Token) bool
}{
	"tokentui fleet show":   {backend.Fleet, nil},
	"tokentui fleet revoke": {backend.Fleet, isActive},
	"tokentui fleet delete": {backend.Fleet, nil},
	"tokentui fleet rotate": {backend.Fleet, isActive},
	"tokentui ece delete":   {backend.ECE, func(t backend.Token) bool { return t.Persistent }},
	"tokentui es revoke":    {backend.Elasticsearch, isActive},
}

func isActive(t backend.Token) bool { return t.Status == backend.Active }

// enumFlags are flags with a fixed set of values.
var enumFlags = map[string][]string{
	"output":    {"text", "json", "csv"},
	"scope":     {"node", "kibana"},
	"role":      backend.ECERoles,
	"clipboard": {string(clipboard.Auto), string(clipboard.Native), string(clipboard.OSC52), string(clipboard.Off)},
}

// completeEverything gives every command and flag a completion that
// knows its values, and none a file name unless it takes a path.
func completeEverything(a *app, root *cobra.Command) {
	for _, c := range allCommands(root) {
		path := c.CommandPath()
		if c.ValidArgsFunction == nil && c.ValidArgs == nil {
			if ta, ok := tokenArgs[path]; ok {
				c.ValidArgsFunction = a.completeTokens(ta.sys, ta.keep)
			} else {
				c.ValidArgsFunction = cobra.NoFileCompletions
			}
		}
		register := func(name string, fn cobra.CompletionFunc) {
			if _, ok := c.GetFlagCompletionFunc(name); !ok {
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		for _, name := range flagNames(c) {
			switch {
			case name == "policy" && strings.HasPrefix(path, "tokentui fleet"):
				register(name, a.completePolicies)
			case name == "profile":
				register(name, a.completeProfiles)
			case name == "platform":
				if k, ok := platformKinds[path]; ok {
					register(name, fixed(platformNames(k)))
				}
			case enumFlags[name] != nil:
				register(name, fixed(enumFlags[name]))
			case !fileFlags[name]:
				register(name, cobra.NoFileCompletions)
			}
		}
	}
}

func flagNames(c *cobra.Command) []string {
	var out []string
	c.LocalFlags().VisitAll(func(f *pflag.Flag) { out = append(out, f.Name) })
	return out
}

// fixed offers a fixed list.
func fixed(values []string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, noFiles)
}

// quiet makes a completion silent: nothing on stderr (warnings, errors),
// whatever the server does.
func (a *app) quiet() { a.stderr, a.warned = io.Discard, true }

// completionList reads what a completion offers from one system,
// quietly and within completionTimeout; ok is false when it cannot.
func completionList[C backend.Service, T any](a *app, sys backend.System, list func(C, context.Context) ([]T, error)) (items []T, ok bool) {
	a.quiet()
	svc, err := client[C](a, sys)
	if err != nil {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
	defer cancel()
	items, err = list(svc, ctx)
	return items, err == nil
}

// completeTokens offers a system's token ids (with their names), those
// not already on the line.
func (a *app) completeTokens(sys backend.System, keep func(backend.Token) bool) cobra.CompletionFunc {
	return func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if sys == backend.ECE && len(args) > 0 {
			return nil, noFiles // ece delete takes one
		}
		tokens, ok := completionList(a, sys, backend.Service.List)
		if !ok {
			return nil, noFiles
		}
		given := map[string]bool{}
		for _, arg := range args {
			given[arg] = true
		}
		var out []cobra.Completion
		for _, t := range tokens {
			if given[t.ID] || !strings.HasPrefix(t.ID, toComplete) || keep != nil && !keep(t) {
				continue
			}
			if c := completion(t.ID, t.Name); c != "" {
				out = append(out, c)
			}
			if len(out) == maxCompletions {
				break
			}
		}
		return out, noFiles
	}
}

// completePolicies offers the agent policies' names and ids (--policy
// takes either).
func (a *app) completePolicies(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	pols, ok := completionList(a, backend.Fleet, (*fleet.Client).Policies)
	if !ok {
		return nil, noFiles
	}
	var out []cobra.Completion
	for _, p := range pols {
		for _, v := range []struct{ value, desc string }{{p.Name, p.ID}, {p.ID, p.Name}} {
			if strings.HasPrefix(v.value, toComplete) {
				if c := completion(v.value, v.desc); c != "" && len(out) < maxCompletions {
					out = append(out, c)
				}
			}
		}
	}
	return out, noFiles
}

// completeProfiles offers the config file's profiles, read without
// resolving any credential.
func (a *app) completeProfiles(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, name := range config.ProfileNames(a.g.configPath, a.getenv) {
		if c := completion(name, ""); c != "" && strings.HasPrefix(name, toComplete) {
			out = append(out, c)
		}
	}
	return out, noFiles
}

// completion is one offer with its description. A server's value that
// would need escaping to show (a control character, a tab, a newline)
// is not offered: the shell would act on it. The description is shown
// escaped.
func completion(value, desc string) cobra.Completion {
	if value == "" || sanitize.Text(value) != value {
		return ""
	}
	if desc = sanitize.Text(desc); desc == "" {
		return value
	}
	return cobra.CompletionWithDesc(value, desc)
}
