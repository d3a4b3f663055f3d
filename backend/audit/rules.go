package audit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd/quote"
	"github.com/tokentui/tokentui/backend/fleet"
)

// Item is a token and the Kibana spaces it was seen in (Fleet with
// --all-spaces; empty otherwise).
type Item struct {
	backend.Token
	Spaces []string
}

// Snapshot is what was gathered from one system of one profile.
type Snapshot struct {
	Profile string
	System  backend.System
	Items   []Item
	Err     error // the system could not be listed: nothing else is known

	// Fleet
	Policies    map[string]backend.Policy // nil: unknown (then no deleted-policy finding)
	Keys        map[string]backend.APIKeyState
	KeysErr     error // why drift could not be checked; nil with Keys nil: no Elasticsearch credentials
	Usage       backend.UsageReport
	UsageErr    error
	UsageAsked  bool     // an Elasticsearch was there to ask
	SkippedSpcs []string // spaces that refused the list, "space: reason"
	// Collectors counts the OpenTelemetry Collectors per policy id (only
	// policies with an active token; absent: not counted).
	Collectors    map[string]int
	CollectorsErr error
}

// Options are the thresholds; a zero duration turns its rule off.
type Options struct {
	Now                                  time.Time
	UnusedFor, OlderThan, ExpiringWithin time.Duration
}

// Run applies every rule and returns the findings, most severe first.
func Run(snaps []Snapshot, o Options) []Finding {
	var out []Finding
	for _, s := range snaps {
		out = append(out, s.findings(o)...)
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(a.Profile, b.Profile),
			cmp.Compare(a.System, b.System), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Policy, b.Policy),
			cmp.Compare(a.TokenID, b.TokenID))
	})
	return out
}

// Failed reports whether any snapshot could not be gathered.
func Failed(findings []Finding) bool {
	return slices.ContainsFunc(findings, func(f Finding) bool { return f.Rule == RuleUnreachable })
}

// AtLeast counts the findings at or above sev, unreachable systems aside
// (they are errors, not findings).
func AtLeast(findings []Finding, sev Severity) int {
	n := 0
	for _, f := range findings {
		if f.Rule != RuleUnreachable && f.Severity >= sev {
			n++
		}
	}
	return n
}

// cmdline is a tokentui command for the finding's profile, every word
// quoted for a POSIX shell where it needs it.
func (s *Snapshot) cmdline(args ...string) string {
	parts := []string{"tokentui"}
	if s.Profile != "" {
		parts = append(parts, "--profile", quote.Sh(s.Profile))
	}
	for _, a := range args {
		parts = append(parts, quote.Sh(a))
	}
	return strings.Join(parts, " ")
}

func (s *Snapshot) finding(rule string, sev Severity, it *Item, msg, fix string) Finding {
	f := Finding{Rule: rule, Severity: sev, Profile: s.Profile, System: s.System, Message: msg, Fix: fix}
	if it != nil {
		f.TokenID, f.TokenName, f.Space = it.ID, it.Name, strings.Join(it.Spaces, ",")
		f.Policy = cmp.Or(it.PolicyName, it.PolicyID)
		f.Message = s.revokeCutsOff(it.PolicyID, f.Message, fix)
	}
	return f
}

func (s *Snapshot) findings(o Options) []Finding {
	if s.Err != nil {
		return []Finding{s.finding(RuleUnreachable, High, nil, "cannot be audited: "+s.Err.Error(), "")}
	}
	var out []Finding
	for _, sp := range s.SkippedSpcs {
		out = append(out, s.finding(RuleSpaceSkipped, Info, nil, "space skipped: "+sp, ""))
	}
	for i := range s.Items {
		it := &s.Items[i]
		if o.ExpiringWithin > 0 && it.Status == backend.Active && !it.Expires.IsZero() && it.Expires.Sub(o.Now) <= o.ExpiringWithin {
			out = append(out, s.finding(RuleExpiringSoon, Low, it,
				"expires at "+it.Expires.UTC().Format(time.RFC3339)+", within "+o.ExpiringWithin.String(), ""))
		}
	}
	switch s.System {
	case backend.Fleet:
		out = append(out, s.fleetFindings(o)...)
		out = append(out, s.collectorFindings()...)
	case backend.ECE:
		out = append(out, s.eceFindings(o)...)
	}
	return out
}

