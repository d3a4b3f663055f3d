package transport

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

const echoPassword = "pw-Echo-0123456789"

// echoErrText is every text an error can print, its causes' included.
func echoErrText(err error) string {
	out := fmt.Sprintf("%v %+v", err, err)
	for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
		out += " " + u.Error()
	}
	return out
}

// Each field of an Error a server fills (type, reason, excerpt) and the
// path and cause the client fills are redacted.
func TestRedactEveryFieldOfAnError(t *testing.T) {
	minted := base64.StdEncoding.EncodeToString([]byte("key-id:minted-Half-0123456789"))
	bodies := map[string]struct {
		status      int
		contentType string
		body        string
	}{
		"type":     {400, "application/json", `{"error":{"type":"t-%s","reason":"r"},"status":400}`},
		"reason":   {400, "application/json", `{"statusCode":400,"error":"Bad Request","message":"m %s"}`},
		"ece code": {400, "application/json", `{"errors":[{"code":"c.%s","message":"m"}]}`},
		"excerpt":  {502, "text/html", `<html><body>proxy %s</body></html>`},
		"200 html": {200, "text/html", `<html>login %s</html>`},
	}
	for name, b := range bodies {
		for _, secret := range []string{echoPassword, minted, "minted-Half-0123456789"} {
			t.Run(name, func(t *testing.T) {
				srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", b.contentType)
					w.WriteHeader(b.status)
					fmt.Fprintf(w, b.body, secret)
				})
				c, _ := New(Config{BaseURL: srv.URL, Insecure: true, Auth: Basic{"elastic", echoPassword}})
				c.Redactor().Add(minted)
				err := c.JSON(context.Background(), Request{Method: "GET", Path: "/x"}, &struct{}{})
				if err == nil || strings.Contains(echoErrText(err), secret) || !strings.Contains(err.Error(), "[redacted]") {
					t.Fatalf("%q shows or loses the secret: %v", secret, err)
				}
			})
		}
	}
}

// A path that names a secret (an ECE token id is one) is redacted in the
// error, in its wrapped cause (the HTTP client's own text names the URL),
// in the trail and in the request log.
func TestRedactPathsCausesTrailAndLog(t *testing.T) {
	const secret = "tok-Secret-0123456789"
	var mu sync.Mutex
	var seen []string
	keep := func(s string) { mu.Lock(); seen = append(seen, s); mu.Unlock() }
	for _, base := range []string{"", "closed"} {
		url := "https://127.0.0.1:1"
		if base == "" {
			srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) })
			url = srv.URL
		}
		c, _ := New(Config{BaseURL: url, Insecure: true, MaxTries: 1, Trail: keep,
			Observe: func(r backend.Request) { keep(r.Path) }})
		c.Redactor().Add(secret)
		_, err := c.Do(context.Background(), Request{Method: "GET", Path: "/tokens/" + secret, Query: map[string][]string{"q": {secret}}})
		if err == nil || strings.Contains(echoErrText(err), secret) {
			t.Fatalf("%s: the error shows the secret: %v", base, echoErrText(err))
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 4 || strings.Contains(strings.Join(seen, "\n"), secret) {
		t.Fatalf("the trail or the log shows the secret: %q", seen)
	}
}

// A URL's userinfo never reaches the trail, even through HTTPClient (a
// library given the client may build its own URLs); New refuses one and
// its error does not repeat it.
func TestRedactURLUserinfo(t *testing.T) {
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	var trail []string
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true, Trail: func(l string) { trail = append(trail, l) }})
	u := strings.Replace(srv.URL, "https://", "https://elastic:"+echoPassword+"@", 1)
	resp, err := c.HTTPClient().Get(u + "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if strings.Contains(strings.Join(trail, "\n"), echoPassword) || len(trail) == 0 {
		t.Fatalf("trail: %q", trail)
	}
	for _, bad := range []string{u, "ftp://elastic:" + echoPassword + "@host"} {
		if _, err := New(Config{BaseURL: bad}); err == nil || strings.Contains(err.Error(), echoPassword) {
			t.Fatalf("New(%q): %v", bad, err)
		}
	}
}

