package main

import "testing"

func TestRefreshFlagNeedsASensibleInterval(t *testing.T) {
	cli(t, nil, "", "--refresh", "10ms").want(t, exitUsage, "--refresh 10ms: use at least 1s")
	cli(t, nil, "", "--refresh", "soon").want(t, exitUsage, "invalid argument")
}
