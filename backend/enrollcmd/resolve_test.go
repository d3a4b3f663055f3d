package enrollcmd

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// kibana serves the Fleet simulator, with agents of chosen OSes answered
// here (the simulator's agents all run one OS).
func kibana(t *testing.T, agentsOS map[string][]string) (*fleet.Client, func(string) backend.Token) {
	t.Helper()
	s, clock := simtest.NewStack(t, 3, 0)
	inner := s.Fleet.Handler()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/fleet/agents":
			var items []string
			for pol, oses := range agentsOS {
				if strings.Contains(r.URL.Query().Get("kuery"), pol) {
					for _, os := range oses {
						items = append(items, `{"id":"a","policy_id":"`+pol+`","local_metadata":{"os":{"platform":"`+os+`"}}}`)
					}
				}
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"items":[` + strings.Join(items, ",") + `],"total":` + strconv.Itoa(len(items)) + `,"page":1,"perPage":100}`))
		default:
			inner.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	c, err := fleet.New(fleet.Config{Transport: transport.Config{BaseURL: srv.URL, CACertPEM: ca, Timeout: 10 * time.Second,
		Auth: transport.Basic{Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass}}, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c, func(policy string) backend.Token {
		for _, tok := range tokens {
			if tok.PolicyID == policy && tok.Status == backend.Active {
				return tok
			}
		}
		t.Fatalf("no active token of %s", policy)
		return backend.Token{}
	}
}

func TestResolveFleet(t *testing.T) {
	c, token := kibana(t, map[string][]string{"policy-edge-proxies": {"windows", "windows", "ubuntu"}})
	ctx := context.Background()
	secret := backend.NewSecret("c2VjcmV0OmtleQ==")
	hosts, err := c.Hosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var def, edge string
	for _, h := range hosts {
		if h.Default {
			def = h.URLs[0]
		}
		if h.ID == "fleet-server-edge" {
			edge = h.URLs[0]
		}
	}
	if def == "" || edge == "" || def == edge {
		t.Fatalf("the demo's hosts changed: %+v", hosts)
	}
	for _, tc := range []struct {
		policy, url string
		want        Platform
	}{
		{"policy-windows-desktops", def, Windows}, // by name, default host
		{"policy-linux-servers", def, Linux},
		{"policy-edge-proxies", edge, Windows}, // its own host; by its agents' OS
	} {
		tg, err := Resolve(ctx, c, token(tc.policy), secret)
		if err != nil {
			t.Fatalf("%s: %v", tc.policy, err)
		}
		if tg.Fleet.URL != tc.url || tg.Fleet.Version != sim.FleetVersion || tg.Default() != tc.want {
			t.Errorf("%s: %+v default %s", tc.policy, tg.Fleet, tg.Default())
		}
		cmd, err := tg.Command(tg.Default(), secret)
		if err != nil || !strings.Contains(cmd.Reveal(), "--url="+tc.url+" --enrollment-token=c2VjcmV0OmtleQ==") {
			t.Errorf("%s: %q %v", tc.policy, cmd.Reveal(), err)
		}
	}
}

func TestResolveElasticsearchAndECE(t *testing.T) {
	ctx := context.Background()
	es, err := elasticsearch.New(elasticsearch.Config{Transport: transport.Config{BaseURL: "https://127.0.0.1:1"}})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := Resolve(ctx, es, backend.Token{System: backend.Elasticsearch, Scope: "kibana"}, backend.NewSecret(esTok))
	if err != nil || tg.Kind != Kibana || tg.ESVersion != "8.14.0" || tg.Default() != Archive {
		t.Fatalf("%+v %v", tg, err)
	}
	if _, err := Resolve(ctx, es, backend.Token{System: backend.Elasticsearch, Scope: "other"}, backend.NewSecret(esTok)); err == nil {
		t.Error("unknown scope: no error")
	}
	ec, err := ece.New(ece.Config{Transport: transport.Config{BaseURL: "https://ece.example.com:12443", Auth: transport.APIKey{Key: "k"}}})
	if err != nil {
		t.Fatal(err)
	}
	tg, err = Resolve(ctx, ec, backend.Token{System: backend.ECE, Roles: []string{"allocator"}}, backend.NewSecret("a.b.c"))
	if err != nil {
		t.Fatal(err)
	}
	cmd, err := tg.Command(tg.Default(), backend.NewSecret("a.b.c"))
	if err != nil || !strings.Contains(cmd.Reveal(), `--coordinator-host ece.example.com --roles-token 'a.b.c' --roles allocator`) {
		t.Errorf("%q %v", cmd.Reveal(), err)
	}
}
