// Package audit finds risky enrollment tokens across profiles, systems
// and Kibana spaces: tokens that never expire, Fleet tokens whose
// Elasticsearch API key disagrees with Fleet (drift), several active
// tokens on one policy, tokens of deleted policies, tokens Elastic Cloud
// on Kubernetes probably made, unused tokens (from Fleet Server's logs),
// tokens OpenTelemetry Collectors may use (a revoke cuts them off),
// old or role-less ECE tokens and tokens about to expire.
//
// Run is a pure function over what Gather collected; Gather talks only to
// backend interfaces. Each finding carries the fix as a tokentui command,
// its values quoted for a POSIX shell.
package audit

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tokentui/tokentui/backend"
)

// Severity orders findings; a CI run fails at or above a chosen one.
type Severity int

const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s >= 0 && int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprint(int(s))
}

// MarshalJSON writes the name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// ParseSeverity reads a severity name.
func ParseSeverity(v string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(v, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("severity must be one of %s, not %q", strings.Join(severityNames, ", "), v)
}

// Finding is one thing an audit reports. The JSON keys are a stable
// interface for scripts; an empty field is still written.
type Finding struct {
	Rule      string         `json:"rule"`
	Severity  Severity       `json:"severity"`
	Profile   string         `json:"profile"`
	System    backend.System `json:"system"`
	Space     string         `json:"space"`
	TokenID   string         `json:"token_id"`
	TokenName string         `json:"token_name"`
	Policy    string         `json:"policy"`
	Message   string         `json:"message"`
	Fix       string         `json:"fix"`
}

// Rule ids.
const (
	RuleUnreachable    = "unreachable"
	RuleNeverExpires   = "never-expires"
	RuleDrift          = "drift"
	RuleDriftUnchecked = "drift-unchecked"
	RulePurge          = "purge-candidates"
	RuleSeveralActive  = "several-active"
	RuleDeletedPolicy  = "deleted-policy"
	RuleECK            = "eck-probable"
	RuleUnused         = "unused"
	RuleUsageUnknown   = "usage-unknown"
	RuleECEOld         = "ece-old-persistent"
	RuleECEAgeUnknown  = "ece-age-unknown"
	RuleECENoRoles     = "ece-no-roles"
	RuleExpiringSoon   = "expiring-soon"
	RuleSpaceSkipped   = "space-skipped"
)

// Rule describes one rule for help and documentation.
type Rule struct {
	ID       string
	Severity Severity // the usual one; some findings of a rule rank lower
	Why      string
}

// Rules is every rule, in the order help lists them.
var Rules = []Rule{
	{RuleUnreachable, High, "a profile or system that cannot be reached is never counted clean"},
	{RuleDrift, High, "Fleet and Elasticsearch disagree about the token's API key: Kibana shows a state that is not true (kibana#190708)"},
	{RuleDeletedPolicy, High, "an active token of a policy that no longer exists; revoked ones are leftovers to purge"},
	{RuleNeverExpires, Medium, "a Fleet token without expiry, Kibana's automatic per-policy Default included, works until someone revokes it (kibana#281554)"},
	{RuleSeveralActive, Medium, "more than one active token per policy: more secrets to leak than agents need"},
	{RuleUnused, Medium, "an active Fleet token with no enrollment in Fleet Server's logs for --unused-for"},
	{RuleECEOld, Medium, "an ECE persistent token older than --older-than"},
	{RulePurge, Low, "expired or revoked tokens still kept (counted per policy)"},
	{RuleECENoRoles, Low, "an ECE token without roles installs hosts that run nothing until given roles"},
	{RuleExpiringSoon, Low, "a token expiring within --expiring-within: whatever uses it will stop enrolling"},
	{RuleCollectors, Low, "OTel Collectors on the token's policy send a token on every OpAMP poll: a revoke or rotate (most fixes) cuts them off"},
	{RuleECK, Info, "probably made by Elastic Cloud on Kubernetes (its name is its id, no expiry): a revoke or purge breaks ECK Agents"},
	{RuleDriftUnchecked, Info, "drift needs the profile's Elasticsearch credentials"},
	{RuleUsageUnknown, Info, "usage needs Fleet Server's logs in the profile's Elasticsearch"},
	{RuleECEAgeUnknown, Info, "ECE's list gives no creation time, so a token's age cannot be judged"},
	{RuleCollectorsUnknown, Info, "the collectors of a policy could not be counted, so a revoke may cut some off unwarned"},
	{RuleSpaceSkipped, Info, "a Kibana space the caller may not read Fleet in"},
}
