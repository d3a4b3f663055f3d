package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/childenv"
	"github.com/tokentui/tokentui/backend/enrollcmd"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/system"
	"github.com/tokentui/tokentui/backend/system/builtin"
	"github.com/tokentui/tokentui/backend/transport"
	"github.com/tokentui/tokentui/config"
	"github.com/tokentui/tokentui/ui"
)

// A fourth system, written only here: Serverless project API keys. Its
// registry row, kind, command group, enroll commands and simulator are
// registered from this file; nothing else in the program names it.
const serverless backend.System = "serverless"

// serverlessClient is the system's tiny client: it lists API keys.
type serverlessClient struct{ tr *transport.Client }

var errNotHere = errors.New("not in this test")

func (*serverlessClient) System() backend.System { return serverless }
func (c *serverlessClient) List(ctx context.Context) ([]backend.Token, error) {
	var resp struct {
		Keys []struct {
			ID, Name   string
			Expiration time.Time
		} `json:"api_keys"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: "/api/v1/api_keys"}, &resp); err != nil {
		return nil, err
	}
	var out []backend.Token
	for _, k := range resp.Keys {
		out = append(out, backend.Token{System: serverless, ID: k.ID, Name: k.Name, Status: backend.Active, Expires: k.Expiration})
	}
	return out, nil
}
func (*serverlessClient) Create(context.Context, backend.CreateSpec) (backend.Created, error) {
	return backend.Created{}, errNotHere
}
func (*serverlessClient) Secret(context.Context, string) (backend.Secret, error) {
	return backend.Secret{}, errNotHere
}
func (*serverlessClient) Revoke(context.Context, string) error { return errNotHere }
func (*serverlessClient) EnrollCommand(context.Context, backend.Token, backend.Secret) (backend.Secret, error) {
	return backend.Secret{}, errNotHere
}

// serverlessSim answers the list with two keys, to the API key only.
func serverlessSim(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "GET" || r.URL.Path != "/api/v1/api_keys" || r.Header.Get("Authorization") != "ApiKey sl-secret" {
			http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"api_keys": []map[string]any{
			{"id": "k-1", "name": "ci-deploy", "expiration": time.Now().Add(24 * time.Hour)}, {"id": "k-2", "name": "nightly-ingest"}}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// registerServerless registers every piece of the system, each by its
// name, until the test ends.
func registerServerless(t *testing.T, simURL string) {
	removes := []func(){
		system.Register(system.Row{System: serverless, Title: "Serverless", Section: "serverless", Server: "Serverless",
			Env: system.Env{URL: "SERVERLESS_URL", Username: "SERVERLESS_USERNAME",
				Password: "SERVERLESS_PASSWORD", APIKey: "SERVERLESS_API_KEY"},
			Hint: "set SERVERLESS_URL and SERVERLESS_API_KEY",
			Replace: func(old backend.Token, expiration string) backend.CreateSpec {
				return backend.CreateSpec{Name: old.Name + " (rotated)", Expiration: expiration}
			},
			New: func(tc transport.Config, s system.Settings) (backend.Service, error) {
				tc.Auth = builtin.BasicOrAPIKey(s)
				tr, err := transport.New(tc)
				return &serverlessClient{tr}, err
			}}),
		ui.RegisterKind(ui.Generic(serverless)),
		enrollcmd.Register(serverless, enrollcmd.None("Serverless API keys enroll nothing")),
	}
	cliGroups[serverless] = func(a *app) *cobra.Command {
		group := &cobra.Command{Use: "serverless", Short: "Serverless project API keys"}
		group.AddCommand(withAllProfiles(a, &cobra.Command{Use: "list", Short: "List API keys", Args: cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error {
				svc, err := client[*serverlessClient](a, serverless)
				if err != nil {
					return err
				}
				ctx, cancel := a.ctx()
				defer cancel()
				keys, err := svc.List(ctx)
				if a.g.output == "json" {
					return printJSONRows(a, len(keys), func(i int) map[string]string { return map[string]string{"id": keys[i].ID, "name": keys[i].Name} })
				}
				for _, k := range keys {
					textf(a.stdout, "%s\t%s\n", k.ID, k.Name)
				}
				return err
			}}, "id", "name"))
		return group
	}
	simulators[serverless] = func(*sim.Stack) demoSection {
		return demoSection{URL: simURL, APIKey: "sl-secret", CACert: "unused.pem"}
	}
	t.Cleanup(func() {
		delete(cliGroups, serverless)
		delete(simulators, serverless)
		for _, remove := range removes {
			remove()
		}
	})
}

func TestFourthSystem(t *testing.T) {
	srv := serverlessSim(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	writeConfig := func(extra string) {
		body := "[profiles.p.serverless]\nurl = \"" + srv.URL + "\"\napi_key_env = \"SL_KEY\"\n" + extra
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"HOME": dir, "TOKENTUI_CONFIG": path, "SL_KEY": "sl-secret"}
	getenv := func(k string) string { return env[k] }
	writeConfig("allow_plain_http = true\n")

	// Unregistered, the section is an unknown key.
	if _, err := config.Load(config.Options{Getenv: getenv}); err == nil || !strings.Contains(err.Error(), "unknown key profiles.p.serverless") {
		t.Fatalf("before the row: %v", err)
	}
	registerServerless(t, srv.URL)
	if missing := missingPieces(mustRow(t, serverless)); missing != nil {
		t.Fatalf("the serverless row lacks %v", missing)
	}

	// Config: the section and its credential source are resolved…
	cfg, err := config.Load(config.Options{Getenv: getenv})
	if s := cfg.System(serverless); err != nil || s == nil || s.URL != srv.URL || s.APIKey != "sl-secret" || !s.PlainHTTP() {
		t.Fatalf("config: %+v, %v", s, err)
	}
	// …its environment variables win over the file…
	env["SERVERLESS_URL"], env["SERVERLESS_API_KEY"] = srv.URL+"/", "from-env"
	cfg, err = config.Load(config.Options{Getenv: getenv, Overrides: config.Overrides{AllowPlainHTTP: true}, Only: serverless})
	if s := cfg.System(serverless); err != nil || s == nil || s.URL != srv.URL+"/" || s.APIKey != "from-env" || s.Source != "environment" {
		t.Fatalf("environment: %+v, %v", s, err)
	}
	delete(env, "SERVERLESS_URL")
	delete(env, "SERVERLESS_API_KEY")
	// …its unknown keys are reported, plain HTTP needs consent…
	writeConfig("colour = \"blue\"\n")
	_, err = config.Load(config.Options{Getenv: getenv})
	for _, want := range []string{"unknown key profiles.p.serverless.colour",
		`serverless (config file): "` + srv.URL + `" is plain HTTP: the credentials would travel in clear text; use https://, or opt in with allow_plain_http = true in the profile's serverless section`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config problems lack %q: %v", want, err)
		}
	}
	// …and so are its keys' types…
	writeConfig("timeout = 30\n")
	if _, err = config.Load(config.Options{Getenv: getenv}); err == nil || !strings.HasSuffix(err.Error(), ": profiles.p.serverless.timeout must be a string (in quotes), not an integer") {
		t.Errorf("types: %v", err)
	}
	// …and the hint is the row's.
	if config.Hint(serverless) != "set SERVERLESS_URL and SERVERLESS_API_KEY" {
		t.Errorf("hint %q", config.Hint(serverless))
	}
	writeConfig("allow_plain_http = true\n")

	// Credentials: the row's variables never reach a child process.
	got := childenv.Filter([]string{"PATH=/bin", "SERVERLESS_API_KEY=a", "SERVERLESS_PASSWORD=b", "SERVERLESS_USERNAME=u"})
	if want := []string{"PATH=/bin", "SERVERLESS_USERNAME=u"}; !slices.Equal(got, want) {
		t.Errorf("child environment %q, want %q", got, want)
	}

	// CLI: the group's list runs, with the plain-HTTP warning.
	r := cli(t, env, "", "serverless", "list").want(t, 0, "k-1\tci-deploy\nk-2\tnightly-ingest\n")
	if want := "tokentui: warning: Serverless credentials travel in clear text over " + srv.URL + " (allow_plain_http)\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	cli(t, env, "", "--help").want(t, 0, "serverless  Serverless project API keys")
	// Every profile's list: the columns its command gave.
	if r := cli(t, env, "", "serverless", "list", "--all-profiles").want(t, 0); r.stdout != "PROFILE   ID    NAME\np         k-1   ci-deploy\np         k-2   nightly-ingest\n" {
		t.Errorf("--all-profiles:\n%q", r.stdout)
	}

	// config check: the row's title, after the built-in tabs, tested by
	// listing (the row has no check of its own).
	r = cli(t, env, "", "config", "check").want(t, 0)
	if want := "\nServerless (config file)\n  WARNING: plain HTTP allowed (allow_plain_http or --allow-plain-http): the credentials travel in clear text\n" +
		"  reachable and authenticated: " + srv.URL + " (2 tokens listed)\n  create and revoke: not verifiable without creating a token\n"; !strings.HasSuffix(r.stdout, want) {
		t.Errorf("config check:\n%s\nwant it to end with\n%s", r.stdout, want)
	}

	// Audit: the rules every system shares cover it…
	r = cli(t, env, "", "audit", "--expiring-within", "7d", "--fail-on", "critical").want(t, 0)
	if !strings.Contains(r.stdout, "LOW (1)\n  expiring-soon  p serverless  ci-deploy (k-1)\n    expires at ") {
		t.Errorf("audit:\n%s", r.stdout)
	}
	// …and a system that cannot be listed is never counted clean.
	env["SL_KEY"] = "wrong"
	cli(t, env, "", "audit").want(t, exitFailure, "unreachable  p serverless  \n    cannot be audited: GET /api/v1/api_keys: 401")
	cli(t, env, "", "config", "check").want(t, exitFailure, "\n  FAILED: GET /api/v1/api_keys: 401", "1 system failed its check")
	env["SL_KEY"] = "sl-secret"

	// UI: its tab is there, fourth, and lists the keys.
	a := &app{g: globals{output: "text"}, getenv: getenv, stdin: strings.NewReader(""), stdout: &strings.Builder{},
		stderr: &strings.Builder{}, isTerminal: func() bool { return false }}
	cfg, err = a.config()
	if err != nil {
		t.Fatal(err)
	}
	tabs, _, err := uiTabs(a, cfg)
	if err != nil || len(tabs) != 4 || tabs[3].Kind.System() != serverless || tabs[3].Service == nil {
		t.Fatalf("tabs %+v, %v", tabs, err)
	}
	m := ui.New(ui.Options{Tabs: tabs, Profile: "p", After: func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
	m.Update(tea.KeyPressMsg{Code: '4', Text: "4"})
	settle(t, m, m.Init(), func(view string) bool { return strings.Contains(view, "nightly-ingest") })
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "│ 4 Serverless 2") || !strings.Contains(v, "ci-deploy") || !strings.Contains(v, "k-2") {
		t.Fatalf("the serverless tab:\n%s", v)
	}

	// Rotate: its row says what replaces a key.
	old := backend.Token{System: serverless, ID: "k-1", Name: "ci-deploy", Status: backend.Active}
	if spec, err := backend.ReplacementSpec(old, "7d"); err != nil || spec.Name != "ci-deploy (rotated)" || spec.Expiration != "7d" {
		t.Errorf("rotate: %+v, %v", spec, err)
	}

	// Enroll commands: the row says there are none, and why.
	if _, err := enrollcmd.Resolve(context.Background(), tabs[3].Service, backend.Token{System: serverless}, backend.Secret{}); err == nil || err.Error() != "Serverless API keys enroll nothing" {
		t.Errorf("enroll: %v", err)
	}
	// Simulator: the demo's config file has its section.
	demoPath, err := writeDemoConfig(t.TempDir(), []*sim.Stack{{}})
	if err != nil {
		t.Fatal(err)
	}
	// …and demo serve prints its variables, before the CA file.
	if env := serveEnv(&sim.Stack{CAFile: "ca.pem"}); !slices.Equal(env[len(env)-3:], [][2]string{
		{"SERVERLESS_URL", srv.URL}, {"SERVERLESS_API_KEY", "sl-secret"}, {"TOKENTUI_CA_CERT", "ca.pem"}}) {
		t.Errorf("demo serve's environment %q", env)
	}
	demo, _ := os.ReadFile(demoPath)
	if !strings.Contains(string(demo), "[profiles.demo1.serverless]\n      url = \""+srv.URL+"\"\n") {
		t.Errorf("demo config:\n%s", demo)
	}
}

func mustRow(t *testing.T, sys backend.System) system.Row {
	t.Helper()
	row, ok := system.Lookup(sys)
	if !ok {
		t.Fatalf("no row for %s", sys)
	}
	return row
}

// settle runs cmd and every command its messages bring, feeding each
// message to m on this goroutine, until done holds for m's view (or a
// generous deadline passes: then it fails).
func settle(t *testing.T, m *ui.Model, cmd tea.Cmd, done func(string) bool) {
	t.Helper()
	msgs := make(chan tea.Msg, 64)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			msg := c()
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					run(c)
				}
				return
			}
			if msg != nil {
				msgs <- msg
			}
		}()
	}
	run(cmd)
	deadline := time.After(time.Minute)
	for !done(m.View().Content) {
		select {
		case msg := <-msgs:
			_, next := m.Update(msg)
			run(next)
		case <-deadline:
			t.Fatalf("the UI never got there:\n%s", m.View().Content)
		}
	}
}
