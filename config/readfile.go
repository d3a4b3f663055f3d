package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// readRegular reads a file of at most max bytes, and only a regular file:
// a FIFO would block forever and /dev/zero never ends. The file is opened
// without blocking (a FIFO with no writer) and checked again once open.
func readRegular(path string, max int64) ([]byte, os.FileInfo, error) {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, nil, errNotRegular(info)
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
		return nil, nil, errNotRegular(info)
	}
	data, err := io.ReadAll(io.LimitReader(fh, max+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > max {
		return nil, nil, errTooLarge
	}
	return data, info, nil
}

var errTooLarge = errors.New("larger than 1 MiB, the limit of a config file (a real one is a few KiB): is it the right file?")

func errNotRegular(info os.FileInfo) error {
	return fmt.Errorf("not a regular file (%s): a config file is a plain file", info.Mode().Type())
}

// maxTOMLDepth bounds the nesting of arrays and inline tables: a real
// config nests two or three deep; the TOML decoder's time and memory grow
// steeply with depth (50,000 nested inline tables took minutes and GiBs).
const maxTOMLDepth = 32

// checkTOMLDepth refuses deep nesting before the document is parsed. It
// skips strings (basic, literal, multi-line) and comments.
func checkTOMLDepth(data []byte) error {
	depth, line := 0, 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case '"', '\'':
			triple := i+2 < len(data) && data[i+1] == c && data[i+2] == c
			if triple {
				i += 3
				for i < len(data) && !(data[i] == c && i+2 < len(data) && data[i+1] == c && data[i+2] == c) {
					if data[i] == '\n' {
						line++
					}
					if c == '"' && data[i] == '\\' {
						i++
					}
					i++
				}
				i += 2
				continue
			}
			for i++; i < len(data) && data[i] != c && data[i] != '\n'; i++ {
				if c == '"' && data[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
			if depth > maxTOMLDepth {
				return fmt.Errorf("line %d: nested more than %d deep; a config file nests two or three", line, maxTOMLDepth)
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return nil
}
