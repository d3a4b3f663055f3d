package audit

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func fleetTok(id, name, policy string, st backend.Status, created time.Time) Item {
	return Item{Token: backend.Token{System: backend.Fleet, ID: id, Name: name, PolicyID: policy, Status: st,
		Created: created, APIKeyID: "key-" + id}}
}

func find(fs []Finding, rule, token string) *Finding {
	for i := range fs {
		if fs[i].Rule == rule && fs[i].TokenID == token {
			return &fs[i]
		}
	}
	return nil
}

func TestFleetRules(t *testing.T) {
	day := 24 * time.Hour
	valid := func(id string) backend.APIKeyState { return backend.APIKeyState{ID: id, Found: true} }
	s := Snapshot{Profile: "prod's", System: backend.Fleet,
		Items: []Item{
			fleetTok("d1", "Default", "p1", backend.Active, now.Add(-100*day)),
			fleetTok("inv", "vpn", "p1", backend.Active, now.Add(-50*day)),
			fleetTok("gone", "old", "p1", backend.Active, now.Add(-400*day)),
			fleetTok("rv", "rev", "p1", backend.Revoked, now.Add(-10*day)),
			fleetTok("orph", "kiosk", "deleted", backend.Active, now.Add(-10*day)),
			fleetTok("orph2", "kiosk2", "deleted", backend.Revoked, now.Add(-10*day)),
			fleetTok("5f9c", "5f9c", "p2", backend.Active, now.Add(-3*day)),
		},
		Policies: map[string]backend.Policy{"p1": {ID: "p1", Name: "Linux"}, "p2": {ID: "p2", Name: "K8s"}},
		Keys: map[string]backend.APIKeyState{"key-d1": valid("key-d1"), "key-inv": {ID: "key-inv", Found: true, Invalidated: true},
			"key-rv": valid("key-rv"), "key-orph": valid("key-orph"), "key-5f9c": valid("key-5f9c")},
		UsageAsked: true,
		Usage: backend.UsageReport{Collected: true, Since: now.Add(-60 * day),
			ByKey: map[string]backend.EnrollUsage{"key-d1": {Enrollments: 2, Agents: 2, Last: now.Add(-2 * day)}}},
	}
	fs := Run([]Snapshot{s}, Options{Now: now, UnusedFor: 30 * day})

	if f := find(fs, RuleDrift, "inv"); f == nil || f.Severity != High || !strings.Contains(f.Message, "invalidated") {
		t.Fatalf("invalidated key: %+v", f)
	}
	if f := find(fs, RuleDrift, "gone"); f == nil || !strings.Contains(f.Message, "no API key") {
		t.Fatalf("missing key: %+v", f)
	}
	if f := find(fs, RuleDrift, "rv"); f == nil || !strings.Contains(f.Message, "still valid") {
		t.Fatalf("revoked in Fleet, valid key: %+v", f)
	}
	if find(fs, RuleDrift, "d1") != nil {
		t.Fatal("a consistent token is drift")
	}
	if f := find(fs, RuleNeverExpires, "d1"); f == nil || !strings.Contains(f.Message, "Default") ||
		f.Fix != `tokentui --profile 'prod'\''s' fleet create --policy p1 --expiration 30d && tokentui --profile 'prod'\''s' fleet revoke d1` {
		t.Fatalf("never expires: %+v", f)
	}
	if f := find(fs, RuleDeletedPolicy, "orph"); f == nil || f.Severity != High {
		t.Fatalf("active token of a deleted policy: %+v", f)
	}
	var several, deletedKept, purge *Finding
	for i := range fs {
		switch {
		case fs[i].Rule == RuleSeveralActive && fs[i].Policy == "Linux":
			several = &fs[i]
		case fs[i].Rule == RuleDeletedPolicy && fs[i].TokenID == "":
			deletedKept = &fs[i]
		case fs[i].Rule == RulePurge && fs[i].Policy == "Linux":
			purge = &fs[i]
		}
	}
	// d1, inv and gone are active on p1; the newest, inv, stays.
	if several == nil || !strings.Contains(several.Message, "3 active tokens") || several.Fix != "tokentui --profile 'prod'\\''s' fleet revoke d1 gone" {
		t.Fatalf("several active: %+v", several)
	}
	if deletedKept == nil || deletedKept.Severity != Low || !strings.Contains(deletedKept.Fix, `--kuery 'policy_id:"deleted"'`) {
		t.Fatalf("kept token of a deleted policy: %+v", deletedKept)
	}
	if purge == nil || !strings.Contains(purge.Message, "1 expired or revoked token kept") {
		t.Fatalf("purge: %+v", purge)
	}
	if f := find(fs, RuleECK, "5f9c"); f == nil {
		t.Fatal("a token named by its id is probably ECK's")
	}
	// Unused: inv and gone enrolled nothing for 30 days (logs go back 60);
	// d1 enrolled 2 days ago; 5f9c is younger than 30 days.
	for id, want := range map[string]bool{"inv": true, "gone": true, "d1": false, "5f9c": false} {
		if got := find(fs, RuleUnused, id) != nil; got != want {
			t.Errorf("unused %s: %v, want %v", id, got, want)
		}
	}
	if fs[0].Severity != High || fs[len(fs)-1].Severity > fs[0].Severity {
		t.Fatal("not most severe first")
	}
	if AtLeast(fs, High) == 0 || Failed(fs) {
		t.Fatal("counts")
	}
}

