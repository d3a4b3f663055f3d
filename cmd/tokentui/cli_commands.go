package main

import "github.com/spf13/cobra"

// addExtraCommands adds the commands that live in their own files
// (version, completion helpers) and teaches every command: examples,
// "did you mean".
func addExtraCommands(a *app, root *cobra.Command) {
	root.AddCommand(newVersionCommand(a))
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	teach(root)
	completeEverything(a, root)
	checkCSV(a, root)
}
