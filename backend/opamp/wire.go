package opamp

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The protobuf wire types this package reads and writes.
const (
	wireVarint  = 0
	wireFixed64 = 1
	wireBytes   = 2
	wireFixed32 = 5
)

func appendTag(b []byte, num int, wire int) []byte {
	return binary.AppendUvarint(b, uint64(num)<<3|uint64(wire))
}

// appendVarint writes a proto3 scalar: nothing when it is zero.
func appendVarint(b []byte, num int, v uint64) []byte {
	if v == 0 {
		return b
	}
	return binary.AppendUvarint(appendTag(b, num, wireVarint), v)
}

// appendBytes writes a proto3 string or bytes field: nothing when empty.
func appendBytes(b []byte, num int, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	return appendMessage(b, num, v)
}

// appendMessage writes a length-delimited field even when empty (a set
// sub-message, a oneof member).
func appendMessage(b []byte, num int, v []byte) []byte {
	b = binary.AppendUvarint(appendTag(b, num, wireBytes), uint64(len(v)))
	return append(b, v...)
}

// field is one decoded field: varint holds a varint's value, bytes a
// length-delimited field's contents.
type field struct {
	num    int
	wire   int
	varint uint64
	bytes  []byte
}

var errTruncated = errors.New("opamp: truncated message")

// fields calls fn with each field of a message, in order; fixed-size
// fields are skipped, and groups (deprecated) are an error.
func fields(data []byte, fn func(field) error) error {
	for len(data) > 0 {
		tag, n := binary.Uvarint(data)
		if n <= 0 {
			return errTruncated
		}
		data = data[n:]
		f := field{num: int(tag >> 3), wire: int(tag & 7)}
		if f.num <= 0 {
			return fmt.Errorf("opamp: bad field number %d", f.num)
		}
		switch f.wire {
		case wireVarint:
			if f.varint, n = binary.Uvarint(data); n <= 0 {
				return errTruncated
			}
			data = data[n:]
		case wireBytes:
			size, n := binary.Uvarint(data)
			if n <= 0 || size > uint64(len(data)-n) {
				return errTruncated
			}
			f.bytes, data = data[n:n+int(size):n+int(size)], data[n+int(size):]
		case wireFixed64, wireFixed32:
			size := 8
			if f.wire == wireFixed32 {
				size = 4
			}
			if len(data) < size {
				return errTruncated
			}
			data = data[size:]
			continue
		default:
			return fmt.Errorf("opamp: field %d has wire type %d", f.num, f.wire)
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return nil
}
