package sim

import (
	"net"
	"net/http"
	"sync"
)

// unusedConns are the connections that have not sent a request yet. A
// client's transport can leave one (it dialed two for two requests and
// one served both); http.Server.Shutdown waits for such a connection
// until it is 5 s old, so Close would sit out its whole deadline. Nothing
// is in flight on them: Close closes them first.
type unusedConns struct {
	mu    sync.Mutex
	conns map[net.Conn]bool
}

// track is an http.Server's ConnState hook.
func (u *unusedConns) track(c net.Conn, st http.ConnState) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if st == http.StateNew {
		if u.conns == nil {
			u.conns = map[net.Conn]bool{}
		}
		u.conns[c] = true
		return
	}
	delete(u.conns, c)
}

func (u *unusedConns) closeAll() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for c := range u.conns {
		c.Close()
	}
	clear(u.conns)
}
