package elasticsearch

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
)

func certFor(t *testing.T, dns []string, ips ...string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "node"}, DNSNames: dns,
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	for _, ip := range ips {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(ip))
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func problems(ws []AddressWarning) string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Address+"="+w.Problem)
	}
	return strings.Join(out, " ")
}

func TestAddressWarnings(t *testing.T) {
	cert := certFor(t, []string{"es01.example"}, "10.0.0.5")
	for _, c := range []struct {
		addrs []string
		want  string
	}{
		{[]string{"10.0.0.5:9200", "es01.example:9200"}, ""},
		{[]string{"0.0.0.0:9200", "10.0.0.5:9200"}, "0.0.0.0:9200=wildcard"},
		{[]string{"[::]:9200"}, "[::]:9200=wildcard"},
		{[]string{"127.0.0.1:9200", "[::1]:9200"}, "127.0.0.1:9200=loopback [::1]:9200=loopback"},
		{[]string{"10.0.0.5:9200", "localhost:9200"}, "localhost:9200=loopback"},
		{[]string{"10.0.0.6:9200", "es02.example:9200"}, "10.0.0.6:9200=certificate es02.example:9200=certificate"},
	} {
		leafs := map[string]*x509.Certificate{}
		for _, a := range c.addrs {
			if !strings.HasPrefix(a, "127.") && !strings.HasPrefix(a, "[::1]") && !strings.HasPrefix(a, "localhost") {
				leafs[a] = cert
			}
		}
		ws := AddressWarnings(c.addrs, leafs)
		if got := problems(ws); got != c.want {
			t.Fatalf("%v: %q, want %q", c.addrs, got, c.want)
		}
		for _, w := range ws {
			if w.Problem == "certificate" && !strings.Contains(w.Message, "es01.example, 10.0.0.5") {
				t.Fatalf("names what the certificate covers: %s", w.Message)
			}
		}
	}
	all := AddressWarnings([]string{"127.0.0.1:9200"}, nil)
	mixed := AddressWarnings([]string{"10.0.0.5:9200", "127.0.0.1:9200"}, nil)
	if !strings.Contains(all[0].Message, "only a node or Kibana on the node's own host") || !strings.Contains(mixed[0].Message, "reach itself") {
		t.Fatalf("%v / %v", all, mixed)
	}
}

// Verify reports the certificate each address presented; the simulator's
// node is loopback-only, with a certificate that names 127.0.0.1.
func TestVerifyFeedsTheAddressWarnings(t *testing.T) {
	s, clock := newStack(t)
	c := newClient(t, s, clock, nil)
	created := simtest.MustCreate(t, c, backend.CreateSpec{Scope: "node"})
	tok, err := Decode(created.Secret.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	res := Verify(context.Background(), tok, 5*time.Second)
	leafs := map[string]*x509.Certificate{}
	for _, r := range res {
		if r.Err != nil || r.Leaf == nil {
			t.Fatalf("%+v", r)
		}
		leafs[r.Address] = r.Leaf
	}
	if got := problems(AddressWarnings(tok.Addresses, leafs)); got != tok.Addresses[0]+"=loopback" {
		t.Fatalf("%q", got)
	}
}

// A crafted token naming 20,000 addresses opens at most maxVerifyAddresses
// connections, and the result says how many were left unchecked.
func TestVerifyCapsTheAddresses(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var accepted atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	tok := EnrollmentToken{Fingerprint: strings.Repeat("ab", 32), Key: "id:secret"}
	for range 20000 {
		tok.Addresses = append(tok.Addresses, ln.Addr().String())
	}
	res := Verify(context.Background(), tok, 10*time.Second)
	if len(res) != maxVerifyAddresses+1 {
		t.Fatalf("%d results, want %d and one for the rest", len(res), maxVerifyAddresses+1)
	}
	last := res[len(res)-1]
	if !errors.Is(last.Err, ErrTooManyAddresses) || !strings.Contains(last.Address, "19968 more") {
		t.Fatalf("%+v", last)
	}
	if n := accepted.Load(); n > maxVerifyAddresses {
		t.Fatalf("%d connections opened", n)
	}
}
