package enroll

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/transport"
)

// FleetServerAPIVersion is the API version Elastic Agent sends to Fleet
// Server.
const FleetServerAPIVersion = "2023-06-01"

type enrollResponse struct {
	Action string `json:"action"`
	Item   struct {
		ID             string   `json:"id"`
		Type           string   `json:"type"`
		PolicyID       string   `json:"policy_id"`
		AccessAPIKey   string   `json:"access_api_key"`
		AccessAPIKeyID string   `json:"access_api_key_id"`
		EnrolledAt     string   `json:"enrolled_at"`
		Status         string   `json:"status"`
		Tags           []string `json:"tags"`
	} `json:"item"`
}

// fleet enrolls a made-up Elastic Agent with the token, as the agent's
// `install`/`enroll` does, then reads Kibana to show it arrived.
func (r *runner) fleet(ctx context.Context, token string) (Result, error) {
	kib, serverURL, err := r.fleetServer(ctx, token)
	if err != nil {
		return Result{}, err
	}
	version := r.agentVersion(ctx, serverURL, token, kib)
	host := "demo-agent-" + randomHex(3)
	c, err := transport.New(transport.Config{BaseURL: serverURL, CACertPEM: r.env.CACertPEM, Timeout: r.env.Timeout,
		MaxTries: 1, Trail: r.env.Trail, UserAgent: "Elastic Agent v" + version})
	if err != nil {
		return Result{}, err
	}
	c.Redactor().Add(token)
	var resp enrollResponse
	if _, err := r.step("POST /api/fleet/agents/enroll, as Elastic Agent "+version+" on "+host, func() (string, error) {
		body := map[string]any{"type": "PERMANENT", "id": "", "replace_token": "",
			"metadata": map[string]any{
				"local": map[string]any{
					"elastic": map[string]any{"agent": map[string]any{"id": "", "version": version, "snapshot": false,
						"upgradeable": true, "log_level": "info", "complete": false, "unprivileged": false, "fips": false}},
					"host": map[string]any{"architecture": "x86_64", "hostname": host, "name": host, "id": randomHex(16)},
					"os":   map[string]any{"family": "debian", "kernel": "6.8.0", "platform": "ubuntu", "version": "24.04", "name": "Ubuntu", "full": "Ubuntu(24.04)"},
				},
				"user_provided": nil,
				"tags":          []string{"tokentui-demo"},
			}}
		h := http.Header{
			"Authorization":       {"ApiKey " + token}, // as stored, not re-encoded
			"Elastic-Api-Version": {FleetServerAPIVersion},
			"Kbn-Xsrf":            {"1"},
			"X-Request-Id":        {uuid4()},
		}
		if err := c.JSON(ctx, transport.Request{Method: "POST", Path: "/api/fleet/agents/enroll", Body: body, Header: h}, &resp); err != nil {
			return "", refused(err)
		}
		// What the agent itself requires of the answer.
		switch {
		case resp.Item.ID == "":
			return "", errors.New("missing ID")
		case resp.Item.Type == "":
			return "", errors.New("missing enrollment type")
		case resp.Item.AccessAPIKey == "":
			return "", errors.New("access api key is missing")
		}
		return fmt.Sprintf("%s: agent %s in policy %s (its access API key %s stays secret)", resp.Action, resp.Item.ID, resp.Item.PolicyID, resp.Item.AccessAPIKeyID), nil
	}); err != nil {
		return Result{}, err
	}
	policy := resp.Item.PolicyID
	summary := fmt.Sprintf("agent %s (%s) enrolled into policy %s", resp.Item.ID, host, policy)
	if kib != nil {
		if _, err := r.step("Kibana's view", func() (string, error) {
			agents, _, err := kib.Agents(ctx, policy, 100)
			if err != nil {
				return "", fmt.Errorf("unknown (%v); check Fleet → Agents", err)
			}
			found := false
			for _, a := range agents {
				found = found || a.ID == resp.Item.ID
			}
			if !found {
				//lint:ignore ST1005 it starts with a proper noun
				return "", errors.New("Kibana does not list the new agent")
			}
			msg := "Kibana lists the agent"
			if pols, err := kib.Policies(ctx); err == nil {
				for _, p := range pols {
					if p.ID == policy {
						summary = fmt.Sprintf("agent %s (%s) enrolled into policy %q", resp.Item.ID, host, p.Name)
						if p.HasAgentCount {
							msg += fmt.Sprintf("; policy %q now has %d agents", p.Name, p.Agents)
						}
						if n, err := kib.Collectors(ctx, policy); err == nil && n > 0 {
							msg += fmt.Sprintf(", %d of them OpenTelemetry Collectors (they lose access if this token is revoked)", n)
						}
					}
				}
			}
			return msg, nil
		}); err != nil {
			return Result{}, err // the enrollment is not seen where it must show
		}
	}
	r.report(Step{Title: "Result", Detail: summary, Done: true})
	return Result{Summary: summary}, nil
}

