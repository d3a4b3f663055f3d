package ui

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/fleet"
)

var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// fakeService is a backend.Service whose answers the test sets.
type fakeService struct {
	mu       sync.Mutex
	sys      backend.System
	tokens   []backend.Token
	secrets  map[string]string
	listErr  error
	failNext error // fails the next create or revoke
	created  []backend.CreateSpec
	revoked  []string
	lists    int
	policies []backend.Policy
	warning  string // what a create says the user should know
	// lostAnswer makes the next create happen and then fail with this
	// error, as when the answer is lost on the way back.
	lostAnswer  error
	policiesErr error

	// deleter makes the fake a backend.Deleter (Fleet in fakeServices).
	deleter bool
	// deleteFail fails the delete of these ids with the reason given;
	// noDelete is an older Kibana, whose delete only revokes.
	deleteFail map[string]string
	noDelete   bool
	// deletes are the ids each Delete (by id) or DeleteTokens (purge)
	// was asked for.
	deletes, purges [][]string
	// collectors, when set, is the OpenTelemetry Collector count every
	// Fleet policy reports.
	collectors *int
}

// deleterFake is a fakeService that can delete (a Fleet service).
type deleterFake struct{ *fakeService }

var _ backend.Deleter = deleterFake{}

func (f deleterFake) Delete(_ context.Context, ids []string, opts backend.DeleteOptions) backend.DeleteReport {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deletes = append(f.deletes, ids)
	return f.deleteLocked(ids, nil, opts)
}

func (f deleterFake) DeleteTokens(_ context.Context, tokens []backend.Token, opts backend.DeleteOptions) backend.DeleteReport {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := make([]string, len(tokens))
	hidden := map[string]bool{}
	for i, t := range tokens {
		ids[i], hidden[t.ID] = t.ID, t.Hidden
	}
	f.purges = append(f.purges, ids)
	return f.deleteLocked(ids, hidden, opts)
}

// deleteLocked deletes as Fleet does: a missing token is already gone, a
// hidden one skipped without IncludeHidden, one in deleteFail fails and
// stays; with noDelete the tokens are only revoked. hidden, when given,
// is what the list said (a purge does not read the tokens first).
func (f *fakeService) deleteLocked(ids []string, hidden map[string]bool, opts backend.DeleteOptions) backend.DeleteReport {
	var rep backend.DeleteReport
	for _, id := range ids {
		i := slices.IndexFunc(f.tokens, func(t backend.Token) bool { return t.ID == id })
		res := backend.DeleteResult{ID: id}
		isHidden := hidden[id] || (hidden == nil && i >= 0 && f.tokens[i].Hidden)
		switch {
		case isHidden && !opts.IncludeHidden:
			res.Outcome, res.Reason = backend.DeleteSkippedHidden, "it belongs to a managed or agentless policy"
		case i < 0:
			res.Outcome = backend.DeleteAlreadyGone
		case f.deleteFail[id] != "":
			res.Outcome, res.Reason = backend.DeleteFailed, f.deleteFail[id]
		case f.noDelete:
			f.tokens[i].Status = backend.Revoked
			res.Outcome, res.Reason = backend.DeleteRevokedOnly, "this Kibana revoked it but kept its record"
			rep.NoDelete = true
		default:
			f.tokens = slices.Delete(f.tokens, i, i+1)
		}
		rep.Results = append(rep.Results, res)
	}
	return rep
}

func (f *fakeService) System() backend.System { return f.sys }

func (f *fakeService) List(context.Context) ([]backend.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists++
	if f.listErr != nil {
		return nil, f.listErr
	}
	return append([]backend.Token(nil), f.tokens...), nil
}

func (f *fakeService) Create(_ context.Context, spec backend.CreateSpec) (backend.Created, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failNext; err != nil {
		f.failNext = nil
		return backend.Created{}, err
	}
	defer func() { f.lostAnswer = nil }()
	f.created = append(f.created, spec)
	id := fmt.Sprintf("new-%d", len(f.created))
	tok := backend.Token{System: f.sys, ID: id, Name: "fresh " + id, Status: backend.Active, Created: now,
		Scope: spec.Scope, Roles: spec.Roles, Persistent: spec.Validity == 0, PolicyID: spec.PolicyID}
	f.tokens = append([]backend.Token{tok}, f.tokens...)
	secret := "SECRET-" + id + "-abcdefghijklmnopqrstuvwxyz"
	f.secrets[id] = secret
	if f.lostAnswer != nil {
		return backend.Created{}, f.lostAnswer
	}
	return backend.Created{Token: tok, Secret: backend.NewSecret(secret), OnlyOnce: f.sys != backend.Fleet, Warning: f.warning}, nil
}

