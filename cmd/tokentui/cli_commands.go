package main

import "github.com/spf13/cobra"

// addExtraCommands adds the commands that live in their own files
// (version), and gives every command examples, "did you mean", completion
// that knows the server, -o csv where it lists, and ecctl's --config NAME
// on tokentui ece.
func addExtraCommands(a *app, root *cobra.Command) {
	root.AddCommand(newVersionCommand(a, nil))
	teach(root)
	completeEverything(a, root)
	checkCSV(a, root)
	acceptECCTLConfig(a, root)
}
