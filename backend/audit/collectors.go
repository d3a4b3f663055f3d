package audit

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/parallel"
)

// Rule ids of the OpenTelemetry Collector findings.
const (
	RuleCollectors        = "otel-collectors"
	RuleCollectorsUnknown = "otel-uncounted"
)

// collectorConcurrency bounds the agent-list calls of one Fleet: one per
// policy with an active token, never one per token.
const collectorConcurrency = 4

// countCollectors counts the OpenTelemetry Collectors of every policy
// that has an active token, in the first space each policy's tokens were
// seen in (Kibana lists agents per space). A policy whose count failed is
// left out of the map and its error kept: the audit says it is unknown.
func countCollectors(ctx context.Context, src Source, svc backend.Service, items []Item) (map[string]int, error) {
	if _, ok := svc.(backend.CollectorCounter); !ok {
		return nil, nil
	}
	spaceOf := map[string]string{}
	var policies []string
	for _, it := range items {
		if it.Status != backend.Active || it.PolicyID == "" {
			continue
		}
		if _, seen := spaceOf[it.PolicyID]; !seen {
			spaceOf[it.PolicyID] = ""
			if len(it.Spaces) > 0 {
				spaceOf[it.PolicyID] = it.Spaces[0]
			}
			policies = append(policies, it.PolicyID)
		}
	}
	counts := make([]int, len(policies))
	errs := make([]error, len(policies))
	parallel.Each(len(policies), collectorConcurrency, func(i int) {
		id := policies[i]
		cc := svc.(backend.CollectorCounter)
		if sp := spaceOf[id]; sp != "" && src.InSpace != nil {
			in, ok := src.InSpace(sp).(backend.CollectorCounter)
			if !ok {
				return
			}
			cc = in
		}
		counts[i], errs[i] = cc.Collectors(ctx, id)
	})
	out := map[string]int{}
	var failed []string
	var first error
	for i, id := range policies {
		if errs[i] != nil {
			failed = append(failed, id)
			first = cmp.Or(first, errs[i])
			continue
		}
		out[id] = counts[i]
	}
	if first != nil {
		return out, fmt.Errorf("policies %s: %w", strings.Join(failed, ", "), first)
	}
	return out, nil
}

// collectorFindings warns, on every active token of a policy with
// collectors, that a revoke or rotate (the fix of most Fleet findings)
// cuts them off; and says when the count is unknown.
func (s *Snapshot) collectorFindings() []Finding {
	var out []Finding
	if s.CollectorsErr != nil {
		out = append(out, s.finding(RuleCollectorsUnknown, Info, nil,
			"OpenTelemetry Collectors could not be counted: "+s.CollectorsErr.Error()+"; a revoke may cut some off", ""))
	}
	for i := range s.Items {
		it := &s.Items[i]
		n := s.Collectors[it.PolicyID]
		if it.Status != backend.Active || n == 0 {
			continue
		}
		policy := it.PolicyID
		if p := s.Policies[it.PolicyID].Name; p != "" && p != it.PolicyID {
			policy = p + " (" + it.PolicyID + ")"
		}
		out = append(out, s.finding(RuleCollectors, Low, it, backend.CollectorsWarning(n, policy), ""))
	}
	return out
}

// revokeCutsOff adds to a finding whose fix revokes a token of policyID
// that the policy's collectors would be cut off, so the fix line warns.
func (s *Snapshot) revokeCutsOff(policyID, msg, fix string) string {
	n := s.Collectors[policyID]
	if n == 0 || !strings.Contains(fix, " fleet revoke ") {
		return msg
	}
	return msg + "; the fix's revoke cuts off whichever of the policy's " +
		backend.Plural(n, "OpenTelemetry Collector", "OpenTelemetry Collectors") + " use what it revokes (" + RuleCollectors + ")"
}
