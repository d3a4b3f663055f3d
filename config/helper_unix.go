//go:build unix

package config

import (
	"os/exec"
	"syscall"
)

// ownGroup starts the helper in its own process group, so that killGroup
// reaches what it left running in the background.
func ownGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
