package main

import (
	"os"
	"os/signal"
	"syscall"
)

// cleanupSignals end a run that holds something to undo (local mode's
// temporary superuser and lock, demo serve's env file and CA directory):
// every catchable way a terminal or a user stops a process. SIGPIPE is
// not among them: caught, it would also fire for a network peer's closed
// socket; a run with something to undo ignores it instead (ignorePipe).
var cleanupSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// ignorePipe makes a write to a closed stdout or stderr (`… | true`) fail
// with EPIPE instead of killing the process, so that the run goes on to
// its cleanup; the returned function restores the default.
func ignorePipe() func() {
	signal.Ignore(syscall.SIGPIPE)
	return func() { signal.Reset(syscall.SIGPIPE) }
}

// uiSignals quit the TUI cleanly (its terminal restored): the terminal's
// own signals; a closed pipe is not one for a program on a terminal.
var uiSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// signalExitCode is a shell's code for a process ended by s: 128 + its number.
func signalExitCode(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 130
}