func (f *fakeService) Secret(_ context.Context, id string) (backend.Secret, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.secrets[id]; ok {
		return backend.NewSecret(s), nil
	}
	return backend.Secret{}, &backend.SecretUnavailableError{System: f.sys, ID: id}
}

func (f *fakeService) Revoke(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failNext; err != nil {
		f.failNext = nil
		return err
	}
	f.revoked = append(f.revoked, id)
	for i := range f.tokens {
		if f.tokens[i].ID == id {
			if f.sys == backend.ECE {
				f.tokens = append(f.tokens[:i], f.tokens[i+1:]...)
			} else {
				f.tokens[i].Status = backend.Revoked
			}
			return nil
		}
	}
	return fmt.Errorf("revoke %s: %w", id, backend.ErrNotFound)
}

func (f *fakeService) EnrollCommand(_ context.Context, t backend.Token, s backend.Secret) (backend.Secret, error) {
	return backend.NewSecret("enroll --token=" + s.Reveal()), nil
}

// EnrollTarget is what enrollcmd.Resolve reads from a real system.
func (f *fakeService) EnrollTarget(_ context.Context, t backend.Token, _ backend.Secret) (enrollcmd.Target, error) {
	switch f.sys {
	case backend.Fleet:
		tg := enrollcmd.Target{Kind: enrollcmd.Fleet, Hint: enrollcmd.Hint{PolicyName: t.PolicyName},
			Fleet: enrollcmd.FleetInput{URL: "https://fleet.example:8220", Version: "9.2.1"}}
		if f.collectors != nil {
			tg.Hint.Collectors, tg.Hint.CollectorsKnown = *f.collectors, true
		}
		return tg, nil
	case backend.ECE:
		return enrollcmd.Target{Kind: enrollcmd.ECE, ECE: enrollcmd.ECEInput{Coordinator: "ece.example", Roles: t.Roles}}, nil
	}
	if t.Scope != "node" && t.Scope != "kibana" {
		return enrollcmd.Target{}, fmt.Errorf("no enroll command for scope %q", t.Scope)
	}
	return enrollcmd.Target{Kind: enrollcmd.Kind(t.Scope), ESVersion: "9.2.1"}, nil
}

func (f *fakeService) Policies(context.Context) ([]backend.Policy, error) {
	return f.policies, f.policiesErr
}

// ValidateSpec checks as the real client of the system does.
func (f *fakeService) ValidateSpec(spec backend.CreateSpec) []*backend.InvalidInputError {
	switch f.sys {
	case backend.ECE:
		return ece.ValidateSpec(spec)
	case backend.Fleet:
		return fleet.ValidateSpec(spec)
	}
	return nil
}

func fakeServices() (*fakeService, *fakeService, *fakeService) {
	es := &fakeService{sys: backend.Elasticsearch, secrets: map[string]string{}, tokens: []backend.Token{
		{System: backend.Elasticsearch, ID: "esKey1", Name: "enrollment_token_API_key_a", Scope: "node", Status: backend.Active, Created: now.Add(-5 * time.Minute), Expires: now.Add(25 * time.Minute), Owner: "elastic"},
		{System: backend.Elasticsearch, ID: "esKey2", Name: "enrollment_token_API_key_b", Scope: "kibana", Status: backend.Revoked, Created: now.Add(-2 * time.Hour), Expires: now.Add(-90 * time.Minute)},
	}}
	ece := &fakeService{sys: backend.ECE, secrets: map[string]string{}, tokens: []backend.Token{
		{System: backend.ECE, ID: "ece-1", Roles: []string{}, Persistent: true, Status: backend.Active},
		{System: backend.ECE, ID: "ece-2", Roles: []string{"allocator"}, Persistent: true, Status: backend.Active},
	}}
	fl := &fakeService{sys: backend.Fleet, deleter: true, secrets: map[string]string{"f1": "RkxFRVQtU0VDUkVULTE=", "f2": "RkxFRVQtU0VDUkVULTI="}, tokens: []backend.Token{
		{System: backend.Fleet, ID: "f1", Name: "ci-runners", PolicyID: "p1", PolicyName: "Linux servers", Status: backend.Active, Created: now.Add(-3 * time.Hour)},
		{System: backend.Fleet, ID: "f2", Name: "laptops", PolicyID: "p2", PolicyName: "Windows desktops", Status: backend.Active, Created: now.Add(-26 * time.Hour)},
		{System: backend.Fleet, ID: "f3", Name: "old", PolicyID: "p1", PolicyName: "Linux servers", Status: backend.Revoked, Created: now.Add(-72 * time.Hour)},
	}, policies: []backend.Policy{
		{ID: "p0", Name: "Fleet Server Policy", Managed: true, Agents: 1, HasAgentCount: true},
		{ID: "p1", Name: "Linux servers", Agents: 42, HasAgentCount: true},
		{ID: "p2", Name: "Windows desktops", Agents: 128, HasAgentCount: true},
	}}
	return es, ece, fl
}

