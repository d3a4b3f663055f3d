package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/allprofiles"
	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/system"
	"github.com/tokentui/tokentui/config"
	"github.com/tokentui/tokentui/ui"
)

// uiKinds are the UI's tabs, in ui's order: the kind of every system of
// the registry (backend/system).
func uiKinds() []ui.Kind {
	var out []ui.Kind
	for _, k := range ui.Kinds() {
		if _, ok := system.Lookup(k.System()); ok {
			out = append(out, k)
		}
	}
	return out
}

// uiTabs gives each tab its system's service, or the hint that says how
// to configure it; insecure is whether any skips TLS verification.
func uiTabs(a *app, cfg config.Config) (tabs []ui.TabSpec, insecure bool, err error) {
	kinds := uiKinds()
	tabs = make([]ui.TabSpec, len(kinds))
	for i, k := range kinds {
		svc, hint, endpoint, err := buildService(k.System(), cfg, a.clientOptions())
		if err != nil {
			return nil, false, err
		}
		sec := cfg.System(k.System())
		tabs[i] = ui.TabSpec{Kind: k, Service: svc, Hint: hint, Endpoint: endpoint, PlainHTTP: sec.PlainHTTP()}
		insecure = insecure || sec != nil && sec.Insecure
	}
	return tabs, insecure, nil
}

type uiFlags struct {
	demo bool
	seed uint64
	// kibanaVersion is the Kibana release the demo's Fleet behaves as.
	kibanaVersion string
	clipboard     string
	presenter     bool
	readOnly      bool
	refresh       time.Duration
	faults        []string // --fault, with --demo
}

// errInterrupted ends the program with 130, as a shell expects after ^C.
var errInterrupted = errors.New("interrupted")

