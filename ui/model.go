// Package ui is tokentui's terminal UI: three tabs (Elasticsearch, ECE,
// Fleet) of token tables with a detail pane, create forms, confirmation
// dialogs, toasts and help. It does no I/O itself: every call to a backend
// runs in a tea.Cmd and comes back as a message tagged with its tab and
// request id, so a late answer is dropped instead of painted over newer
// state.
package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/ui/dialog"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/keymap"
	"github.com/tokentui/tokentui/ui/table"
	"github.com/tokentui/tokentui/ui/theme"
)

// Systems is the tab order.
var Systems = [3]backend.System{backend.Elasticsearch, backend.ECE, backend.Fleet}

// Options configure the UI.
type Options struct {
	// Services by tab (Systems order); nil when the system is not
	// configured, and then Hints says what to set.
	Services  [3]backend.Service
	Hints     [3]string
	Endpoints [3]string
	Profile   string

	Demo, Insecure, ReadOnly, Presenter bool

	Clipboard *clipboard.Clipboard
	Now       func() time.Time
	// Timeout bounds one UI action (a list with its pages, a create).
	Timeout time.Duration
	// Profiles are the config file's profiles; SwitchProfile loads one
	// (it may run credential helpers, so it is called from a command).
	Profiles      []string
	SwitchProfile func(name string) (ProfileServices, error)

	// SecretTTL is how long a shown secret stays shown; ClipboardTTL
	// how long a copied one stays in the clipboard; ToastTTL how long a
	// message stays in the footer.
	SecretTTL, ClipboardTTL, ToastTTL time.Duration
}

// ProfileServices is what switching to a profile gives the UI.
type ProfileServices struct {
	Name      string
	Services  [3]backend.Service
	Hints     [3]string
	Endpoints [3]string
	Insecure  bool
}

type toastKind int

const (
	toastInfo toastKind = iota
	toastOK
	toastErr
)

type toast struct {
	text  string
	kind  toastKind
	until time.Time
}

type reveal struct {
	secret backend.Secret
	until  time.Time
}

// tabState is one system's tab.
type tabState struct {
	sys      backend.System
	svc      backend.Service
	hint     string
	endpoint string

	all  []backend.Token
	hay  []string // lower-case text each token is filtered on
	view []int    // indices of all that pass the filter
	tbl  table.Model

	filter  string
	showAll bool
	marked  map[string]bool
	// keep holds tokens revoked in this session: they stay visible, with
	// their new state, even when only active tokens are shown.
	keep map[string]bool

	loading bool
	loaded  bool
	listReq int
	err     error

	revealed map[string]reveal
	commands map[string]backend.Secret // masked enroll command by commandKey
	active   int                       // active, non-hidden tokens (the tab's count)
}

type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
	overlayForm
	overlayConfirm
	overlayResult
	overlayError
)

// result is the panel shown after a create.
type result struct {
	tab     int
	created backend.Created
	command backend.Secret // the real enroll command
	cmdErr  error
	shown   bool // the secret is on screen now
	seen    bool // shown or copied at least once
}

// confirmAction is what a confirmed dialog does.
type confirmAction int

const (
	confirmRevoke confirmAction = iota
	confirmQuit
	confirmCloseResult
)

// Model is the root model.
type Model struct {
	opts   Options
	keys   keymap.KeyMap
	theme  theme.Theme
	isDark bool

	tabs   [3]*tabState
	active int
	width  int
	height int

	filtering bool
	filterIn  textinput.Model

	overlay    overlay
	form       *form.Form
	formTab    int
	formSubmit func(*form.Form) tea.Cmd // what the open form's submit does
	confirm    dialog.Confirm
	confirmDo  confirmAction
	confirmIDs []string
	confirmTab int
	result     *result

	presenter bool
	mouseOff  bool // mouse capture off, so the terminal selects text
	spin      spinner.Model
	inflight  int
	reqSeq    int
	toasts    []toast
	lastErr   error
	lastErrOp string
	quitting  bool
	// noTimers turns the clock tick and delayed clipboard clearing off;
	// tests drive time with tickMsg instead.
	noTimers bool
}

