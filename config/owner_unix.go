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

// ownedByMe reports that the current user owns the file.
func ownedByMe(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
