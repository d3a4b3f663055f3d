package clipboard

import "github.com/atotto/clipboard"

// On Windows the clipboard is a system call: no child process, no
// environment to scrub.
var (
	nativeWrite = clipboard.WriteAll
	nativeRead  = clipboard.ReadAll
)
