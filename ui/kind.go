package ui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/table"
)

// Kind is one system's UI behaviour: what its table, detail pane, create
// form and revoke dialog say. A tab holds the state every system shares
// and asks its kind for the rest. The kinds are Elasticsearch, ECE and
// Fleet, and Generic for a system with nothing of its own; each embeds
// a kindBase with its fixed texts and the defaults.
type Kind interface {
	// System is the system the kind shows; its Title names the tab.
	System() backend.System
	base() *kindBase

	// cells are a table row; they get the parts every kind shares (the
	// status, the secret column) in rc. The tab sanitizes them.
	cells(tok backend.Token, rc rowContext) []table.Cell
	// detail is the detail pane's rows between the status and the dates.
	detail(tok backend.Token) []detailRow
	// describe names a token in one line, for dialogs and messages.
	describe(tok backend.Token) string

	// createForm is the create form's title, note and fresh fields; spec
	// reads a filled form into a spec, with the problems only the form
	// can see (text that does not parse) by field key. The service's
	// backend.SpecValidator, where it has one, checks the rest.
	createForm() (title, note string, fields []*form.Field)
	spec(f *form.Form) (backend.CreateSpec, map[string]string)
	// formOptions loads the options of a picker of the create form from
	// the service; nil when the form has none to load.
	formOptions(svc backend.Service) *optionsLoad

	// revokeDisabled says why a token cannot be revoked from here, or ""
	// when it can; the same text refuses the action and dims its key.
	revokeDisabled(tok backend.Token, now time.Time) string
	// revokeSkip is the same reason in a few words, for a list of the
	// marked tokens a batch revoke skips ("managed policy").
	revokeSkip(tok backend.Token, now time.Time) string
	// revokeWarning is what the user must know before revoking these
	// targets, and whether the id must be typed to confirm.
	revokeWarning(targets []backend.Token) (warning string, typed bool)
	// afterRevoke is the row of a revoked token until the refresh
	// answers; false drops the row.
	afterRevoke(tok backend.Token, now time.Time) (backend.Token, bool)
	// deleteDisabled says why a token cannot be deleted from here, or ""
	// (asked only where the service can delete: backend.Deleter).
	deleteDisabled(tok backend.Token) string

	// enrollKey is what a token's enroll command depends on, so moving
	// between tokens that share it needs no new request.
	enrollKey(tok backend.Token) string

	// census is the header's count, in the demo, of what the kind's
	// tokens enroll (the cluster's "3 nodes"), or "".
	census(c enroll.Census) string
	// enrollEnv adds to the demo's environment what E needs of the token
	// that its secret does not say.
	enrollEnv(env *enroll.Env, tok backend.Token)
	// replacement says what a rotate makes of the old token, given the
	// spec and the profile's default expiration; "" says nothing.
	replacement(spec backend.CreateSpec, expiration string) string
}

// kinds are the tabs' kinds, left to right, each keyed by its system's
// name in the registry (backend/system): a system's kind file adds its
// kind here.
var (
	kindsMu sync.RWMutex
	kinds   = []Kind{Elasticsearch, ECE, Fleet}
)

// Kinds are the registered kinds in tab order.
func Kinds() []Kind {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	return slices.Clone(kinds)
}

// KindOf is the kind registered for sys.
func KindOf(sys backend.System) (Kind, bool) {
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	for _, k := range kinds {
		if k.System() == sys {
			return k, true
		}
	}
	return nil, false
}

// RegisterKind adds a kind after the others; a kind for a system that has
// one already is a programming error (it panics). remove takes it away
// again (tests).
func RegisterKind(k Kind) (remove func()) {
	if _, ok := KindOf(k.System()); ok {
		panic("ui.RegisterKind: " + string(k.System()) + " has a kind already")
	}
	kindsMu.Lock()
	defer kindsMu.Unlock()
	kinds = append(kinds, k)
	return func() {
		kindsMu.Lock()
		defer kindsMu.Unlock()
		kinds = slices.DeleteFunc(kinds, func(o Kind) bool { return o == k })
	}
}

// kindBase is what a kind says in fixed texts, and the behaviour most
// systems share; every kind embeds one and overrides what differs.
type kindBase struct {
	system  backend.System
	columns []table.Column
	// flex is the text of the table's flexible column, measured to
	// split the width between the table and the pane.
	flex func(backend.Token) string
	// secretAgain: the system gives a token's secret again (Fleet);
	// otherwise only a token made in this run has its secret at hand.
	secretAgain bool
	// zeroExpires is what a zero expiry means ("never"), or "" when the
	// system does not say and the row is left out.
	zeroExpires string
	// revokeEffect says what a revoke does; revokeEffects the same for
	// several tokens.
	revokeEffect, revokeEffects string
	// revokedNote is what a revoke's success adds about the server
	// (Fleet Server's cache), or "".
	revokedNote string
	// deleteEffect says what a delete does to any token, deleteActive
	// what it does first to an active one (systems that can delete).
	deleteEffect, deleteActive string

	// verify, when set, proves a token works without side effects (v).
	verify func(ctx context.Context, token string, timeout time.Duration, report func(enroll.Step)) (string, error)
	// agentPolicy: a token enrolls into an agent policy, whose agents
	// (the demo's) and OpenTelemetry Collectors the detail pane counts,
	// and whose use Fleet Server's logs record (usage.go).
	agentPolicy bool
	// lifetime is the create form's field that sets a token's lifetime,
	// which must be chosen where the profile sets no default ("" when
	// the form has none).
	lifetime string
}

func (b *kindBase) System() backend.System { return b.system }
func (b *kindBase) base() *kindBase        { return b }

// By default a create form has nothing to load, every token can be
// revoked without a warning, and a revoked token stays, marked revoked.
func (*kindBase) formOptions(backend.Service) *optionsLoad       { return nil }
func (*kindBase) revokeDisabled(backend.Token, time.Time) string { return "" }
func (*kindBase) revokeSkip(backend.Token, time.Time) string     { return "cannot be revoked from here" }
func (*kindBase) revokeWarning([]backend.Token) (string, bool)   { return "", false }
func (*kindBase) deleteDisabled(backend.Token) string            { return "" }
func (*kindBase) census(enroll.Census) string                    { return "" }
func (*kindBase) enrollEnv(*enroll.Env, backend.Token)           {}
func (*kindBase) replacement(backend.CreateSpec, string) string  { return "" }
func (*kindBase) afterRevoke(tok backend.Token, now time.Time) (backend.Token, bool) {
	tok.Status, tok.Revoked = backend.Revoked, now
	return tok, true
}

// rowContext is what a row's cells share across kinds.
type rowContext struct {
	now    time.Time
	status table.Cell // styled; the same for every kind
	secret string     // the secret column: never the secret itself
}

// detailRow is one line of the detail pane: a labelled value, or a
// warning line when label is empty.
type detailRow struct {
	label, value string
	warning      bool
}

// optionsLoad fills a picker of the create form: what runs the request
// and what it is called in an error.
type optionsLoad struct {
	field, what string
	from        string // the server asked, as a person names it ("Kibana")
	load        func(ctx context.Context) ([]form.Option, error)
}

func nameOrID(t backend.Token) string {
	if t.Name != "" {
		return t.Name
	}
	return t.ID
}

func ago(tok backend.Token, now time.Time) string {
	if tok.Created.IsZero() {
		return "–"
	}
	return coarse(now.Sub(tok.Created)) + " ago"
}

func joinOr(items []string, sep, empty string) string {
	if len(items) == 0 {
		return empty
	}
	return strings.Join(items, sep)
}
