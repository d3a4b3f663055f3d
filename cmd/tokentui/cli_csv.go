package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend/export"
	"github.com/tokentui/tokentui/backend/fleet"
)

// csvCommands are the list commands that print -o csv.
var csvCommands = map[string]bool{
	"tokentui es list":        true,
	"tokentui ece list":       true,
	"tokentui fleet list":     true,
	"tokentui fleet policies": true,
}

// checkCSV refuses -o csv (exit 2) on a command that is not a list, before
// it does anything.
func checkCSV(a *app, root *cobra.Command) {
	prev := root.PersistentPreRunE
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error {
		if a.g.output == "csv" && !csvCommands[c.CommandPath()] {
			return &usageError{errors.New("-o csv is for list commands (es list, ece list, fleet list, fleet policies); use -o json here")}
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

// printPoliciesCSV is fleet policies -o csv.
func (a *app) printPoliciesCSV(pols []fleet.Policy) error {
	rows := make([][]string, 0, len(pols))
	for _, p := range pols {
		agents := ""
		if p.HasAgentCount {
			agents = fmt.Sprint(p.Agents)
		}
		rows = append(rows, []string{p.ID, p.Name, p.Namespace, agents, fmt.Sprint(p.Managed), fmt.Sprint(p.Agentless)})
	}
	return export.CSV(a.stdout, []string{"id", "name", "namespace", "agents", "managed", "agentless"}, rows)
}
