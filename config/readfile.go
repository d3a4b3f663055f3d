package config

import (
	"errors"
	"fmt"
	"os"

	"github.com/tokentui/tokentui/backend/safefile"
)

// readRegular reads a regular config file of at most max bytes.
func readRegular(path string, max int64) ([]byte, os.FileInfo, error) {
	data, info, err := safefile.Read(path, max)
	switch {
	case errors.Is(err, safefile.ErrTooLarge):
		return nil, nil, errTooLarge
	case errors.Is(err, safefile.ErrNotRegular):
		return nil, nil, fmt.Errorf("%v: a config file is a plain file", err)
	}
	return data, info, err
}

var errTooLarge = errors.New("larger than 1 MiB, the limit of a config file (a real one is a few KiB): is it the right file?")

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
