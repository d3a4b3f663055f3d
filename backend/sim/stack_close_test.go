package sim

import (
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"testing"
)

// A connection that never carried a request is closed when the servers
// shut down (Shutdown would wait for it until it is 5 seconds old); one
// that carries a request is left to finish.
func TestUnusedConnectionsAreClosedAtShutdown(t *testing.T) {
	var u unusedConns
	unused, peer := net.Pipe()
	defer peer.Close()
	busy, busyPeer := net.Pipe()
	defer busy.Close()
	defer busyPeer.Close()
	u.track(unused, http.StateNew)
	u.track(busy, http.StateNew)
	u.track(busy, http.StateActive)
	u.closeAll()
	if _, err := unused.Write([]byte("x")); err == nil {
		t.Error("the unused connection is still open")
	}
	go func() { _, _ = busyPeer.Read(make([]byte, 1)) }()
	if _, err := busy.Write([]byte("x")); err != nil {
		t.Errorf("the busy connection was closed: %v", err)
	}
}

// A Stack that a client connected to without asking anything closes, and
// closes that connection.
func TestStackClosesWithADialedConnection(t *testing.T) {
	s, err := Start(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.CA.PEM)
	// A handshake, no request: the server holds the connection as new.
	c, err := tls.Dial("tcp", s.ESURL[len("https://"):], &tls.Config{RootCAs: pool})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("the dialed connection is still open")
	}
}
