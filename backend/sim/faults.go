package sim

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Body says what a faulty route sends instead of its real answer.
type Body string

const (
	BodyNormal    Body = ""          // the real handler answers (after any latency)
	BodyHTML      Body = "html"      // an HTML error page, as a proxy sends
	BodyPlain     Body = "plain"     // a text/plain page, as a bare web server sends ("404 page not found")
	BodyMalformed Body = "malformed" // JSON that does not parse
	BodyEmpty     Body = "{}"        // valid JSON with none of the answer's members
	BodyNull      Body = "null"      // the JSON literal null
	BodyTruncated Body = "truncated" // a Content-Length the body never reaches
	BodyOversize  Body = "oversize"  // a valid JSON body larger than 32 MiB
	BodyReset     Body = "reset"     // the connection is closed with no answer
)

// Fault changes how one route answers.
type Fault struct {
	Latency    time.Duration
	Status     int  // non-zero: answer with this status and the system's error body
	Body       Body // replaces the body (with Status, or 200 when Status is 0)
	RetryAfter int  // seconds, sent as Retry-After
	Times      int  // how many requests it affects; 0 = until cleared
	// Commit: the real handler performs the request first, then the
	// fault (Latency, BodyReset) hides or delays its answer.
	Commit bool
}

// Faults is a set of faults keyed by "METHOD /path" (a trailing * matches
// any path with that prefix; METHOD may be *). It is safe for concurrent
// use and wraps any handler.
type Faults struct {
	mu     sync.Mutex
	faults map[string]*Fault
	hits   map[string]int
}

// Set installs a fault on a route such as "GET /_security/api_key".
func (f *Faults) Set(route string, fault Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.faults == nil {
		f.faults = map[string]*Fault{}
		f.hits = map[string]int{}
	}
	fc := fault
	f.faults[route] = &fc
}

// Clear removes every fault and hit count.
func (f *Faults) Clear() {
	f.mu.Lock()
	f.faults, f.hits = nil, nil
	f.mu.Unlock()
}

// Hits is how many requests reached a route (fault or not), counted from
// when a fault was first set on it.
func (f *Faults) Hits(route string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[route]
}

func (f *Faults) take(method, path string) (string, *Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for route, fault := range f.faults {
		m, p, _ := strings.Cut(route, " ")
		if m != "*" && m != method {
			continue
		}
		if p != path && !(strings.HasSuffix(p, "*") && strings.HasPrefix(path, strings.TrimSuffix(p, "*"))) {
			continue
		}
		f.hits[route]++
		if fault.Times > 0 && f.hits[route] > fault.Times {
			return route, nil
		}
		fc := *fault
		return route, &fc
	}
	return "", nil
}

// errorBody writes a system's error body for a status and reason.
type errorBody func(w http.ResponseWriter, status int, reason string)

// Wrap applies faults in front of h; errBody writes the system's own
// error shape.
func (f *Faults) Wrap(h http.Handler, errBody errorBody, extraHeader http.Header) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, fault := f.take(r.Method, r.URL.Path)
		if fault == nil {
			h.ServeHTTP(w, r)
			return
		}
		var done *recorder
		if fault.Commit {
			done = &recorder{header: http.Header{}}
			h.ServeHTTP(done, r)
		}
		if fault.Latency > 0 {
			select {
			case <-time.After(fault.Latency):
			case <-r.Context().Done():
				// The client gave up: send nothing (returning would send
				// an empty 200 the client might still read).
				panic(http.ErrAbortHandler)
			}
		}
		for k, vs := range extraHeader {
			w.Header()[k] = vs
		}
		if fault.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
		}
		status := fault.Status
		if status == 0 {
			status = http.StatusOK
		}
		switch fault.Body {
		case BodyNormal:
			if fault.Status == 0 {
				if done != nil {
					done.replay(w)
					return
				}
				h.ServeHTTP(w, r)
				return
			}
			errBody(w, status, "simulated failure")
		case BodyHTML:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			_, _ = w.Write([]byte("<html><head><title>" + strconv.Itoa(status) + " " + http.StatusText(status) +
				"</title></head><body><center><h1>" + strconv.Itoa(status) + " " + http.StatusText(status) +
				"</h1></center><hr><center>nginx</center></body></html>\n"))
		case BodyPlain:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(status)
			text := strconv.Itoa(status) + " " + http.StatusText(status)
			if status == http.StatusNotFound {
				text = "404 page not found" // Go's own, as many bare servers answer
			}
			_, _ = w.Write([]byte(text + "\n"))
		case BodyEmpty, BodyNull:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(fault.Body))
		case BodyMalformed:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"items":[{"id":"x",,]`))
		case BodyTruncated:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "4096")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"items":[{"id":"abc","name":"tru`))
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
			hijackClose(w)
		case BodyOversize:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			writeOversize(w)
		case BodyReset:
			hijackClose(w)
		}
	})
}

// recorder keeps the real handler's answer of a Commit fault.
type recorder struct {
	header http.Header
	status int
	body   []byte
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body = append(r.body, b...)
	return len(b), nil
}
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

// replay sends the recorded answer.
func (r *recorder) replay(w http.ResponseWriter) {
	for k, vs := range r.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(max(r.status, http.StatusOK))
	_, _ = w.Write(r.body)
}

// writeOversize streams a valid JSON document of 33 MiB.
func writeOversize(w http.ResponseWriter) {
	_, _ = w.Write([]byte(`{"padding":"`))
	chunk := []byte(strings.Repeat("x", 64<<10))
	for written := 0; written < 33<<20; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
	_, _ = w.Write([]byte(`"}`))
}

// hijackClose drops the connection abruptly (a reset where the OS allows).
func hijackClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	if tc, ok := underlyingTCP(conn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

func underlyingTCP(c net.Conn) (*net.TCPConn, bool) {
	type netConner interface{ NetConn() net.Conn }
	for {
		switch v := c.(type) {
		case *net.TCPConn:
			return v, true
		case netConner:
			c = v.NetConn()
		default:
			return nil, false
		}
	}
}
