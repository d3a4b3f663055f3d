package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/table"
)

// ECE is the kind of ECE roles tokens. ECE says nothing about a
// persistent token's expiry, and deletes a revoked token.
var ECE Kind = &eceKind{kindBase{
	system: backend.ECE,
	columns: []table.Column{{Title: "TOKEN ID", Width: 22, Flex: true}, {Title: "ROLES", Width: 28},
		{Title: "KIND", Width: 10}, {Title: "STATUS", Width: 10}},
	flex:          func(t backend.Token) string { return t.ID },
	revokeEffect:  "The roles token is deleted: no new host can be installed with it. Hosts already installed keep running.",
	revokeEffects: "The roles tokens are deleted: no new host can be installed with them. Hosts already installed keep running.",
}}

type eceKind struct{ kindBase }

func (*eceKind) cells(tok backend.Token, rc rowContext) []table.Cell {
	return []table.Cell{{Text: tok.ID}, {Text: joinOr(tok.Roles, ",", "–")}, {Text: persistence(tok)}, rc.status}
}

func persistence(t backend.Token) string {
	if t.Persistent {
		return "persistent"
	}
	return "ephemeral"
}

func (*eceKind) detail(tok backend.Token) []detailRow {
	kind := "persistent"
	if !tok.Persistent {
		kind = "ephemeral (made in this session; ECE does not list it)"
	}
	rows := []detailRow{{label: "Kind", value: kind}, {label: "Roles", value: rolesText(tok.Roles)}}
	if tok.Persistent && mayBeEmergency(tok.Roles) {
		rows = append(rows, detailRow{value: "may be the first host's or the emergency token", warning: true})
	}
	return rows
}

func rolesText(roles []string) string { return joinOr(roles, ", ", "none (system services only)") }

// mayBeEmergency spots the two tokens every ECE install has: one without
// roles, and the emergency token (every role but allocator).
func mayBeEmergency(roles []string) bool {
	if len(roles) == 0 {
		return true
	}
	has := map[string]bool{}
	for _, r := range roles {
		has[r] = true
	}
	return !has["allocator"] && has["coordinator"] && has["director"] && has["proxy"]
}

func (*eceKind) describe(t backend.Token) string {
	return fmt.Sprintf("%s (%s; roles %s)", t.ID, persistence(t), rolesText(t.Roles))
}

func (*eceKind) createForm() (string, string, []*form.Field) {
	var opts []form.Option
	for _, r := range backend.ECERoles {
		opts = append(opts, form.Option{Label: r, Value: r})
	}
	roles := &form.Field{Key: "roles", Label: "Roles", Kind: form.Multi, Options: opts,
		Help: "←/→ move, space ticks: the roles the new host may take"}
	kind := &form.Field{Key: "kind", Label: "Kind", Kind: form.Choice,
		Help:    "persistent: until revoked · ephemeral: expires by itself, cannot be revoked",
		Options: []form.Option{{Label: "persistent", Value: "persistent"}, {Label: "ephemeral", Value: "ephemeral"}}}
	validity := form.NewText("validity", "Validity", "how long an ephemeral token lasts, like 90m or 2h", "1h", "1h")
	validity.Visible = func(f *form.Form) bool { return f.Value("kind") == "ephemeral" }
	return "New ECE roles token", "For installing a new ECE host.", []*form.Field{roles, kind, validity}
}

func (*eceKind) spec(f *form.Form) (backend.CreateSpec, map[string]string) {
	spec := backend.CreateSpec{Roles: f.Values("roles")}
	if f.Value("kind") != "ephemeral" {
		return spec, nil
	}
	d, err := time.ParseDuration(f.Value("validity"))
	switch {
	case err != nil:
		return spec, map[string]string{"validity": "a duration like 90m or 2h"}
	case d <= 0:
		return spec, map[string]string{"validity": "must be positive"}
	}
	spec.Validity = d
	return spec, nil
}

func (*eceKind) revokeDisabled(tok backend.Token, now time.Time) string {
	if tok.SessionOnly {
		return "ECE cannot revoke ephemeral tokens; " + tok.ID + " expires by itself " + until(tok.Expires, now)
	}
	return ""
}

func (*eceKind) revokeSkip(tok backend.Token, now time.Time) string {
	return "ephemeral, expires by itself " + until(tok.Expires, now)
}

// revokeWarning: deleting a persistent token is typed out, and the two
// tokens ECE's docs say to keep are named.
func (*eceKind) revokeWarning(targets []backend.Token) (string, bool) {
	var persistent, emergency bool
	for _, t := range targets {
		if t.Persistent {
			persistent = true
			emergency = emergency || mayBeEmergency(t.Roles)
		}
	}
	if emergency {
		return "This may be the first host's roles token or the emergency token; ECE's docs say not to delete those.", true
	}
	return "", persistent
}

// afterRevoke: ECE deletes the token, so the row goes.
func (*eceKind) afterRevoke(backend.Token, time.Time) (backend.Token, bool) {
	return backend.Token{}, false
}

// census: the demo ECE's runners.
func (*eceKind) census(c enroll.Census) string {
	if c.RunnerErr != nil {
		return ""
	}
	return "  " + backend.Plural(c.Runners, "runner", "runners")
}

func (*eceKind) replacement(backend.CreateSpec, string) string {
	return "new: a persistent token with the same roles"
}

func (*eceKind) enrollKey(t backend.Token) string { return strings.Join(t.Roles, ",") }
