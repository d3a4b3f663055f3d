//go:build unix

package config

import (
	"os"
	"syscall"
)

// fileOwner is the uid owning the file.
func fileOwner(info os.FileInfo) (int, bool) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), true
	}
	return 0, false
}

var currentUID = os.Getuid
