package main

import (
	"context"
	"fmt"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/fleet"
)

// maxCollectorLookups bounds the reads a confirmation spends on finding
// the policies of the tokens named.
const maxCollectorLookups = 20

// warnCollectors warns, before a revoke, delete or purge, about the
// OpenTelemetry Collectors on the policies of the tokens: a collector
// sends the enrollment token on every poll, so it loses access with it.
// tokens are known ones; ids are read one by one (at most
// maxCollectorLookups). Reads that fail are said, never fatal.
func (a *app) warnCollectors(ctx context.Context, svc *fleet.Client, tokens []backend.Token, ids []string) {
	for i, id := range ids {
		if i == maxCollectorLookups {
			break
		}
		if t, _, err := svc.Token(ctx, id); err == nil {
			tokens = append(tokens, t)
		}
	}
	seen := map[string]bool{}
	for _, t := range tokens {
		if t.PolicyID == "" || seen[t.PolicyID] || t.Status != backend.Active {
			continue
		}
		seen[t.PolicyID] = true
		if w := a.collectorsWarning(ctx, svc, t); w != "" {
			printError(a.stderr, fmt.Errorf("warning: %s", w))
		}
	}
}
