package enrollcmd

import "github.com/tokentui/tokentui/backend/enrollcmd/quote"

// ShellArg quotes a server value for a POSIX shell command line, as the
// enroll commands do: bare when it is plainly safe, single-quoted otherwise.
func ShellArg(s string) string { return shellArg(s) }

// shellArg is quote.Sh: every enroll command quotes the same way.
func shellArg(s string) string { return quote.Sh(s) }
