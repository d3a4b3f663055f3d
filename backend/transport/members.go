package transport

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// MemberDecoder is an answer that needs only some members of a JSON
// object: Decode fills the targets JSONMembers names and skips every other
// member with a scan that neither decodes nor allocates. Fleet's list
// pages, for one, repeat every token in the deprecated "list" array next to
// "items"; decoding it cost as much as the tokens themselves.
type MemberDecoder interface {
	JSONMembers() map[string]any // member name → pointer to decode it into
}

// decodeMembers decodes the named members of the object in data. Skipped
// members are checked only for their structure (strings closed, brackets
// balanced), which is all it takes to find where they end.
func decodeMembers(data []byte, members map[string]any) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return errors.New("expected a JSON object")
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return trailing(data, i+1)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return fmt.Errorf("expected a member name at offset %d", i)
		}
		end, err := skipValue(data, i)
		if err != nil {
			return err
		}
		var name string
		if err := json.Unmarshal(data[i:end], &name); err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return fmt.Errorf("expected ':' at offset %d", i)
		}
		i = skipSpace(data, i+1)
		end, err = skipValue(data, i)
		if err != nil {
			return err
		}
		if target, ok := member(members, name); ok {
			if err := json.Unmarshal(data[i:end], target); err != nil {
				return fmt.Errorf("member %q: %w", name, err)
			}
		}
		i = skipSpace(data, end)
		if i >= len(data) {
			return errors.New("unexpected end of JSON input")
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return trailing(data, i+1)
		default:
			return fmt.Errorf("expected ',' or '}' at offset %d", i)
		}
	}
}

// member finds name's target as encoding/json does: the exact name, else
// one equal under case folding.
func member(members map[string]any, name string) (any, bool) {
	if t, ok := members[name]; ok {
		return t, true
	}
	for k, t := range members {
		if strings.EqualFold(k, name) {
			return t, true
		}
	}
	return nil, false
}

func trailing(data []byte, i int) error {
	if i = skipSpace(data, i); i != len(data) {
		return fmt.Errorf("unexpected data after the object at offset %d", i)
	}
	return nil
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the offset just past the JSON value starting at i.
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, errors.New("unexpected end of JSON input")
	}
	switch data[i] {
	case '"':
		for j := i + 1; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				return j + 1, nil
			}
		}
		return 0, errors.New("unterminated string")
	case '{', '[':
		var stack []byte
		for j := i; j < len(data); j++ {
			switch c := data[j]; c {
			case '"':
				end, err := skipValue(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				stack = append(stack, c)
			case '}', ']':
				if len(stack) == 0 || (c == '}') != (stack[len(stack)-1] == '{') {
					return 0, fmt.Errorf("mismatched %q at offset %d", c, j)
				}
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errors.New("unexpected end of JSON input")
	}
	// A number, true, false or null: up to the next delimiter.
	j := i
	for j < len(data) && !isDelim(data[j]) {
		j++
	}
	if j == i {
		return 0, fmt.Errorf("unexpected %q at offset %d", data[i], i)
	}
	return j, nil
}

func isDelim(c byte) bool {
	switch c {
	case ',', '}', ']', ':', ' ', '\t', '\n', '\r', '"', '{', '[':
		return true
	}
	return false
}