// fleetHarness runs a model whose only configured tab is Fleet's (the
// third), with the fake Fleet service it lists.
func fleetHarness(t *testing.T) (*harness, *fakeService) {
	t.Helper()
	_, _, fl := fakeServices()
	return newHarness(t, Options{}, nil, nil, fl), fl
}

// testKinds are the tabs the tests build, in order.
var testKinds = []Kind{Elasticsearch, ECE, Fleet}

// testTabs makes a tab of each kind with the services given in order (nil
// or missing: not configured) and the endpoints given.
func testTabs(services []backend.Service, endpoints ...string) []TabSpec {
	tabs := make([]TabSpec, len(testKinds))
	for i, k := range testKinds {
		tabs[i] = TabSpec{Kind: k, Hint: "set SOMETHING for " + k.System().Title()}
		if i < len(services) && services[i] != nil {
			tabs[i].Service, tabs[i].Hint = services[i], ""
			if f, ok := services[i].(*fakeService); ok && f.deleter {
				tabs[i].Service = deleterFake{f}
			}
		}
		if i < len(endpoints) {
			tabs[i].Endpoint = endpoints[i]
		}
	}
	return tabs
}

// timerMsg stands for a timer the model started (the clock tick, the
// clipboard clearing): the harness records it instead of waiting, and
// tests drive time with tickMsg.
type timerMsg struct {
	d  time.Duration
	fn func(time.Time) tea.Msg
}

func recordTimer(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return func() tea.Msg { return timerMsg{d: d, fn: fn} }
}

// timer is the last recorded timer of duration d (the test fails
// without one).
func (h *harness) timer(d time.Duration) timerMsg {
	h.t.Helper()
	for i := len(h.timers) - 1; i >= 0; i-- {
		if h.timers[i].d == d {
			return h.timers[i]
		}
	}
	h.t.Fatalf("no %s timer: %v", d, h.timers)
	return timerMsg{}
}

// harness runs a model synchronously: commands run at once and their
// messages go back through Update, until nothing is left.
type harness struct {
	t      *testing.T
	m      *Model
	raw    []string // sequences the UI asked to write to the terminal
	timers []timerMsg
	quit   bool
	clock  time.Time
}

// newHarness runs a model with the services given in tab order, unless
// opts has its tabs already.
func newHarness(t *testing.T, opts Options, services ...backend.Service) *harness {
	t.Helper()
	h := &harness{t: t, clock: now}
	if opts.Tabs == nil {
		opts.Tabs = testTabs(services)
	}
	opts.Now = func() time.Time { return h.clock }
	opts.After = recordTimer
	if opts.Clipboard == nil {
		opts.Clipboard = clipboard.New(clipboard.OSC52, clipboard.Env{})
	}
	h.m = New(opts)
	h.send(tea.WindowSizeMsg{Width: 120, Height: 36})
	h.run(h.m.Init())
	return h
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// run executes cmd and everything it leads to; timers are recorded, and
// spinner frames and terminal queries dropped (they would loop forever).
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 1000 {
			h.t.Fatal("command loop")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case timerMsg:
			h.timers = append(h.timers, msg)
		case nil, tickMsg, spinner.TickMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			h.quit = true
		case tea.RawMsg:
			h.raw = append(h.raw, fmt.Sprint(msg.Msg))
		default:
			if reflect.TypeOf(msg).String() == "tea.backgroundColorMsg" || reflect.TypeOf(msg).PkgPath() == "charm.land/bubbletea/v2" {
				continue
			}
			_, next := h.m.Update(msg)
			queue = append(queue, next)
		}
	}
}

func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// namedKeys are the keys tests name that are not their own text.
var namedKeys = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
	"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
	"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "right": {Code: tea.KeyRight},
	"ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
}

func keyMsg(k string) tea.KeyPressMsg {
	if msg, ok := namedKeys[k]; ok {
		return msg
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func (h *harness) screen() string { return stripANSI(h.m.render()) }

// isOverlay reports whether the model shows an overlay of type T.
func isOverlay[T overlay](m *Model) bool {
	_, ok := m.overlay.(T)
	return ok
}