func runUI(ctx context.Context, a *app, f uiFlags) error {
	mode, err := clipboard.ParseMode(f.clipboard)
	if err != nil {
		return &usageError{err}
	}
	faults, err := parseFaults(f.faults, f.demo)
	if err != nil {
		return err
	}
	if f.kibanaVersion != "" && !f.demo {
		return &usageError{errors.New("--kibana-version needs --demo (or use tokentui demo serve --kibana-version)")}
	}
	if f.refresh != 0 && f.refresh < time.Second {
		return &usageError{fmt.Errorf("--refresh %s: use at least 1s (or leave it out: r refreshes)", f.refresh)}
	}
	if !term.IsTerminal(os.Stdout.Fd()) || !term.IsTerminal(os.Stdin.Fd()) {
		return errors.New("the UI needs a terminal; for scripts use the subcommands (see tokentui --help)")
	}
	var root tea.Model
	var model *ui.Model
	if f.demo {
		// The Stack starts beside Bubble Tea's terminal set-up, not before
		// it; the screen says so until the tabs are there.
		d := startDemo(ctx, a, f, mode, faults)
		defer d.close()
		root = d
	} else {
		cfg, err := a.config()
		if err != nil {
			return err
		}
		if model, err = newUIModel(ctx, a, f, mode, cfg, nil); err != nil {
			return err
		}
		root = model
	}
	// SIGINT, SIGTERM, SIGHUP and SIGQUIT reach the model as a quit, which waits for a
	// create or revoke in flight (Bubble Tea would quit at once, dropping
	// a fresh secret); a second one abandons them.
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithoutSignalHandler()}
	// colorprofile reads NO_COLOR as a boolean only; any non-empty value
	// means no colour (no-color.org).
	if os.Getenv("NO_COLOR") != "" {
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	p := tea.NewProgram(root, opts...)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, uiSignals...) // SIGHUP and SIGQUIT too: the terminal is restored on every way out
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			p.Send(ui.QuitSignal{})
		}
	}()
	_, err = p.Run()
	if d, ok := root.(*demoStart); ok {
		if d.wait(); d.err != nil {
			return d.err
		}
		model = d.model
	}
	if model != nil {
		if left := model.Abandoned(); len(left) > 0 {
			return fmt.Errorf("quit without waiting for %s:\n  %s", backend.Plural(len(left), "request", "requests"), strings.Join(left, "\n  "))
		}
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return errInterrupted
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// startList starts a list now, before the terminal is set up: the first
// frame waits for Bubble Tea's set-up and first tick anyway, and the
// tokens can be there by then. The returned function waits for that list.
func startList(ctx context.Context, svc backend.Service) func(context.Context) ([]backend.Token, error) {
	type result struct {
		tokens []backend.Token
		err    error
	}
	ch := make(chan result, 1)
	go func() {
		tokens, err := svc.List(ctx)
		ch <- result{tokens, err}
	}()
	return func(wait context.Context) ([]backend.Token, error) {
		select {
		case r := <-ch:
			return r.tokens, r.err
		case <-wait.Done():
			return nil, wait.Err()
		}
	}
}

// newUIModel builds the UI over cfg's systems and starts their first lists.
// enrollEnvs are the demo's systems by profile (nil outside the demo).
func newUIModel(ctx context.Context, a *app, f uiFlags, mode clipboard.Mode, cfg config.Config, enrollEnvs map[string]*enroll.Env) (*ui.Model, error) {
	tabs, insecure, err := uiTabs(a, cfg)
	if err != nil {
		return nil, err
	}
	profile := cfg.Profile
	for i := range tabs {
		if tabs[i].Service != nil {
			tabs[i].Prefetch = startList(ctx, tabs[i].Service)
		}
	}
	if profile == "" {
		profile = "environment"
	}
	refresh := f.refresh
	if refresh == 0 {
		refresh = cfg.Refresh
	}
	var audit backend.Auditor
	if !f.demo { // the demo's changes are to simulators: not the user's trail
		audit = a.auditor()
	}
	return ui.New(ui.Options{
		Tabs: tabs, Profile: profile,
		Audit: audit, Requests: a.session().Requests, ExportDir: filepath.Join(config.StateDir(a.getenv), "exports"),
		Demo: f.demo, Insecure: insecure, ReadOnly: f.readOnly, Presenter: f.presenter, Refresh: refresh,
		// A little over one of Bubble Tea's frames (60 per second): a
		// cursor move then rewrites the mark and the pane's changed values
		// only, not whole rows.
		DetailLag: 20 * time.Millisecond,
		Clipboard: clipboard.New(mode, clipboard.EnvFrom(os.Getenv)),
		Profiles:  cfg.Profiles,
		Enroll:    enrollEnvs[cfg.Profile],
		// In all profiles, E runs a token against its own profile's Stack.
		EnrollProfiles: enrollEnvs,
		SwitchProfile: func(name string) (ui.ProfileServices, error) {
			if name == ui.AllProfiles {
				return allProfileServices(a, cfg.Profiles), nil
			}
			return profileServices(a, name)
		},
	}), nil
}

// profileServices are the tabs of one profile of the config file.
func profileServices(a *app, name string) (ui.ProfileServices, error) {
	next := &app{g: a.g, stdin: a.stdin, stdout: a.stdout, stderr: a.stderr, getenv: a.getenv, isTerminal: a.isTerminal, sess: a.session()}
	next.g.profile = name
	cfg, err := next.config()
	if err != nil {
		return ui.ProfileServices{}, err
	}
	tabs, insecure, err := uiTabs(next, cfg)
	return ui.ProfileServices{Name: name, Tabs: tabs, Insecure: insecure}, err
}

// allProfileServices are tabs over every profile: each tab's service
// joins the profiles that configure its system. A profile that cannot be
// loaded (its credential helper failed, say) is in every tab as a
// failing profile, so the others still list.
func allProfileServices(a *app, names []string) ui.ProfileServices {
	kinds := uiKinds()
	members := make([][]allprofiles.Member, len(kinds))
	out := ui.ProfileServices{Name: ui.AllProfiles, Tabs: make([]ui.TabSpec, len(kinds))}
	for _, name := range names {
		p, err := profileServices(a, name)
		for i, k := range kinds {
			var svc backend.Service
			switch {
			case err != nil:
				svc = allprofiles.Broken(k.System(), err)
			case p.Tabs[i].Service != nil:
				svc = p.Tabs[i].Service
				out.Tabs[i].PlainHTTP = out.Tabs[i].PlainHTTP || p.Tabs[i].PlainHTTP
			default:
				continue // this profile does not configure the system
			}
			members[i] = append(members[i], allprofiles.Member{Profile: name, Service: svc})
		}
		out.Insecure = out.Insecure || p.Insecure
	}
	for i, k := range kinds {
		out.Tabs[i].Kind = k
		if len(members[i]) == 0 {
			out.Tabs[i].Hint = "no profile configures " + k.System().Title()
			continue
		}
		out.Tabs[i].Service = allprofiles.New(k.System(), members[i])
	}
	return out
}
