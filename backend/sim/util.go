package sim

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http"
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

// decodeStrict reads a JSON body and refuses unknown fields.
func decodeStrict(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
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
