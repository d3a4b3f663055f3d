package main

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/clipboard"
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
	done  chan struct{} // closed when the start finished, either way
	stack *sim.Stack    // these three are set before done closes
	model *ui.Model
	err   error

	ui   *ui.Model          // the model, once Update was told it is ready
	size *tea.WindowSizeMsg // the last one before the UI was there
}

// demoReadyMsg says the start finished (d.model or d.err is set).
type demoReadyMsg struct{}

func startDemo(ctx context.Context, a *app, f uiFlags, mode clipboard.Mode, faults []sim.FaultSpec) *demoStart {
	d := &demoStart{done: make(chan struct{})}
	go func() {
		defer close(d.done)
		d.stack, d.model, d.err = buildDemo(ctx, a, f, mode, faults)
	}()
	return d
}

// buildDemo starts the Stack and builds the UI over it; on an error the
// Stack is closed.
func buildDemo(ctx context.Context, a *app, f uiFlags, mode clipboard.Mode, faults []sim.FaultSpec) (*sim.Stack, *ui.Model, error) {
	stack, err := sim.Start(sim.Options{Seed: f.seed, Hygiene: true, KibanaVersion: f.kibanaVersion})
	if err != nil {
		return nil, nil, fmt.Errorf("starting the demo Stack: %w", err)
	}
	model, err := demoModel(ctx, a, f, mode, faults, stack)
	if err != nil {
		stack.Close()
		return nil, nil, err
	}
	return stack, model, nil
}

func demoModel(ctx context.Context, a *app, f uiFlags, mode clipboard.Mode, faults []sim.FaultSpec, stack *sim.Stack) (*ui.Model, error) {
	if err := stack.ApplyFaults(faults); err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, kv := range stack.Env() {
		env[kv[0]] = kv[1]
	}
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	cfg.Profile = "demo"
	enrollEnv := stackEnroll(stack)
	return newUIModel(ctx, a, f, mode, cfg, &enrollEnv)
}

// wait waits for the start to finish.
func (d *demoStart) wait() { <-d.done }

// close waits for the start and closes the Stack it started.
func (d *demoStart) close() {
	d.wait()
	if d.stack != nil {
		d.stack.Close()
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
