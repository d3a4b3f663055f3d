package main

import (
	"os"
	"syscall"
)

// cleanupSignals end a run that holds something to undo (local mode's
// temporary superuser and lock, demo serve's env file and CA directory):
// every catchable way a terminal, a pipe or a user stops a process.
// Caught, SIGPIPE turns a write to a closed pipe (`… | true`) into an
// error and this signal, instead of a silent death.
var cleanupSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGPIPE}

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
