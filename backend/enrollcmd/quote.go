package enrollcmd

// ShellArg quotes a server value for a POSIX shell command line, as the
// enroll commands do: bare when it is plainly safe, single-quoted otherwise.
func ShellArg(s string) string { return shellArg(s) }
