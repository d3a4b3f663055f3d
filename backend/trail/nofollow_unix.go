//go:build !windows

package trail

import "syscall"

// noFollow makes an open fail on a symlink: the trail is never written
// through one planted in the state directory.
const noFollow = syscall.O_NOFOLLOW
