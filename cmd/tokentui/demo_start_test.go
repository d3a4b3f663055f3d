package main

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tokentui/tokentui/backend/clipboard"
	"github.com/tokentui/tokentui/backend/sim"
)

func TestDemoStartHandsOverToTheUIAndClosesTheStack(t *testing.T) {
	a := &app{getenv: func(string) string { return "" }}
	d := startDemo(context.Background(), a, uiFlags{demo: true, seed: 1}, clipboard.Off, nil)
	if _, cmd := d.Update(tea.WindowSizeMsg{Width: 120, Height: 40}); cmd != nil {
		t.Fatal("a size before the Stack is up asks for nothing")
	}
	if v := d.View(); !strings.Contains(v.Content, "starting the demo") {
		t.Fatalf("before the Stack is up: %q", v.Content)
	}
	if msg := d.Init()(); msg != (demoReadyMsg{}) {
		t.Fatalf("Init gave %#v", msg)
	}
	d.Update(demoReadyMsg{})
	if d.err != nil || d.ui == nil {
		t.Fatalf("started: err %v, ui %v", d.err, d.ui)
	}
	if v := d.View(); !strings.Contains(v.Content, "Elasticsearch") || !strings.Contains(v.Content, "DEMO") {
		t.Fatalf("the UI at the size sent before it was there:\n%s", v.Content)
	}
	// --demo's node material never leaves the process: an ECDSA HTTP CA
	// (an RSA key would hold up the first frame), on every Stack.
	for _, s := range append([]*sim.Stack{d.stack}, d.others...) {
		if s.CA.RSA() {
			t.Error("an in-process demo Stack's HTTP CA is RSA")
		}
	}
	u, err := url.Parse(d.stack.ESURL)
	if err != nil {
		t.Fatal(err)
	}
	d.close()
	if c, err := net.Dial("tcp", u.Host); err == nil {
		c.Close()
		t.Fatalf("the Stack still listens on %s after close", u.Host)
	}
}

func TestDemoStartFailureQuitsWithTheReason(t *testing.T) {
	a := &app{getenv: func(string) string { return "" }}
	bad := []sim.FaultSpec{{System: "nope", Route: "GET /", Fault: sim.Fault{}}}
	d := startDemo(context.Background(), a, uiFlags{demo: true, seed: 1}, clipboard.Off, bad)
	d.wait()
	if d.err == nil || !strings.Contains(d.err.Error(), "no nope simulator") {
		t.Fatalf("err %v", d.err)
	}
	if d.stack != nil || d.model != nil {
		t.Fatal("a failed start keeps no Stack and no UI")
	}
	_, cmd := d.Update(demoReadyMsg{})
	if cmd == nil {
		t.Fatal("a failed start quits")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("a failed start quits")
	}
	d.close()
}

func TestDemoStartQuitsBeforeTheStackIsUp(t *testing.T) {
	d := &demoStart{done: make(chan struct{})}
	_, cmd := d.Update(tea.KeyPressMsg{Code: 'q', Text: "q"})
	if cmd == nil {
		t.Fatal("q quits while the demo starts")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q quits while the demo starts")
	}
}
