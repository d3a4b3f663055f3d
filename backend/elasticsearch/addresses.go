package elasticsearch

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// Resolver looks host names up; net.DefaultResolver is one.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// SelectAddresses picks a token's addresses from a node's HTTP info the way
// Elasticsearch's ExternalEnrollmentTokenGenerator does (contract §4.2):
// bound addresses then the publish address (its ip:port part), loopback
// kept apart, wildcards dropped, IPv4 before IPv6 (stable), duplicates
// removed; non-loopback addresses win when there are any.
func SelectAddresses(ctx context.Context, r Resolver, bound []string, publish string) ([]string, error) {
	candidates := append([]string(nil), bound...)
	if publish != "" {
		if _, after, ok := strings.Cut(publish, "/"); ok {
			publish = after
		}
		candidates = append(candidates, publish)
	}
	type addr struct {
		text string
		ipv6 bool
	}
	var local, nonLocal []addr
	for _, c := range candidates {
		u, err := url.Parse("http://" + c)
		if err != nil || u.Hostname() == "" {
			return nil, fmt.Errorf("invalid address %q in the node's HTTP info", c)
		}
		ip := net.ParseIP(u.Hostname())
		if ip == nil {
			ips, err := r.LookupIPAddr(ctx, u.Hostname())
			if err != nil || len(ips) == 0 {
				return nil, fmt.Errorf("cannot resolve address %q from the node's HTTP info", c)
			}
			ip = ips[0].IP
		}
		a := addr{text: c, ipv6: ip.To4() == nil}
		switch {
		case ip.IsUnspecified():
		case ip.IsLoopback():
			local = append(local, a)
		default:
			nonLocal = append(nonLocal, a)
		}
	}
	pick := nonLocal
	if len(pick) == 0 {
		pick = local
	}
	slices.SortStableFunc(pick, func(a, b addr) int {
		switch {
		case a.ipv6 == b.ipv6:
			return 0
		case b.ipv6:
			return -1
		}
		return 1
	})
	var out []string
	for _, a := range pick {
		if !slices.Contains(out, a.text) {
			out = append(out, a.text)
		}
	}
	if len(out) == 0 {
		return nil, ErrNoAddresses
	}
	return out, nil
}

// A token from a node names its few HTTP addresses; a crafted one may name
// thousands. Verify checks at most maxVerifyAddresses of them, a few at a
// time.
const (
	maxVerifyAddresses = 32
	verifyConcurrency  = 8
)

// ErrTooManyAddresses marks the addresses Verify left unchecked.
var ErrTooManyAddresses = fmt.Errorf("not checked: a token from a node names a few addresses; tokentui checks at most %d", maxVerifyAddresses)

// verifiable is the addresses Verify connects to and, when some are left
// out, one result that says how many.
func verifiable(addrs []string) ([]string, *VerifyResult) {
	if len(addrs) <= maxVerifyAddresses {
		return addrs, nil
	}
	return addrs[:maxVerifyAddresses], &VerifyResult{Address: fmt.Sprintf("(%d more addresses)", len(addrs)-maxVerifyAddresses), Err: ErrTooManyAddresses}
}
