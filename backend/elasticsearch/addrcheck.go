package elasticsearch

import (
	"crypto/x509"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// AddressWarning is a token address an enrolling node or Kibana cannot use
// as it is.
type AddressWarning struct {
	Address string
	Problem string // "wildcard", "loopback" or "certificate"
	Message string
}

// AddressWarnings checks a token's addresses as an enrolling host will use
// them: a wildcard (0.0.0.0, ::) names no host; a loopback address reaches
// the enrolling host itself, not the node; and an address the node's
// certificate (leafs, by address, from Verify) does not name passes the
// fingerprint pinning of the enrollment but fails the host name
// verification Kibana does afterwards with the CA it received.
func AddressWarnings(addrs []string, leafs map[string]*x509.Certificate) []AddressWarning {
	loopback := 0
	for _, a := range addrs {
		if isLoopback(hostOf(a)) {
			loopback++
		}
	}
	var out []AddressWarning
	for _, a := range addrs {
		host := hostOf(a)
		ip := net.ParseIP(host)
		switch {
		case ip != nil && ip.IsUnspecified():
			out = append(out, AddressWarning{a, "wildcard", "a wildcard address (all interfaces of the node) names no host: an enrolling node or Kibana cannot connect to it"})
		case isLoopback(host) && loopback == len(addrs):
			out = append(out, AddressWarning{a, "loopback", "every address of the token is loopback: only a node or Kibana on the node's own host can enroll with it; " +
				"bind the node's HTTP layer to an address other hosts reach (http.host or network.host) and create a new token"})
		case isLoopback(host):
			out = append(out, AddressWarning{a, "loopback", "a loopback address: an enrolling host would reach itself here, not the node"})
		}
		if leaf := leafs[a]; leaf != nil && host != "" && !(ip != nil && ip.IsUnspecified()) {
			if err := leaf.VerifyHostname(host); err != nil {
				out = append(out, AddressWarning{a, "certificate", fmt.Sprintf("the node's certificate does not name %s (it names %s): "+
					"enrollment pins the CA fingerprint and passes, but Kibana then verifies host names and would fail; "+
					"add it to the certificate's subject alternative names, or bind the node to an address the certificate names", host, certNames(leaf))})
			}
		}
	}
	return out
}

func hostOf(addr string) string {
	u, err := url.Parse("https://" + addr)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

func isLoopback(host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	return strings.EqualFold(host, "localhost")
}

// certNames lists the names a certificate is valid for.
func certNames(c *x509.Certificate) string {
	var names []string
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		return "no host names"
	}
	return strings.Join(names, ", ")
}
