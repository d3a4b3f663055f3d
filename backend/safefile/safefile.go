// Package safefile reads the small files tokentui is pointed at (config
// files, elasticsearch.yml, CA certificates) without trusting what the
// path holds: only a regular file, opened without blocking (a FIFO with no
// writer would hang), and at most a size cap of it (/dev/zero never ends).
package safefile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// ErrTooLarge is a file over the cap.
var ErrTooLarge = errors.New("file too large")

// ErrNotRegular is a path that is not a regular file (a FIFO, a device, a
// directory).
var ErrNotRegular = errors.New("not a regular file")

// Read reads a regular file of at most max bytes. Its errors wrap
// ErrTooLarge, ErrNotRegular or the os error (an *os.PathError).
func Read(path string, max int64) ([]byte, os.FileInfo, error) {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, nil, notRegular(info)
	}
	fh, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, nil, notRegular(info)
	}
	data, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > max {
		return nil, nil, fmt.Errorf("%w: larger than %d KiB", ErrTooLarge, max>>10)
	}
	return data, info, nil
}

func notRegular(info os.FileInfo) error {
	return fmt.Errorf("%w (%s)", ErrNotRegular, info.Mode().Type())
}
