package main

import "github.com/spf13/cobra"

// addExtraCommands adds the commands that live in their own files
// (version), and gives every command examples, "did you mean", -o csv
// where it lists, and ecctl's --config NAME on tokentui ece. Completion
// that knows the server is added by run, for a shell's completion request
// only.
func addExtraCommands(a *app, root *cobra.Command) {
	root.AddCommand(newVersionCommand(a, nil))
	teach(root)
	checkCSV(a, root)
	acceptECCTLConfig(a, root)
}