// policyKey groups by policy id; the finding names the policy.
func (s *Snapshot) fleetFindings(o Options) []Finding {
	var out []Finding
	switch {
	case s.Keys == nil && s.KeysErr == nil:
		out = append(out, s.finding(RuleDriftUnchecked, Info, nil, "drift cannot be checked: this profile has no Elasticsearch credentials", ""))
	case s.KeysErr != nil:
		out = append(out, s.finding(RuleDriftUnchecked, Info, nil, "drift cannot be checked: "+s.KeysErr.Error(), ""))
	}
	usageKnown := s.UsageAsked && s.UsageErr == nil && s.Usage.Collected
	switch {
	case !s.UsageAsked:
		out = append(out, s.finding(RuleUsageUnknown, Info, nil, "usage unknown: this profile has no Elasticsearch credentials to read Fleet Server's logs", ""))
	case s.UsageErr != nil:
		out = append(out, s.finding(RuleUsageUnknown, Info, nil, "usage unknown: "+s.UsageErr.Error(), ""))
	case !s.Usage.Collected:
		out = append(out, s.finding(RuleUsageUnknown, Info, nil, backend.UsageUnknown, ""))
	case o.UnusedFor > 0 && (s.Usage.Since.IsZero() || s.Usage.Since.After(o.Now.Add(-o.UnusedFor))):
		since := "none yet"
		if !s.Usage.Since.IsZero() {
			since = "the oldest is from " + s.Usage.Since.UTC().Format(time.RFC3339)
		}
		out = append(out, s.finding(RuleUsageUnknown, Info, nil,
			fmt.Sprintf("--unused-for %s cannot be judged: Fleet Server's logs do not reach back that far (%s)", o.UnusedFor, since), ""))
		usageKnown = false
	}

	type group struct {
		active, kept []*Item
		name         string
	}
	byPolicy := map[string]*group{}
	var order []string
	for i := range s.Items {
		it := &s.Items[i]
		g := byPolicy[it.PolicyID]
		if g == nil {
			g = &group{name: cmp.Or(s.Policies[it.PolicyID].Name, it.PolicyName, it.PolicyID)}
			byPolicy[it.PolicyID] = g
			order = append(order, it.PolicyID)
		}
		if it.Status == backend.Active {
			g.active = append(g.active, it)
		} else {
			g.kept = append(g.kept, it)
		}
		out = append(out, s.driftFindings(it, o.Now)...)
		if it.Status != backend.Active {
			continue
		}
		revoke := s.cmdline("fleet", "revoke", it.ID)
		if it.Expires.IsZero() {
			sev, msg := Medium, "never expires"
			if it.Name == "Default" {
				msg = "Kibana's automatic Default token: never expires (kibana#281554)"
			}
			fix := s.cmdline("fleet", "create", "--policy", it.PolicyID, "--expiration", "30d") + " && " + revoke
			if it.Hidden { // Kibana manages these: replacing them is its business
				sev, msg, fix = Low, msg+"; it belongs to a managed policy", ""
			}
			out = append(out, s.finding(RuleNeverExpires, sev, it, msg, fix))
			if it.Name == it.ID {
				out = append(out, s.finding(RuleECK, Info, it,
					"probably made by Elastic Cloud on Kubernetes (its name is its id, no expiry): revoking it stops ECK Agents that use it from enrolling until ECK makes another", ""))
			}
		}
		if s.Policies != nil {
			if _, ok := s.Policies[it.PolicyID]; !ok {
				out = append(out, s.finding(RuleDeletedPolicy, High, it,
					"active, but its policy "+it.PolicyID+" no longer exists", revoke))
			}
		}
		if usageKnown && o.UnusedFor > 0 && it.Created.Before(o.Now.Add(-o.UnusedFor)) {
			u := s.Usage.Of(it.APIKeyID)
			if u.Last.IsZero() || u.Last.Before(o.Now.Add(-o.UnusedFor)) {
				out = append(out, s.finding(RuleUnused, Medium, it,
					fmt.Sprintf("no enrollment for %s: %s", o.UnusedFor, u.Describe(s.Usage)), revoke))
			}
		}
	}
	for _, id := range order {
		g := byPolicy[id]
		deleted := s.Policies != nil && s.Policies[id].ID == ""
		if n := len(g.active); n > 1 {
			ids := make([]string, 0, n)
			for _, it := range g.active {
				ids = append(ids, it.ID)
			}
			newest := slices.MaxFunc(g.active, func(a, b *Item) int { return a.Created.Compare(b.Created) })
			var older []string
			for _, it := range g.active {
				if it != newest {
					older = append(older, it.ID)
				}
			}
			f := s.finding(RuleSeveralActive, Medium, nil,
				fmt.Sprintf("%d active tokens on one policy: %s", n, strings.Join(ids, ", ")),
				s.cmdline(append([]string{"fleet", "revoke"}, older...)...))
			f.Policy = g.name
			f.Message = s.revokeCutsOff(id, f.Message, f.Fix)
			out = append(out, f)
		}
		if len(g.kept) > 0 {
			rule, msg := RulePurge, fmt.Sprintf("%s kept", backend.Plural(len(g.kept), "expired or revoked token", "expired or revoked tokens"))
			fix := s.cmdline("fleet", "purge", "--policy", id)
			if deleted {
				rule, msg = RuleDeletedPolicy, msg+" of a policy that no longer exists"
				fix = s.cmdline("fleet", "purge", "--kuery", fleet.Filter{PolicyID: id}.Query())
			}
			f := s.finding(rule, Low, nil, msg, fix)
			f.Policy = g.name
			out = append(out, f)
		}
	}
	return out
}