func TestUsageNeverGuessed(t *testing.T) {
	day := 24 * time.Hour
	items := []Item{fleetTok("a", "ci", "p1", backend.Active, now.Add(-100*day))}
	pols := map[string]backend.Policy{"p1": {ID: "p1"}}
	for name, s := range map[string]Snapshot{
		"no Elasticsearch": {Items: items, Policies: pols},
		"not collected":    {Items: items, Policies: pols, UsageAsked: true},
		"logs too young":   {Items: items, Policies: pols, UsageAsked: true, Usage: backend.UsageReport{Collected: true, Since: now.Add(-day)}},
		"search failed":    {Items: items, Policies: pols, UsageAsked: true, UsageErr: errors.New("403")},
	} {
		s.System = backend.Fleet
		fs := Run([]Snapshot{s}, Options{Now: now, UnusedFor: 30 * day})
		if find(fs, RuleUnused, "a") != nil {
			t.Errorf("%s: a token called unused without the logs to say so", name)
		}
		if !slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == RuleUsageUnknown }) {
			t.Errorf("%s: unknown usage not said", name)
		}
	}
	fs := Run([]Snapshot{{System: backend.Fleet, Items: items, Policies: pols}}, Options{Now: now})
	if f := find(fs, RuleDriftUnchecked, ""); f == nil || !strings.Contains(f.Message, "no Elasticsearch credentials") {
		t.Fatalf("drift unchecked not said: %+v", fs)
	}
}

func TestECEAndExpiryAndUnreachable(t *testing.T) {
	day := 24 * time.Hour
	s := Snapshot{Profile: "p", System: backend.ECE, Items: []Item{
		{Token: backend.Token{System: backend.ECE, ID: "r0", Status: backend.Active, Persistent: true, Roles: []string{}}},
		{Token: backend.Token{System: backend.ECE, ID: "old", Status: backend.Active, Persistent: true, Roles: []string{"proxy"}, Created: now.Add(-400 * day)}},
		{Token: backend.Token{System: backend.ECE, ID: "eph", Status: backend.Active, Roles: []string{"proxy"}, Expires: now.Add(time.Hour)}},
	}}
	bad := Snapshot{Profile: "q", System: backend.Fleet, Err: errors.New("connection refused")}
	fs := Run([]Snapshot{s, bad}, Options{Now: now, OlderThan: 180 * day, ExpiringWithin: day})
	if f := find(fs, RuleECENoRoles, "r0"); f == nil || f.Fix != "tokentui --profile p ece delete r0" {
		t.Fatalf("no roles: %+v", f)
	}
	if find(fs, RuleECEOld, "old") == nil || find(fs, RuleECEAgeUnknown, "") == nil || find(fs, RuleExpiringSoon, "eph") == nil {
		t.Fatalf("ece rules: %+v", fs)
	}
	if !Failed(fs) || AtLeast(fs, High) != 0 {
		t.Fatal("an unreachable system is an error, not a finding that counts for --fail-on")
	}
}

// Collectors warn on the active tokens of their policy only; a count that
// failed is said unknown, never taken as none.
func TestCollectorRules(t *testing.T) {
	s := Snapshot{System: backend.Fleet, Keys: map[string]backend.APIKeyState{},
		Items: []Item{
			fleetTok("a1", "one", "p1", backend.Active, now),
			fleetTok("a2", "older", "p1", backend.Active, now.Add(-time.Hour)),
			fleetTok("r1", "rev", "p1", backend.Revoked, now),
			fleetTok("b1", "two", "p2", backend.Active, now),
		},
		Policies:   map[string]backend.Policy{"p1": {ID: "p1", Name: "Edge"}, "p2": {ID: "p2", Name: "Other"}},
		Collectors: map[string]int{"p1": 3, "p2": 0},
	}
	fs := Run([]Snapshot{s}, Options{Now: now})
	if f := find(fs, RuleCollectors, "a1"); f == nil || f.Severity != Low || !strings.Contains(f.Message, "3 OpenTelemetry Collectors on policy Edge (p1)") {
		t.Fatalf("active token of a policy with collectors: %+v", f)
	}
	if find(fs, RuleCollectors, "r1") != nil || find(fs, RuleCollectors, "b1") != nil {
		t.Fatal("a revoked token, or a policy without collectors, warned")
	}
	// The fix lines that revoke a token of p1 warn; those of p2 do not.
	if f := find(fs, RuleNeverExpires, "a1"); f == nil || !strings.Contains(f.Message, "the fix's revoke cuts off whichever of the policy's 3 OpenTelemetry Collectors use what it revokes") {
		t.Fatalf("never-expires on p1: %+v", f)
	}
	if i := slices.IndexFunc(fs, func(f Finding) bool { return f.Rule == RuleSeveralActive }); i < 0 ||
		!strings.Contains(fs[i].Message, "policy's 3 OpenTelemetry Collectors use") || !strings.Contains(fs[i].Fix, "revoke a2") {
		t.Fatalf("several-active on p1: %+v", fs)
	}
	if f := find(fs, RuleNeverExpires, "b1"); f == nil || strings.Contains(f.Message, "Collector") {
		t.Fatalf("never-expires on p2: %+v", f)
	}
	if slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == RuleCollectorsUnknown }) {
		t.Fatal("counted, yet said unknown")
	}
	s.CollectorsErr = errors.New("policies p2: boom")
	fs = Run([]Snapshot{s}, Options{Now: now})
	if !slices.ContainsFunc(fs, func(f Finding) bool {
		return f.Rule == RuleCollectorsUnknown && strings.Contains(f.Message, "p2: boom")
	}) {
		t.Fatal("a failed count not said")
	}
}
