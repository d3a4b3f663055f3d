package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"reflect"
	"strings"
	"sync"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// bodyError says what is wrong with a JSON request body, in terms each
// server words in its own way: the field at fault (if any), where it
// starts, and what is wrong.
type bodyError struct {
	Field      string
	Line, Col  int
	Unknown    bool // a field the request does not have
	Empty      bool // no body at all
	Want, Have string
	Err        error // anything else: a syntax error or a read error
}

// decodeStrict reads a JSON object body into v and refuses unknown
// top-level fields (those without a json tag of v's struct).
func decodeStrict(r *http.Request, v any) *bodyError {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 1<<20))
	if err != nil {
		return &bodyError{Err: err, Line: 1, Col: 1}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return &bodyError{Empty: true}
	}
	known := map[string]bool{}
	t := reflect.TypeOf(v).Elem()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		known[name] = true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		line, col := position(body, dec.InputOffset())
		return &bodyError{Err: fmt.Errorf("expected an object"), Line: line, Col: col}
	}
	for dec.More() {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			line, col := position(body, start)
			return &bodyError{Err: err, Line: line, Col: col}
		}
		key, _ := tok.(string)
		if !known[key] {
			line, col := position(body, start)
			return &bodyError{Field: key, Unknown: true, Line: line, Col: col}
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			line, col := position(body, dec.InputOffset())
			return &bodyError{Err: err, Line: line, Col: col}
		}
	}
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			line, col := position(body, te.Offset)
			return &bodyError{Field: te.Field, Want: te.Type.Kind().String(), Have: te.Value, Line: line, Col: col}
		}
		return &bodyError{Err: err, Line: 1, Col: 1}
	}
	return nil
}

// position turns a byte offset into a 1-based line and column, skipping
// the separators a decoder stops before.
func position(body []byte, off int64) (line, col int) {
	off = min(off, int64(len(body)))
	for off < int64(len(body)) && strings.ContainsRune(" \t\r\n,:", rune(body[off])) {
		off++
	}
	line, col = 1, 1
	for _, c := range body[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// ids makes the random strings the servers hand out, from a seed so demo
// data comes out the same every run.
type ids struct {
	mu  sync.Mutex
	rnd *rand.Rand
}

func newIDs(seed uint64) *ids {
	return &ids{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

const urlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (g *ids) str(alphabet string, n int) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.rnd.IntN(len(alphabet))]
	}
	return string(b)
}

// uuid is a version-4 UUID.
func (g *ids) uuid() string {
	g.mu.Lock()
	var b [16]byte
	for i := range b {
		b[i] = byte(g.rnd.UintN(256))
	}
	g.mu.Unlock()
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}

// copies returns the values behind pointers, so callers cannot change the
// simulator's records.
func copies[T any](ptrs []*T) []T {
	out := make([]T, 0, len(ptrs))
	for _, p := range ptrs {
		out = append(out, *p)
	}
	return out
}