// agentVersion is the version the made-up agent claims: Fleet Server's
// own (an agent may not be newer), else Kibana's, else the oldest one
// Fleet Server accepts.
func (r *runner) agentVersion(ctx context.Context, serverURL, token string, kib *fleet.Client) string {
	c, err := transport.New(transport.Config{BaseURL: serverURL, CACertPEM: r.env.CACertPEM, Timeout: r.env.Timeout,
		MaxTries: 1, Trail: r.env.Trail, Auth: transport.APIKey{Key: token}})
	if err == nil {
		var st struct {
			Version struct {
				Number string `json:"number"`
			} `json:"version"`
		}
		if c.JSON(ctx, transport.Request{Method: "GET", Path: "/api/status"}, &st) == nil && st.Version.Number != "" {
			return strings.TrimSuffix(st.Version.Number, "-SNAPSHOT")
		}
	}
	if kib != nil {
		if v, err := kib.KibanaVersion(ctx); err == nil {
			return v
		}
	}
	// The oldest version Fleet Server accepts: no server refuses it.
	return "7.13.0"
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func uuid4() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// fleetServer decodes the Fleet token, finds the demo's Fleet Server
// (FLEET_SERVER_URL, else Kibana's default host) and checks it is the
// demo: the first steps of an agent's and a collector's enrollment. kib
// is nil without KIBANA_URL.
func (r *runner) fleetServer(ctx context.Context, token string) (*fleet.Client, string, error) {
	if _, err := r.step("Decode the token", func() (string, error) {
		id, _, err := fleetKey(token)
		return "API key id " + id, err
	}); err != nil {
		return nil, "", err
	}
	var kib *fleet.Client
	if r.env.KibanaURL != "" {
		if err := r.checkURL(ctx, "Kibana", r.env.KibanaURL); err != nil {
			return nil, "", err
		}
		var err error
		kib, err = fleet.New(fleet.Config{Transport: transport.Config{BaseURL: r.env.KibanaURL, Auth: r.env.KibanaAuth,
			CACertPEM: r.env.CACertPEM, Timeout: r.env.Timeout, MaxTries: 1, Trail: r.env.Trail}})
		if err != nil {
			return nil, "", err
		}
	}
	serverURL := r.env.FleetServerURL
	if _, err := r.step("Find Fleet Server", func() (string, error) {
		if serverURL != "" {
			return shownURL(serverURL), nil
		}
		if kib == nil {
			return "", errors.New("no Fleet Server URL: set FLEET_SERVER_URL (demo serve prints it) or KIBANA_URL")
		}
		hosts, err := kib.Hosts(ctx)
		if err != nil {
			return "", err
		}
		for _, h := range hosts {
			if h.Default && len(h.URLs) > 0 {
				serverURL = h.URLs[0]
				return serverURL + " (Kibana's default Fleet Server host)", nil
			}
		}
		//lint:ignore ST1005 it starts with a proper noun
		return "", errors.New("Kibana has no default Fleet Server host")
	}); err != nil {
		return nil, "", err
	}
	if _, err := r.step("Check Fleet Server is the demo", func() (string, error) {
		return "loopback, certificate signed by the demo CA", r.checkURL(ctx, "Fleet Server", serverURL)
	}); err != nil {
		return nil, "", err
	}
	return kib, serverURL, nil
}
