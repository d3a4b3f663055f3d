// Package ui is tokentui's terminal UI: one tab per system, each a table
// of tokens with a detail pane, plus create forms, confirmation dialogs,
// toasts and help. It does no I/O itself: every call to a backend runs in
// a tea.Cmd and comes back as a message tagged with its tab and request
// id, so a late answer is dropped instead of painted over newer state.
//
// A tab (tab.go) is generic: it holds the tokens, the filter, the marks,
// the revealed secrets and the cursor, and asks its Kind for everything
// that differs between systems (kind.go, one kind_<system>.go per
// system, or Generic); no file but a kind's names a system. The kinds
// are registered by their system's name (Kinds, KindOf, RegisterKind);
// cmd/tokentui makes a tab for each system of the registry
// (backend/system, whose package doc says how to add a system). The root
// model (this file, update.go, view.go) keeps the tab bar, the overlays,
// the toasts and the spinner. Each feature is a file: list.go, create.go
// (and the result panel, result.go), revoke.go, delete.go, rotate.go,
// secret.go, enroll_command.go and enroll_panel.go (E and v), profile.go,
// audit.go, export.go, requestlog.go, quit.go; text.go holds the text
// helpers, which know nothing of the model. Keys are rows of one action
// table (actions.go), which the footer, the help and the palette read.
// An overlay draws from a screen (screen.go), not from the model.
//
// What commands send back enters the model in one place, onResult
// (update.go), each message handled by its feature. The UI imports no
// system client and no transport: what a system adds (v's check, the
// demo's counts) comes through backend interfaces and the kinds.
//
// Every string that came from a server, a token or the configuration is
// sanitized before it reaches the terminal; the sites, and the test that
// guards each, are listed in docs/safety-sites.md.
package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/sanitize"
	"github.com/tokentui/tokentui/ui/form"
	"github.com/tokentui/tokentui/ui/keymap"
	"github.com/tokentui/tokentui/ui/theme"
)

// TabSpec is one tab: its kind and, when the system is configured, its
// service; otherwise Hint says what to set.
type TabSpec struct {
	Kind     Kind
	Service  backend.Service
	Hint     string
	Endpoint string
	// PlainHTTP: credentials go over http:// because the user allowed
	// it (allow_plain_http).
	PlainHTTP bool
	// Prefetch, when set, answers the tab's first list: a list the caller
	// started before the program, so that it overlaps the terminal's
	// set-up instead of following it.
	Prefetch func(context.Context) ([]backend.Token, error)
}

// Options configure the UI.
type Options struct {
	// Tabs in the order they are shown.
	Tabs    []TabSpec
	Profile string

	Demo, Insecure, ReadOnly, Presenter bool

	Clipboard *clipboard.Clipboard
	Now       func() time.Time
	// After runs fn once d has passed (tea.Tick by default): the clock
	// tick and the clipboard clearing. Tests replace it to drive time.
	After func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
	// Timeout bounds one UI action (a list with its pages, a create).
	Timeout time.Duration
	// Profiles are the config file's profiles; SwitchProfile loads one
	// (it may run credential helpers, so it is called from a command).
	Profiles      []string
	SwitchProfile func(name string) (ProfileServices, error)

	// Refresh, when set, lists every tab again at this interval.
	Refresh time.Duration

	// DetailLag, when set, is how long the detail pane keeps showing the
	// previous token after a cursor move: longer than one frame, so the
	// cursor mark and the pane's new values reach the terminal in two
	// frames. Bubble Tea's renderer rewrites every cell between the first
	// and the last change of a line, and the mark (left) and the pane
	// (right) share lines: in one frame a move rewrites whole rows.
	DetailLag time.Duration

	// SecretTTL is how long a shown secret stays shown; ClipboardTTL
	// how long a copied one stays in the clipboard; ToastTTL how long a
	// message stays in the footer.
	SecretTTL, ClipboardTTL, ToastTTL time.Duration

	// Audit, when set, records every create, revoke, delete and purge
	// (the audit trail), from the command that made it.
	Audit backend.Auditor
	// Requests, when set, gives this session's requests for the @ log.
	Requests func() []backend.Request
	// ExportDir, when set, is where ctrl+s writes the view.
	ExportDir string

	// Enroll is where the demo's systems are (demo mode only): E uses a
	// token as its consumer would against them. Nil outside the demo,
	// where v verifies an Elasticsearch token instead.
	Enroll *enroll.Env
	// EnrollProfiles are the demo's systems by profile: in a view of all
	// profiles, E uses a token against its own profile's (else Enroll).
	EnrollProfiles map[string]*enroll.Env
}

