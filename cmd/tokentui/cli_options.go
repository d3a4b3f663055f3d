package main

// Every command is built as GitHub's cli/cli builds them: its flags and
// arguments are bound into an options struct (fleetListOptions, …), its
// constructor takes runF, and the command runs runF with the parsed
// options when it is given, else its own run method. The command tree
// passes nil; a test passes a runF that keeps the options, so that flags,
// arguments and their usage errors are tested without running anything
// (flags_test.go).

// runWith runs run with opts, or runF instead when a test gave one.
func runWith[O any](opts *O, runF, run func(*O) error) error {
	if runF != nil {
		return runF(opts)
	}
	return run(opts)
}

// noOptions are the options of a command that takes no flag of its own.
type noOptions struct{}
