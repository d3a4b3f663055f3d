package local

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// realmLock is an exclusive lock on the lock file next to the realm
// files. The kernel drops it when its process dies, however it dies.
type realmLock struct {
	f    *os.File
	path string
}

// acquire takes the lock, waiting up to wait while another run holds it
// (notify says so once), until ctx ends or closing is closed.
func acquire(ctx context.Context, path string, wait time.Duration, notify func(string), closing <-chan struct{}) (*realmLock, error) {
	deadline := time.Now().Add(wait)
	told := false
	for {
		// Never through a symbolic link: the lock file is truncated and
		// written, and a planted link would aim that at another file.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o600)
		if err != nil {
			if fi, lerr := os.Lstat(path); lerr == nil && fi.Mode()&os.ModeSymlink != 0 {
				return nil, fmt.Errorf("locking the file realm: %s is a symbolic link; tokentui never writes through one there: remove it", path)
			}
			return nil, fmt.Errorf("locking the file realm: %w", err)
		}
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			f.Close()
			return nil, fmt.Errorf("locking the file realm: %s is not a regular file: remove it", path)
		}
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking the file realm (%s): %w", path, err)
		}
		if ok {
			// The run before may have removed the file between our open and
			// our lock: only the file still at path counts.
			held, _ := f.Stat()
			now, err := os.Stat(path)
			if err == nil && os.SameFile(held, now) {
				_ = f.Truncate(0)
				_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
				return &realmLock{f: f, path: path}, nil
			}
			f.Close()
			continue
		}
		holder := "unknown"
		if b, err := os.ReadFile(path); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				holder = strconv.Itoa(pid)
			}
		}
		f.Close()
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("another tokentui local-mode run (PID %s) still holds %s after %s; try again when it has finished", holder, path, wait)
		}
		if !told {
			notify(fmt.Sprintf("another tokentui local-mode run (PID %s) holds %s; waiting up to %s for it to finish", holder, path, wait))
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-closing:
			return nil, errEnded
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// release removes the lock file while still holding the lock (a run that
// opened it meanwhile sees it is gone and retries), then unlocks.
func (l *realmLock) release() error {
	err := os.Remove(l.path)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("releasing the file realm lock: %w", err)
	}
	return nil
}

// bootID is the first 8 hex digits of the Linux kernel's boot id; "" elsewhere.
func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	id := strings.ReplaceAll(strings.TrimSpace(string(b)), "-", "")
	if len(id) < 8 {
		return ""
	}
	return strings.ToLower(id[:8])
}

// startTime is a process's start time in clock ticks since boot (field 22
// of /proc/PID/stat, Linux); "" when unknown. A zombie (exited, not yet
// reaped: state Z or X) has none: it is no longer running.
func startTime(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return ""
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 20 { // fields[0] is field 3, the state
		return ""
	}
	if fields[0] == "Z" || fields[0] == "X" {
		return "exited"
	}
	return fields[19]
}
