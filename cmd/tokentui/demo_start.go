package main

import (
	"context"
	"fmt"
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/config"
	"github.com/tokentui/tokentui/ui"
)

// demoStart is tokentui --demo's root model: it starts the demo Stack in
// the background, beside Bubble Tea's terminal set-up (the simulators'
// certificates and data take a few milliseconds on a cold start), says
// "starting the demo…" until then, and hands over to the UI once the
// Stack serves. Faults are applied before any request.
type demoStart struct {
	done   chan struct{} // closed when the start finished, either way
	stack  *sim.Stack    // these four are set before done closes
	others []*sim.Stack  // the second and later Stacks (profiles demo2, …)
	model  *ui.Model
	err    error

	ui   *ui.Model          // the model, once Update was told it is ready
	size *tea.WindowSizeMsg // the last one before the UI was there
}

// demoReadyMsg says the start finished (d.model or d.err is set).
type demoReadyMsg struct{}

func startDemo(ctx context.Context, a *app, f uiFlags, mode clipboard.Mode, faults []sim.FaultSpec) *demoStart {
	d := &demoStart{done: make(chan struct{})}
	go func() {
		defer close(d.done)
		d.stack, d.others, d.model, d.err = buildDemo(ctx, a, f, mode, faults)
	}()
	return d
}

// demoProfiles is how many Stacks --demo runs, one profile each: the UI
// opens on all profiles, so the demo shows rows of several clusters.
const demoProfiles = 2

// buildDemo starts the Stacks (the second beside the first, so the start
// takes about as long as one) and builds the UI over them; on an error
// every Stack is closed.
func buildDemo(ctx context.Context, a *app, f uiFlags, mode clipboard.Mode, faults []sim.FaultSpec) (*sim.Stack, []*sim.Stack, *ui.Model, error) {
	// Nothing outside this process consumes the Stacks' node-enrollment
	// material, so their HTTP CA is ECDSA: an RSA key would hold up the
	// first frame by 50–200 ms.
	opts := sim.Options{Seed: f.seed, Hygiene: true, KibanaVersion: f.kibanaVersion, ECDSAHTTPCA: true}
	type started struct {
		stacks []*sim.Stack
		err    error
	}
	others := make(chan started, 1)
	go func() {
		// The UI opens on demo1: the others' data waits for a client.
		lazy := opts
		lazy.SeedOnFirstConnection = true
		s, err := startOtherStacks(lazy, demoProfiles)
		others <- started{s, err}
	}()
	stack, err := sim.Start(opts)
	o := <-others
	closeAll := func() {
		for _, s := range append(o.stacks, stack) {
			if s != nil {
				s.Close()
			}
		}
	}
	if err != nil || o.err != nil {
		closeAll()
		if err != nil {
			return nil, nil, nil, fmt.Errorf("starting the demo Stack: %w", err)
		}
		return nil, nil, nil, o.err
	}
	model, err := demoModel(ctx, a, f, mode, faults, stack, o.stacks)
	if err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	return stack, o.stacks, model, nil
}

// demoModel builds the UI over the demo's Stacks, as the profiles demo1,
// demo2, … of a config file that only the demo reads (the user's
// environment, config file and Elastic CLI contexts stay out of it),
// opened on all profiles. Faults go to the first Stack.
func demoModel(ctx context.Context, a *app, f uiFlags, mode clipboard.Mode, faults []sim.FaultSpec, stack *sim.Stack, others []*sim.Stack) (*ui.Model, error) {
	if err := stack.ApplyFaults(faults); err != nil {
		return nil, err
	}
	stacks := append([]*sim.Stack{stack}, others...)
	dir := filepath.Dir(stack.CAFile) // the Stack's own directory: removed when it closes
	path, err := writeDemoConfig(dir, stacks)
	if err != nil {
		return nil, err
	}
	stateHome := filepath.Dir(config.StateDir(a.getenv)) // exports go where the user's go
	// Only the demo's config file: no --profile, --config or --insecure of the user's.
	g := globals{output: "text", timeout: a.g.timeout, verbose: a.g.verbose, configPath: path}
	demo := &app{g: g, stdin: a.stdin, stdout: a.stdout, stderr: a.stderr, isTerminal: a.isTerminal, sess: a.session()}
	demo.getenv = func(k string) string {
		switch k {
		case "TOKENTUI_CONFIG":
			return path
		case "HOME", "USERPROFILE", "XDG_CONFIG_HOME":
			return dir
		case "XDG_STATE_HOME":
			return stateHome
		}
		return ""
	}
	cfg, err := demo.config()
	if err != nil {
		return nil, err
	}
	envs := map[string]*enroll.Env{}
	for i, s := range stacks {
		e := stackEnroll(s)
		envs[demoProfileName(i+1)] = &e
	}
	// It opens on demo1, where every key works (a create needs one
	// profile); p offers "all profiles" first, both Stacks in one view.
	return newUIModel(ctx, demo, f, mode, cfg, envs)
}

// wait waits for the start to finish.
func (d *demoStart) wait() { <-d.done }

// close waits for the start and closes the Stack it started.
func (d *demoStart) close() {
	d.wait()
	if d.stack != nil {
		d.stack.Close()
	}
	for _, s := range d.others {
		s.Close()
	}
}

func (d *demoStart) Init() tea.Cmd {
	return func() tea.Msg {
		d.wait()
		return demoReadyMsg{}
	}
}

func (d *demoStart) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if d.ui != nil {
		_, cmd := d.ui.Update(msg)
		return d, cmd
	}
	switch msg := msg.(type) {
	case demoReadyMsg:
		if d.err != nil {
			return d, tea.Quit // runUI says why, once the terminal is restored
		}
		d.ui = d.model
		cmds := []tea.Cmd{d.ui.Init()}
		if d.size != nil {
			_, cmd := d.ui.Update(*d.size)
			cmds = append(cmds, cmd)
		}
		return d, tea.Batch(cmds...)
	case tea.WindowSizeMsg:
		d.size = &msg
	case ui.QuitSignal:
		return d, tea.Quit
	case tea.KeyPressMsg:
		if s := msg.String(); s == "q" || s == "ctrl+c" {
			return d, tea.Quit
		}
	}
	return d, nil
}

func (d *demoStart) View() tea.View {
	if d.ui != nil {
		return d.ui.View()
	}
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "tokentui"
	v.SetContent("tokentui  starting the demo…")
	return v
}
