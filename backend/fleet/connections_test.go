package fleet

import (
	"context"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
)

// countingProxy forwards TCP connections to target and counts them.
func countingProxy(t *testing.T, target string) (addr string, conns *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	conns = &atomic.Int64{}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			go func() {
				defer c.Close()
				up, err := net.Dial("tcp", target)
				if err != nil {
					return
				}
				defer up.Close()
				go func() { _, _ = io.Copy(up, c); up.Close() }()
				_, _ = io.Copy(c, up)
			}()
		}
	}()
	return ln.Addr().String(), conns
}

// A one-page list asks for the tokens, then the policies over the same
// connection: one TLS handshake, as one request makes (the bench's
// one-request CLI figure).
func TestListOnePageUsesOneConnection(t *testing.T) {
	s, clock := newStack(t, 0)
	addr, conns := countingProxy(t, strings.TrimPrefix(s.KibanaURL, "https://"))
	s.KibanaURL = "https://" + addr
	c := newClient(t, s, clock, nil)
	list, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 || list[0].PolicyName == "" {
		t.Fatalf("listed %d tokens, the first without its policy name: %+v", len(list), list)
	}
	if n := conns.Load(); n != 1 {
		t.Fatalf("a one-page list opened %d connections, want 1", n)
	}
}
