//go:build unix

package config

import (
	"os"
	"syscall"
)

// ownedByMe reports that the current user owns the file.
func ownedByMe(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
