package enroll

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// simHosts is the ECE simulator's host registration, in process.
type simHosts struct{ e *sim.ECE }

func (h simHosts) InstallHost(_ context.Context, token string, host Host) (Runner, error) {
	r, err := h.e.RegisterHost(token, host.Hostname, host.Roles...)
	if errors.Is(err, sim.ErrRolesTokenRefused) {
		return Runner{}, &RefusedError{Reason: err.Error(), Err: err}
	}
	return Runner{ID: r.ID, HostIP: r.HostIP, Roles: r.Roles}, err
}

func TestECETokenInstallsAHost(t *testing.T) {
	s, _ := simtest.NewStack(t, 5, 0)
	tok := s.ECE.Issue([]string{"director", "coordinator", "proxy"}, true, 0)
	before := len(s.ECE.Runners())
	env := demoEnv(s)
	env.Hosts = simHosts{s.ECE}
	var got steps
	res, err := Run(context.Background(), env, tok.Token, got.add)
	if err != nil {
		t.Fatalf("%v\n%s", err, got.text())
	}
	runners := s.ECE.Runners()
	if len(runners) != before+1 {
		t.Fatalf("%d runners, want %d", len(runners), before+1)
	}
	text := got.text()
	if !strings.Contains(res.Summary, "with roles director, coordinator, proxy") ||
		!strings.Contains(text, "ECE lists "+strconv.Itoa(before+1)+" runners (was "+strconv.Itoa(before)+")") || strings.Contains(text, tok.Token) {
		t.Errorf("summary %q\n%s", res.Summary, text)
	}
}

func TestRefusedECETokens(t *testing.T) {
	s, clock := simtest.NewStack(t, 5, 0)
	deleted := s.ECE.Issue([]string{"allocator"}, true, 0)
	c, err := ece.New(ece.Config{Transport: transport.Config{BaseURL: s.ECEURL, CACertPEM: s.CA.PEM, Auth: transport.APIKey{Key: s.Creds.ECEAPIKey}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Revoke(context.Background(), deleted.ID); err != nil {
		t.Fatal(err)
	}
	expired := s.ECE.Issue([]string{"allocator"}, false, time.Hour)
	clock.Advance(2 * time.Hour)
	unknown := "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3YTRkYjVhMC1kMDViLTQzZjctODRhMy1jZGRiODFmNTI1NGYiLCJyb2xlcyI6WyJhbGxvY2F0b3IiXX0.c2ln"
	env := demoEnv(s)
	env.Hosts = simHosts{s.ECE}
	before := len(s.ECE.Runners())
	for name, token := range map[string]string{"deleted": deleted.Token, "expired": expired.Token, "unknown": unknown} {
		wantRefused(t, env, name, token, "rejected the roles token")
	}
	if len(s.ECE.Runners()) != before {
		t.Error("a refused token added a runner")
	}
	env.Hosts = nil
	if _, err := Run(context.Background(), env, unknown, nil); err == nil || !strings.Contains(err.Error(), "no ECE host installer") {
		t.Errorf("without an installer: %v", err)
	}
}
