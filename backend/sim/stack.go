package sim

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Options shape a Stack.
type Options struct {
	Seed        uint64
	FleetTokens int // extra Fleet tokens on top of the demo set (benchmarks)
	// Hygiene seeds what an audit finds (hygiene.go), for demos.
	Hygiene bool
	// NoFleetServerLogs: Fleet Server's logs are not collected into the
	// Elasticsearch simulator (usage is then unknown).
	NoFleetServerLogs bool
	// KibanaVersion is the Kibana release the Fleet simulator behaves as
	// ("" = the newest, FleetVersion): see Fleet.Version.
	KibanaVersion string
	// ECDSAHTTPCA makes the HTTP CA an ECDSA P-256 key instead of RSA
	// 2048, for a Stack whose enroll-node material nothing outside the
	// process consumes (tokentui --demo): an RSA key takes 50–200 ms to
	// make, and every handshake waits for it. A real node would refuse
	// such a key (it signs with SHA256withRSA); tokentui's own node
	// consumer accepts it only when told (enroll.Env.ECDSAHTTPCA).
	ECDSAHTTPCA bool
	// SeedOnFirstConnection adds the demo data (all but the users) when
	// a client first connects instead of before Start returns: tokentui
	// --demo's second Stack, which its first screen does not show, then
	// costs nothing before that screen. Until then a connection waits.
	SeedOnFirstConnection bool
	Clock                 Clock // default: the wall clock
	// ErrorLog receives the servers' own errors (TLS handshakes and such);
	// default: discarded.
	ErrorLog io.Writer
}

// Credentials of the demo users; the password and keys come from the seed.
type Credentials struct {
	ESUsername, ESPassword     string
	KibanaUsername, KibanaPass string
	ECEAPIKey                  string
	ECEUsername, ECEPassword   string
}

// Stack runs the simulators on 127.0.0.1 over TLS from its own CA, each on
// its own port: Elasticsearch, Kibana (Fleet), Fleet Server and ECE.
type Stack struct {
	ES          *Elasticsearch
	Fleet       *Fleet
	FleetServer *FleetServer
	ECE         *ECE
	Realm       *Realm
	CA          *CA
	Clock       Clock
	Creds       Credentials

	ESURL, KibanaURL, FleetServerURL, ECEURL string
	// CAFile is a PEM file of the CA, written into a temporary directory
	// that Close removes.
	CAFile string

	servers []*http.Server
	unused  unusedConns // connections Close need not wait for
	dir     string
}

// Start builds, seeds and serves a Stack.
func Start(opts Options) (*Stack, error) {
	if opts.Clock == nil {
		opts.Clock = RealClock{}
	}
	if opts.ErrorLog == nil {
		opts.ErrorLog = io.Discard
	}
	newHTTPCA := NewCA
	if !opts.ECDSAHTTPCA {
		// The HTTP CA's RSA key takes 50–200 ms to make, once per
		// process: it is made beside the seeding and the listeners, not
		// before them.
		go func() { _, _ = httpCAKey() }()
		newHTTPCA = NewHTTPCA
	}
	s := &Stack{Clock: opts.Clock}
	s.Realm = NewRealm(opts.Clock, opts.Seed)
	s.ES = NewElasticsearch(s.Realm, ESConfig{})
	s.Fleet = NewFleet(s.Realm, opts.Clock, opts.Seed)
	s.Fleet.Version = opts.KibanaVersion
	s.FleetServer = NewFleetServer(s.Fleet)
	if !opts.NoFleetServerLogs {
		s.FleetServer.LogTo = s.ES
	}
	s.ECE = NewECE(opts.Clock, opts.Seed)

	var err error
	listeners := make([]net.Listener, 4)
	for i := range listeners {
		if listeners[i], err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			s.closeListeners(listeners)
			return nil, err
		}
	}
	esPort := listeners[0].Addr().(*net.TCPAddr).Port
	s.ES.SetAddresses([]string{fmt.Sprintf("127.0.0.1:%d", esPort)}, fmt.Sprintf("127.0.0.1:%d", esPort))
	handlers := []http.Handler{s.ES.Handler(), s.Fleet.Handler(), s.FleetServer.Handler(), s.ECE.Handler()}
	names := []string{"elasticsearch", "kibana", "fleet-server", "ece"}
	urls := []*string{&s.ESURL, &s.KibanaURL, &s.FleetServerURL, &s.ECEURL}
	for i, ln := range listeners {
		*urls[i] = "https://" + ln.Addr().String()
	}
	seedData := s.seed(opts)
	if opts.SeedOnFirstConnection {
		seedData = sync.OnceFunc(seedData)
		for i, ln := range listeners {
			listeners[i] = seedFirst{ln, seedData}
		}
	} else {
		seedData()
	}
	ca, err := newHTTPCA("tokentui demo HTTP CA")
	if err != nil {
		s.closeListeners(listeners)
		return nil, err
	}
	s.CA = ca
	s.ES.SetHTTPCA(ca)

	for i, ln := range listeners {
		cert, err := ca.Leaf(names[i])
		if err != nil {
			s.closeListeners(listeners)
			return nil, err
		}
		srv := &http.Server{
			Handler:           handlers[i],
			TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
			ReadHeaderTimeout: 10 * time.Second,
			// HTTP/1.1 only, as Elasticsearch serves; it also lets fault
			// injection hijack connections.
			TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
			ErrorLog:     log.New(opts.ErrorLog, names[i]+": ", 0),
			ConnState:    s.unused.track,
		}
		srv.RegisterOnShutdown(s.unused.closeAll) // and those accepted until its listener closed
		s.servers = append(s.servers, srv)
		go func(ln net.Listener) { _ = srv.ServeTLS(ln, "", "") }(ln)
	}
	if s.dir, err = os.MkdirTemp("", "tokentui-demo-"); err != nil {
		s.Close()
		return nil, err
	}
	s.CAFile = filepath.Join(s.dir, "ca.pem")
	if err := os.WriteFile(s.CAFile, ca.PEM, 0o600); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// seedFirst is a listener that runs seed (once for all of a Stack's
// listeners) before it hands out its first connection: no request is
// served before the data is there.
type seedFirst struct {
	net.Listener
	seed func()
}

func (l seedFirst) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.seed()
	}
	return c, err
}

func (s *Stack) closeListeners(ls []net.Listener) {
	for _, l := range ls {
		if l != nil {
			l.Close()
		}
	}
}

// Close stops the servers and removes the CA file.
func (s *Stack) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var errs []error
	s.unused.closeAll()
	for _, srv := range s.servers {
		if err := srv.Shutdown(ctx); err != nil {
			errs = append(errs, srv.Close())
		}
	}
	if s.dir != "" {
		errs = append(errs, os.RemoveAll(s.dir))
	}
	return errors.Join(errs...)
}
