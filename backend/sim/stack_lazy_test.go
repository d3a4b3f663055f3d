package sim

import (
	"crypto/tls"
	"crypto/x509"
	"slices"
	"strings"
	"testing"
	"time"
)

// A Stack that seeds on its first connection serves the same data as one
// that seeds at once (same seed, same clock), and none before a client
// connects; its users are there from the start.
func TestSeedOnFirstConnection(t *testing.T) {
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	eager, err := Start(Options{Seed: 3, Hygiene: true, Clock: NewFakeClock(at)})
	if err != nil {
		t.Fatal(err)
	}
	defer eager.Close()
	lazy, err := Start(Options{Seed: 3, Hygiene: true, Clock: NewFakeClock(at), SeedOnFirstConnection: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lazy.Close()
	if lazy.Creds != eager.Creds {
		t.Fatal("the lazy Stack's credentials differ")
	}
	if n := len(lazy.Fleet.Tokens()); n != 0 {
		t.Fatalf("%d Fleet tokens before any connection", n)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(lazy.CA.PEM)
	c, err := tls.Dial("tcp", strings.TrimPrefix(lazy.ECEURL, "https://"), &tls.Config{RootCAs: pool})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	ids := func(s *Stack) []string {
		var out []string
		for _, tk := range s.Fleet.Tokens() {
			out = append(out, tk.ID+" "+tk.APIKey+" "+tk.CreatedAt.String())
		}
		for _, tk := range s.ECE.Tokens() {
			out = append(out, tk.ID)
		}
		return out
	}
	if got, want := ids(lazy), ids(eager); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("after a connection the lazy Stack holds\n%v\nwant\n%v", got, want)
	}
}