// driftFindings compares the token with its Elasticsearch API key
// (fleet.md §8.7).
func (s *Snapshot) driftFindings(it *Item, now time.Time) []Finding {
	if s.Keys == nil || it.APIKeyID == "" {
		return nil
	}
	k, found := s.Keys[it.APIKeyID]
	var msg string
	sev := High
	switch {
	case it.Status == backend.Active && !found:
		msg = "Fleet says active, but Elasticsearch has no API key " + it.APIKeyID + " (removed after retention): the token cannot enroll"
	case it.Status == backend.Active && k.Invalidated:
		msg = "Fleet says active, but Elasticsearch has invalidated its API key " + it.APIKeyID + " (kibana#190708): the token cannot enroll"
	case it.Status == backend.Active && !k.Usable(now):
		msg = "Fleet says active, but its API key expired at " + k.Expires.UTC().Format(time.RFC3339) + ": the token cannot enroll"
	case it.Status == backend.Active && it.Expires.IsZero() && !k.Expires.IsZero():
		sev, msg = Medium, "Fleet shows no expiry, but its API key expires at "+k.Expires.UTC().Format(time.RFC3339)+" (changed outside Fleet)"
	case it.Status == backend.Revoked && found && k.Usable(now):
		msg = "Fleet says revoked, but its API key " + it.APIKeyID + " is still valid in Elasticsearch: the revoke did not invalidate it"
	default:
		return nil
	}
	fix := ""
	if it.Status == backend.Active {
		fix = s.cmdline("fleet", "revoke", it.ID)
	}
	return []Finding{s.finding(RuleDrift, sev, it, msg, fix)}
}

func (s *Snapshot) eceFindings(o Options) []Finding {
	var out []Finding
	unknownAge := 0
	for i := range s.Items {
		it := &s.Items[i]
		if it.Status != backend.Active {
			continue
		}
		del := s.cmdline("ece", "delete", it.ID)
		if len(it.Roles) == 0 && it.Persistent {
			out = append(out, s.finding(RuleECENoRoles, Low, it,
				"persistent token without roles (the first host's install prints one): a host installed with it runs nothing until given roles", del))
		}
		if o.OlderThan > 0 && it.Persistent {
			switch {
			case it.Created.IsZero():
				unknownAge++
			case it.Created.Before(o.Now.Add(-o.OlderThan)):
				out = append(out, s.finding(RuleECEOld, Medium, it,
					"persistent token created at "+it.Created.UTC().Format(time.RFC3339)+", older than "+o.OlderThan.String(), del))
			}
		}
	}
	if unknownAge > 0 {
		out = append(out, s.finding(RuleECEAgeUnknown, Info, nil,
			fmt.Sprintf("%s: ECE's list gives no creation time, so --older-than %s cannot be judged",
				backend.Plural(unknownAge, "persistent token", "persistent tokens"), o.OlderThan), ""))
	}
	return out
}
