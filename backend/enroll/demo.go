package enroll

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend/transport"
)

// DemoCAName is the common name of the CA the demo simulators' Stack
// makes; with a loopback address it is how a demo server is recognised.
const DemoCAName = "tokentui demo HTTP CA"

// NotDemoError says a server is not one of the demo simulators: demo
// enroll refuses it, since enrolling a made-up node, Kibana, agent or host
// into a real system would pollute it (and the node flow would hand a
// real cluster's CA key to this process).
type NotDemoError struct {
	What, Address, Why string
}

func (e *NotDemoError) Error() string {
	return fmt.Sprintf("%s at %s is not the demo (%s): demo enroll talks only to the simulators of `tokentui demo serve` or `tokentui --demo`, because enrolling a made-up consumer into a real system would pollute it",
		e.What, e.Address, e.Why)
}

// CheckDemo proves that address (host:port) is a demo simulator before
// anything is sent to it: the host must be a loopback address, and the
// certificate chain it presents must end in the demo CA: verified against
// caPEM when given, else the CA the server presents (an Elasticsearch
// token's consumer then checks its own pin). It returns the chain, leaf
// first.
func CheckDemo(ctx context.Context, what, address string, caPEM []byte) ([]*x509.Certificate, error) {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		if host != "localhost" {
			return nil, &NotDemoError{What: what, Address: address, Why: "not a loopback address"}
		}
	}
	chain, err := peerChain(ctx, address)
	if err != nil {
		return nil, fmt.Errorf("%s at %s: cannot connect: %w", what, address, err)
	}
	if len(chain) == 0 {
		return nil, &NotDemoError{What: what, Address: address, Why: "it presents no certificate"}
	}
	var ca *x509.Certificate
	if len(caPEM) > 0 {
		roots, err := transport.ParseCertificates(caPEM)
		if err != nil {
			return nil, err
		}
		pool := x509.NewCertPool()
		for _, c := range roots {
			pool.AddCert(c)
		}
		inter := x509.NewCertPool()
		for _, c := range chain[1:] {
			inter.AddCert(c)
		}
		if chains, err := chain[0].Verify(x509.VerifyOptions{Roots: pool, Intermediates: inter}); err == nil {
			ca = chains[0][len(chains[0])-1]
		}
	} else if top := chain[len(chain)-1]; len(chain) > 1 && chain[len(chain)-2].CheckSignatureFrom(top) == nil {
		// No CA file (an Elasticsearch token brings its own pin, checked
		// by the caller as the consumer checks it): the presented CA.
		ca = top
	}
	switch {
	case ca == nil:
		return nil, &NotDemoError{What: what, Address: address, Why: "its certificate is not signed by the demo CA"}
	case ca.Subject.CommonName != DemoCAName:
		return nil, &NotDemoError{What: what, Address: address, Why: fmt.Sprintf("its CA is %q, not the demo CA", ca.Subject.CommonName)}
	}
	return chain, nil
}

// peerChain reads the chain a server presents, with an unauthenticated
// HEAD / (no credentials, no side effect; a whole request, so that the
// server does not log a handshake cut short). The chain is checked by the
// caller.
func peerChain(ctx context.Context, address string) ([]*x509.Certificate, error) {
	tr := &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: true},
		TLSHandshakeTimeout: 5 * time.Second, DisableKeepAlives: true, Proxy: nil}
	defer tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, "https://"+address+"/", nil)
	if err != nil {
		return nil, err
	}
	resp, err := (&http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.TLS == nil {
		return nil, errors.New("no TLS")
	}
	return resp.TLS.PeerCertificates, nil
}

// shownURL is a URL as it may be shown: without any credentials in it.
func shownURL(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err == nil && u.User != nil:
		u.User = nil
		return u.String()
	case err != nil && strings.Contains(raw, "@"):
		return "(a URL holding credentials)"
	}
	return raw
}

// hostPort is the host:port of a URL, with the scheme's default port.
func hostPort(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("invalid URL %q", shownURL(raw))
	}
	if u.Scheme != "https" {
		return "", errors.New("the demo serves HTTPS only; " + u.Scheme + " is not the demo")
	}
	if u.Port() == "" {
		return net.JoinHostPort(u.Hostname(), "443"), nil
	}
	return u.Host, nil
}

// checkURL is CheckDemo for a configured URL.
func (r *runner) checkURL(ctx context.Context, what, raw string) error {
	hp, err := hostPort(raw)
	if err != nil {
		return &NotDemoError{What: what, Address: shownURL(raw), Why: err.Error()}
	}
	_, err = CheckDemo(ctx, what, hp, r.env.CACertPEM)
	var nd *NotDemoError
	if errors.As(err, &nd) {
		nd.Address = shownURL(raw)
	}
	return err
}