// New builds the UI.
func New(opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	if opts.SecretTTL <= 0 {
		opts.SecretTTL = 30 * time.Second
	}
	if opts.ClipboardTTL <= 0 {
		opts.ClipboardTTL = 30 * time.Second
	}
	if opts.ToastTTL <= 0 {
		opts.ToastTTL = 6 * time.Second
	}
	if opts.Clipboard == nil {
		opts.Clipboard = clipboard.New(clipboard.Off, clipboard.Env{})
	}
	m := &Model{opts: opts, keys: keymap.Default(), isDark: true, presenter: opts.Presenter}
	m.keys.SetReadOnly(opts.ReadOnly)
	m.keys.Profile.SetEnabled(len(opts.Profiles) > 1 && opts.SwitchProfile != nil)
	m.theme = theme.New(true)
	m.spin = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	m.filterIn = form.NewInput("/", "filter by name, id, policy, roles", 60, 128)
	m.setServices(opts.Services, opts.Hints, opts.Endpoints)
	m.width, m.height = 80, 24
	m.layout()
	return m
}

// setServices (re)builds the tabs for a set of services.
func (m *Model) setServices(services [3]backend.Service, hints, endpoints [3]string) {
	for i, sys := range Systems {
		m.tabs[i] = &tabState{sys: sys, svc: services[i], hint: hints[i], endpoint: endpoints[i],
			marked: map[string]bool{}, keep: map[string]bool{}, revealed: map[string]reveal{}, commands: map[string]backend.Secret{}}
	}
	m.layout()
}

// Init asks the terminal's background colour, loads every configured
// tab and starts the clock.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.tick()}
	for i := range m.tabs {
		cmds = append(cmds, m.refresh(i))
	}
	return tea.Batch(cmds...)
}

func (m *Model) tick() tea.Cmd {
	if m.noTimers {
		return nil
	}
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

func (m *Model) tab() *tabState { return m.tabs[m.active] }

// selected is the token under the cursor.
func (t *tabState) selected() (backend.Token, bool) {
	i := t.tbl.Cursor()
	if i < 0 || i >= len(t.view) {
		return backend.Token{}, false
	}
	return t.all[t.view[i]], true
}

// setTokens replaces the tab's tokens, keeping the cursor on the same
// token where it still exists.
func (t *tabState) setTokens(tokens []backend.Token) {
	keep, _ := t.selected()
	t.setTokensAt(tokens, keep.ID)
}

// setTokensAt replaces the tokens and puts the cursor on token id.
func (t *tabState) setTokensAt(tokens []backend.Token, id string) {
	t.all = tokens
	t.hay = make([]string, len(tokens))
	for i, tok := range tokens {
		t.hay[i] = haystack(tok)
	}
	live := map[string]bool{}
	for _, tok := range tokens {
		live[tok.ID] = true
	}
	for id := range t.marked {
		if !live[id] {
			delete(t.marked, id)
		}
	}
	t.applyFilter()
	if id != "" {
		for vi, ai := range t.view {
			if t.all[ai].ID == id {
				t.tbl.SetCursor(vi)
				break
			}
		}
	}
}

func haystack(t backend.Token) string {
	return strings.ToLower(strings.Join([]string{t.Name, t.ID, t.PolicyName, t.PolicyID, t.Scope, strings.Join(t.Roles, " "), string(t.Status)}, "\x00"))
}

// applyFilter recomputes the visible rows: the filter text (every word
// must match) and, unless showAll, only active tokens of selectable
// policies.
func (t *tabState) applyFilter() {
	words := strings.Fields(strings.ToLower(t.filter))
	t.view = t.view[:0]
	t.active = 0
	for i, tok := range t.all {
		if tok.Status == backend.Active && !tok.Hidden {
			t.active++
		}
		if !t.showAll && (tok.Status != backend.Active || tok.Hidden) && !t.keep[tok.ID] {
			continue
		}
		ok := true
		for _, w := range words {
			if !strings.Contains(t.hay[i], w) {
				ok = false
				break
			}
		}
		if ok {
			t.view = append(t.view, i)
		}
	}
	t.tbl.SetRows(len(t.view))
}

// counts is what the tab label shows: active tokens, and all.
func (t *tabState) counts() (active, all int) { return t.active, len(t.all) }

func (m *Model) toast(kind toastKind, text string) {
	m.toasts = append(m.toasts, toast{text: text, kind: kind, until: m.opts.Now().Add(m.opts.ToastTTL)})
	if len(m.toasts) > 5 {
		m.toasts = m.toasts[len(m.toasts)-5:]
	}
}

func (m *Model) fail(op string, err error) {
	m.lastErr, m.lastErrOp = err, op
	m.toast(toastErr, op+": "+firstLine(err.Error())+"  (e: details)")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// unseenSecret reports whether a fresh Elasticsearch or ECE secret would
// be lost: the result panel is open and it was neither shown nor copied.
func (m *Model) unseenSecret() bool {
	return m.result != nil && m.result.created.OnlyOnce && !m.result.seen
}