// ProfileServices is what switching to a profile gives the UI.
type ProfileServices struct {
	Name     string
	Tabs     []TabSpec
	Insecure bool
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
	tab   int  // the tab it is about: shown there only
	more  bool // e shows the details
}

// Model is the root model.
type Model struct {
	opts  Options
	keys  keymap.KeyMap
	table []action // the keys of the main screen (actions.go)
	theme theme.Theme

	tabs   []*tab
	active int
	usage  map[string]string // Fleet tokens' usage lines (usage.go)
	width  int
	height int

	filtering bool
	filterIn  textinput.Model

	overlay overlay // nil when none

	// full shows the selected token full screen, scrolled to fullTop.
	full    bool
	fullTop int

	presenter bool
	mouseOff  bool // mouse capture off, so the terminal selects text
	spin      spinner.Model
	inflight  int
	reqSeq    int
	toasts    []toast
	quitting  bool

	// pending are the creates and revokes in flight, by request id,
	// described as the quit message names them; waitQuit is a quit
	// waiting for them; abandoned what a second ctrl+c left unanswered.
	pending map[int]string
	// rotations are the rotates whose create is in flight: the token
	// each replaces, by the create's request id (ui/rotate.go).
	rotations map[int]backend.Token
	waitQuit  bool
	waitFail  bool   // a request answered with an error while waiting
	waitDone  string // after a wait: what finished, and that q quits now
	abandoned []string
	enr       enrollState // E and v runs, the demo's counts (enroll_panel.go)
	lag       detailLag   // the pane drawn last, held after a cursor move (Options.DetailLag)
	tickAt    time.Time   // Options.Now at the last tick: the relative times shown (shownNow)
}

// New builds the UI.
func New(opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.After == nil {
		opts.After = tea.Tick
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
	m := &Model{opts: opts, keys: keymap.Default(), presenter: opts.Presenter, pending: map[int]string{}, usage: map[string]string{}}
	m.keys.SetDemo(opts.Enroll != nil)
	m.keys.Profile.SetEnabled(len(opts.Profiles) > 1 && opts.SwitchProfile != nil)
	m.theme = theme.New(true)
	m.spin = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	m.filterIn = form.NewInput("/", "filter by name, id, policy, roles", 60, 128)
	m.width, m.height = 80, 24
	m.setTabs(opts.Tabs)
	return m
}

// setTabs (re)builds the tabs.
func (m *Model) setTabs(specs []TabSpec) {
	m.tabs = make([]*tab, len(specs))
	titles := make([]string, len(specs))
	for i, s := range specs {
		m.tabs[i] = newTab(s)
		titles[i] = s.Kind.System().Title()
	}
	m.keys.SetTabs(titles)
	m.table = buildActions(m.keys)
	m.active = min(m.active, max(0, len(m.tabs)-1))
	m.layout()
}

// Init asks the terminal's background colour, loads every configured
// tab and starts the clock.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.tick(), m.refreshAll(), m.autoRefresh(), m.loadCensus())
}

func (m *Model) tick() tea.Cmd {
	return m.opts.After(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// current is the active tab.
func (m *Model) current() *tab { return m.tabs[m.active] }

// toast shows a message in the active tab's footer.
func (m *Model) toast(kind toastKind, text string) { m.toastOn(m.active, kind, text) }

// toastOn shows a message in tab i's footer; it is sanitized here, as it
// may carry a server's reason.
func (m *Model) toastOn(i int, kind toastKind, text string) {
	m.toasts = append(m.toasts, toast{text: sanitize.Text(text), kind: kind, until: m.opts.Now().Add(m.opts.ToastTTL), tab: i})
	if len(m.toasts) > 10 {
		m.toasts = m.toasts[len(m.toasts)-10:]
	}
}

func (m *Model) fail(op string, err error) { m.failOn(m.active, op, err) }

// failOn records err as tab i's last error (e shows it) and says it in
// that tab's footer.
func (m *Model) failOn(i int, op string, err error) {
	m.lastError(m.tabs[i], op, err)
	if m.waitQuit {
		m.waitFail = true
	}
	m.toastOn(i, toastErr, op+": "+m.here(firstLine(err.Error())))
	m.toasts[len(m.toasts)-1].more = true
}

// lastToast is the newest message about the active tab.
func (m *Model) lastToast() (toast, bool) {
	for i := len(m.toasts) - 1; i >= 0; i-- {
		if m.toasts[i].tab == m.active {
			return m.toasts[i], true
		}
	}
	return toast{}, false
}