// An excerpt cut short mid-secret shows no part of it; an encoded
// "id:secret" key registers its secret half.
func TestRedactorCutAndEncodedKeys(t *testing.T) {
	r := &Redactor{}
	r.Add(base64.StdEncoding.EncodeToString([]byte("id:Half-Secret-987")), "Whole-Secret-123456")
	if got := r.Redact("a Half-Secret-987 b"); got != "a [redacted] b" {
		t.Fatalf("the encoded key's half: %q", got)
	}
	if got := r.Redact("proxy said Whole-Sec…"); got != "proxy said [redacted]…" {
		t.Fatalf("a cut secret: %q", got)
	}
	if got := r.Redact("nothing secret…"); got != "nothing secret…" {
		t.Fatalf("an innocent cut: %q", got)
	}
}

// SetAuth (an ECE login's bearer token) registers the new credentials.
func TestSetAuthRegistersTheSecret(t *testing.T) {
	c, _ := New(Config{BaseURL: "https://127.0.0.1:1"})
	c.SetAuth(Bearer{Token: "bearer-Token-0123456789"})
	if got := c.Redactor().Redact("x bearer-Token-0123456789"); got != "x [redacted]" {
		t.Fatalf("%q", got)
	}
}

// The errors the client builds itself name the path, through the
// redactor: an answer over the size cap, a failure read by a caller that
// did its own request (HTTPFailure).
func TestRedactTheClientsOwnErrors(t *testing.T) {
	const secret = "Own-Secret-0123456789"
	srv, _, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(strings.Repeat(" ", 100))) })
	c, _ := New(Config{BaseURL: srv.URL, Insecure: true, MaxBody: 10})
	c.Redactor().Add(secret)
	_, large := c.Do(context.Background(), Request{Method: "GET", Path: "/x/" + secret})
	failure := c.HTTPFailure("GET", "/x", 500, http.Header{}, []byte(`{"error":"echo `+secret+`"}`))
	for name, err := range map[string]error{"too large": large, "HTTPFailure": failure} {
		if err == nil || strings.Contains(echoErrText(err), secret) || !strings.Contains(err.Error(), "[redacted]") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRedactorHidesEveryByteOfEverySecret(t *testing.T) {
	r := &Redactor{}
	r.Add("abcd", "abcdefgh", "ghij", "wxyz")
	for in, want := range map[string]string{
		"no secret here":        "no secret here",
		"abcdefgh":              "[redacted]", // the longest at a position wins
		"abcdefghij":            "[redacted]", // overlapping secrets are one run
		"x abcd y abcd z":       "x [redacted] y [redacted] z",
		"abcdwxyz":              "[redacted][redacted]", // adjacent ones stay two
		"abc":                   "abc",
		"ABCDEFGH abcdefg":      "ABCDEFGH [redacted]efg", // case matters; "abcd" is there
		"wxyzwxyzwxyz":          "[redacted][redacted][redacted]",
		"é abcdefgh é":          "é [redacted] é",
		"tail abcdefghi":        "tail [redacted]i",
		"head ghijabcdefghijkl": "head [redacted][redacted]kl", // ghij, then abcdefgh overlapping ghij
	} {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// Thousands of secrets (a Fleet list's tokens) are each found, and a text
// that holds none is left as it is.
func TestRedactorWithManySecrets(t *testing.T) {
	r := &Redactor{}
	var secrets []string
	for i := range 5000 {
		secrets = append(secrets, fmt.Sprintf("c2VjcmV0LTAwMD%05d", i))
	}
	r.Add(secrets...)
	text := "404 not found: c2VjcmV0LTAwMD04999 and c2VjcmV0LTAwMD00000 but not c2VjcmV0LTAwMD"
	want := "404 not found: [redacted] and [redacted] but not c2VjcmV0LTAwMD"
	if got := r.Redact(text); got != want {
		t.Fatalf("%q", got)
	}
	for _, s := range secrets {
		if strings.Contains(r.Redact("x"+s+"y"), s) {
			t.Fatalf("%s is not redacted", s)
		}
	}
}

// Random texts made of secrets, their pieces and other bytes are redacted
// exactly as a plain search for each secret, longest first, would.
func TestRedactorMatchesAPlainSearch(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		return string(b)
	}
	var secrets []string
	for range 40 {
		secrets = append(secrets, pick("ab", 4+rnd.IntN(6)))
	}
	r := &Redactor{}
	r.Add(secrets...)
	for range 2000 {
		var b strings.Builder
		for range rnd.IntN(8) {
			if s := secrets[rnd.IntN(len(secrets))]; rnd.IntN(2) == 0 {
				b.WriteString(s)
			} else {
				b.WriteString(s[:rnd.IntN(len(s))] + pick("abc", rnd.IntN(3)))
			}
		}
		in := b.String()
		if got, want := r.Redact(in), plainRedact(secrets, in); got != want {
			t.Fatalf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	for _, s := range secrets { // an excerpt cut short in a secret
		for n := 4; n < len(s); n++ {
			if got := r.Redact("x " + s[:n] + "…"); strings.Contains(got, s[:n]) {
				t.Fatalf("cut after %d bytes of %q: %q", n, s, got)
			}
		}
	}
	if got := r.Redact("x abc…"); got != "x abc…" {
		t.Fatalf("a cut under 4 bytes: %q", got)
	}
}

// plainRedact is the reference: at each position the longest secret found
// there extends the covered run.
func plainRedact(secrets []string, s string) string {
	covered := make([]bool, len(s))
	starts := make([]bool, len(s)) // a run that does not touch the one before
	end := -1
	for i := range s {
		longest := 0
		for _, sec := range secrets {
			if strings.HasPrefix(s[i:], sec) {
				longest = max(longest, len(sec))
			}
		}
		if longest == 0 {
			continue
		}
		if i >= end {
			starts[i] = true
		}
		for j := i; j < i+longest; j++ {
			covered[j] = true
		}
		end = max(end, i+longest)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if !covered[i] {
			b.WriteByte(s[i])
			continue
		}
		if starts[i] {
			b.WriteString("[redacted]")
		}
	}
	return b.String()
}

// 100,000 Fleet keys (a list of that many tokens) and their secret
// halves cost a few words each: the redactor keeps hashes, not the keys
// (held as strings in maps they took about 220 bytes a key).
func TestRedactorHoldsNoCopyOfTheKeys(t *testing.T) {
	const n = 100_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := &Redactor{}
	for i := range n { // each key made here and dropped: only the redactor can keep it
		r.Add(base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%020d:%-22d", i, i*7919)))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := int64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("%d bytes a key", per)
	if per > 100 {
		t.Fatalf("the redactor holds %d bytes a key, want at most 100", per)
	}
	if r.count() != 2*n {
		t.Fatalf("%d secrets held, want %d (each key and its half)", r.count(), 2*n)
	}
	runtime.KeepAlive(r)
}

// BenchmarkRedactorFleetList registers 100,000 Fleet keys, as a list of
// that many tokens does, and reports the heap they hold.
func BenchmarkRedactorFleetList(b *testing.B) {
	keys := make([]string, 100_000)
	for i := range keys {
		keys[i] = fmt.Sprintf("%020d:%-22d", i, i*7919)
	}
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := &Redactor{}
		r.Add(keys...)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(len(keys)), "B/secret")
		runtime.KeepAlive(r)
	}
}

// count is the number of secrets held.
func (r *Redactor) count() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for _, set := range r.byLen {
		n += len(set.hashes)
	}
	return n
}
