package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/elasticsearch/local"
	"github.com/tokentui/tokentui/backend/transport"
)

// localLockWait bounds the wait for another local-mode run on the same
// node: a run takes seconds, and at most about a minute with a slow node.
const localLockWait = 90 * time.Second

// localHashCost is the bcrypt cost of the temporary user's hash: 0, the
// default, except in this package's tests (local.Session.HashCost).
var localHashCost = 0

// createLocal is the official tool's path: settings from the node's
// config directory and a temporary file-realm superuser (package local).
func (a *app) createLocal(dir string, o *esCreateOptions) error {
	overrides := map[string]string{}
	for _, kv := range o.Settings {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return &usageError{fmt.Errorf("-E %q: want key=value", kv)}
		}
		overrides[k] = v
	}
	node, err := local.Load(dir, overrides)
	if err != nil {
		return err
	}
	if !node.EnrollmentEnabled() {
		return &exitError{code: exitConfig, err: errors.New("[xpack.security.enrollment.enabled] must be set to `true` to create an enrollment token")}
	}
	base := node.URL()
	if a.esURL != "" {
		base = a.esURL
	}
	if err := elasticsearch.CheckHTTPS(base); err != nil {
		return err // before the temporary user exists
	}
	var ca []byte
	if strings.HasPrefix(base, "https://") {
		if ca, err = node.HTTPCA(); err != nil {
			return err
		}
	}
	// Remove the user on every way out: return, panic, or a signal.
	session := node.NewSession(func(msg string) { fmt.Fprintln(a.stderr, "tokentui:", msg) })
	session.HashCost = localHashCost
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, cleanupSignals...)
	defer ignorePipe()()
	endOnSignal := func(s os.Signal) {
		if err := session.End(); err != nil {
			printError(a.stderr, err)
		}
		os.Exit(signalExitCode(s))
	}
	stopped, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		select {
		case s := <-sigs:
			endOnSignal(s)
		case <-stopped:
		}
	}()
	defer func() {
		// The same signal also cancels the command's requests (a.ctx), so
		// the run may come back here first: the signal still decides the
		// exit code (128+N). After Stop no signal arrives any more, and
		// once the handler has gone, one it did not take is still queued.
		signal.Stop(sigs)
		close(stopped)
		<-done // never returns while the handler ends the run
		select {
		case s := <-sigs:
			endOnSignal(s)
		default:
		}
		if err := session.End(); err != nil {
			printError(a.stderr, err)
		}
	}()
	user, err := session.Begin(context.Background(), localLockWait)
	if err != nil {
		return err
	}
	a.warnUnsafe(nil) // local mode has no config: --insecure alone
	trail := a.trail()
	es, err := elasticsearch.New(elasticsearch.Config{Transport: transport.Config{BaseURL: base, CACertPEM: ca,
		Auth: transport.Basic{Username: user.Name, Password: user.Password}, Timeout: a.timeoutOr(35 * time.Second),
		Insecure: a.g.insecure, AllowPlainHTTP: a.g.allowPlainHTTP, UserAgent: "tokentui/" + version, Trail: trail, Observe: a.session().observe}})
	if err != nil {
		return err
	}
	if err := local.WaitForUser(es, a.ctx); err != nil {
		return err
	}
	return a.createWith(es, o)
}
