package fleet

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/transport"
)

// Agent is an enrolled Elastic Agent as Kibana lists it.
type Agent struct {
	ID, PolicyID, Status, Hostname, Version string
	// OS is local_metadata.os.platform (e.g. "ubuntu", "windows",
	// "darwin"), or the OS family when the platform is missing.
	OS string
}

type agentJSON struct {
	ID            string `json:"id"`
	PolicyID      string `json:"policy_id"`
	Status        string `json:"status"`
	LocalMetadata struct {
		Host struct {
			Hostname string `json:"hostname"`
		} `json:"host"`
		OS struct {
			Platform string `json:"platform"`
			Family   string `json:"family"`
		} `json:"os"`
		Elastic struct {
			Agent struct {
				Version string `json:"version"`
			} `json:"agent"`
		} `json:"elastic"`
	} `json:"local_metadata"`
}

// Agents lists up to perPage agents of a policy (newest enrollment first)
// and the total Kibana counts (GET /api/fleet/agents).
func (c *Client) Agents(ctx context.Context, policyID string, perPage int) ([]Agent, int, error) {
	if perPage <= 0 {
		perPage = 20
	}
	q := url.Values{"page": {"1"}, "perPage": {strconv.Itoa(perPage)}, "showInactive": {"true"}}
	if policyID != "" {
		q.Set("kuery", Filter{PolicyID: policyID}.Query())
	}
	var resp struct {
		Items []agentJSON `json:"items"`
		Total int         `json:"total"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: c.path("/api/fleet/agents"), Query: q}, &resp); err != nil {
		return nil, 0, err
	}
	out := make([]Agent, 0, len(resp.Items))
	for _, a := range resp.Items {
		md := a.LocalMetadata
		os := md.OS.Platform
		if os == "" {
			os = md.OS.Family
		}
		out = append(out, Agent{ID: a.ID, PolicyID: a.PolicyID, Status: a.Status, Hostname: md.Host.Hostname,
			Version: md.Elastic.Agent.Version, OS: os})
	}
	return out, resp.Total, nil
}

// KibanaVersion is the version Kibana reports on GET /api/status, without
// a -SNAPSHOT suffix: the agent version Kibana's install instructions
// download.
func (c *Client) KibanaVersion(ctx context.Context) (string, error) {
	var resp struct {
		Version struct {
			Number string `json:"number"`
		} `json:"version"`
	}
	// /api/status is global: no space prefix.
	if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: "/api/status"}, &resp); err != nil {
		return "", err
	}
	v := strings.TrimSuffix(resp.Version.Number, "-SNAPSHOT")
	if v == "" {
		//lint:ignore ST1005 it starts with a proper noun
		return "", errors.New("Kibana's status gives no version (it answers the full status only to an authenticated user)")
	}
	return v, nil
}

// Token reads one token with its secret (GET …/enrollment_api_keys/{id}).
func (c *Client) Token(ctx context.Context, id string) (backend.Token, backend.Secret, error) {
	var resp struct {
		Item itemJSON `json:"item"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: c.path(keysPath + "/" + url.PathEscape(id))}, &resp); err != nil {
		return backend.Token{}, backend.Secret{}, err
	}
	if resp.Item.APIKey == "" {
		return backend.Token{}, backend.Secret{}, errors.New("the server returned the token without its secret")
	}
	c.tr.Redactor().Add(resp.Item.APIKey)
	c.mu.Lock()
	policies := c.policies
	c.mu.Unlock()
	return toToken(resp.Item, policies, c.cfg.Now()), backend.NewSecret(resp.Item.APIKey), nil
}
