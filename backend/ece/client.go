// Package ece manages Elastic Cloud Enterprise roles tokens (the API's
// "enrollment tokens") as ecctl platform enrollment-token does.
package ece

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd/quote"
	"github.com/tokentui/tokentui/backend/transport"
)

// Roles are the roles a token can carry (contract §7).
var Roles = backend.ECERoles

// Config of the client. Transport.Auth is an APIKey (sent as issued); or
// leave it nil and set Username and Password to log in as ecctl does.
type Config struct {
	Transport          transport.Config
	Username, Password string
	Region             string // "" = the path without a region segment
	Now                func() time.Time
}

// Client is the ECE tab's backend.Service.
type Client struct {
	tr  *transport.Client
	cfg Config

	loginMu sync.Mutex // one login at a time

	secrets   backend.RunSecrets // of the tokens made in this run
	mu        sync.Mutex
	ephemeral []backend.Token // ephemeral tokens made in this run
}

var _ backend.Service = (*Client)(nil)

// New builds a client; nothing is sent until a call.
func New(cfg Config) (*Client, error) {
	if cfg.Transport.Auth == nil && (cfg.Username == "" || cfg.Password == "") {
		return nil, errors.New("ECE needs an API key, or a username and password")
	}
	tr, err := transport.New(cfg.Transport)
	if err != nil {
		return nil, err
	}
	tr.Redactor().Add(cfg.Password)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Client{tr: tr, cfg: cfg}, nil
}

// System is backend.ECE.
func (c *Client) System() backend.System { return backend.ECE }

// Transport is the underlying transport client.
func (c *Client) Transport() *transport.Client { return c.tr }

func (c *Client) tokensPath() string {
	p := "/api/v1"
	if c.cfg.Region != "" {
		p += "/regions/" + url.PathEscape(c.cfg.Region)
	}
	return p + "/platform/configuration/security/enrollment-tokens"
}

// login gets a bearer token (POST /api/v1/users/auth/_login).
func (c *Client) login(ctx context.Context) error {
	var resp struct {
		Token string `json:"token"`
	}
	err := c.tr.JSON(ctx, transport.Request{Method: "POST", Path: "/api/v1/users/auth/_login", NoAuth: true,
		Body: map[string]string{"username": c.cfg.Username, "password": c.cfg.Password}}, &resp)
	if err != nil {
		return fmt.Errorf("logging in to ECE as %s: %w", c.cfg.Username, err)
	}
	if resp.Token == "" {
		return errors.New("logging in to ECE: the answer has no token")
	}
	c.tr.SetAuth(transport.Bearer{Token: resp.Token})
	return nil
}

// do sends a request, logging in first when needed; a 401 with a login
// session logs in again once (the request was refused, not processed, so
// sending it again cannot duplicate anything).
func (c *Client) do(ctx context.Context, req transport.Request, out any) error {
	usesLogin := c.cfg.Transport.Auth == nil
	if usesLogin {
		c.loginMu.Lock()
		if c.tr.AuthKind() == "" {
			if err := c.login(ctx); err != nil {
				c.loginMu.Unlock()
				return err
			}
		}
		c.loginMu.Unlock()
	}
	err := c.tr.JSON(ctx, req, out)
	if usesLogin && transport.IsStatus(err, http.StatusUnauthorized) {
		c.loginMu.Lock()
		lerr := c.login(ctx)
		c.loginMu.Unlock()
		if lerr != nil {
			return lerr
		}
		err = c.tr.JSON(ctx, req, out)
	}
	return err
}

// CheckRoles validates a role list: at least one, each known, no repeats.
func CheckRoles(roles []string) error {
	if len(roles) == 0 {
		return &backend.InvalidInputError{Field: "roles", Reason: "choose at least one role of " + strings.Join(Roles, ", ")}
	}
	for i, r := range roles {
		if !slices.Contains(Roles, r) {
			return &backend.InvalidInputError{Field: "roles", Reason: fmt.Sprintf("unknown role %q: the roles are %s", r, strings.Join(Roles, ", "))}
		}
		if slices.Contains(roles[:i], r) {
			return &backend.InvalidInputError{Field: "roles", Reason: fmt.Sprintf("role %q is given twice", r)}
		}
	}
	return nil
}

// CheckValidity validates an ephemeral token's lifetime (0 = persistent).
func CheckValidity(d time.Duration) error {
	switch {
	case d < 0:
		return &backend.InvalidInputError{Field: "validity", Reason: "must be positive, like 90m or 2h (or persistent)"}
	case d > 0 && d < time.Second:
		return &backend.InvalidInputError{Field: "validity", Reason: "must be at least one second"}
	case d.Seconds() > math.MaxInt32:
		return &backend.InvalidInputError{Field: "validity", Reason: fmt.Sprintf("validity value %d exceeds max allowed %d value in seconds", int64(d.Seconds()), math.MaxInt32)}
	}
	return nil
}

// ValidateSpec checks a create spec as Create does, field by field.
func ValidateSpec(spec backend.CreateSpec) []*backend.InvalidInputError {
	return backend.Problems(checkSpecRoles(&spec), CheckValidity(spec.Validity))
}

// ValidateSpec makes the client a backend.SpecValidator.
func (c *Client) ValidateSpec(spec backend.CreateSpec) []*backend.InvalidInputError {
	return ValidateSpec(spec)
}

type createRequest struct {
	Persistent bool     `json:"persistent"`
	Roles      []string `json:"roles"`
	Validity   int64    `json:"validity_in_seconds,omitempty"`
}

// Create asks for a roles token: persistent when spec.Validity is 0,
// otherwise ephemeral for that long.
func (c *Client) Create(ctx context.Context, spec backend.CreateSpec) (backend.Created, error) {
	if err := checkSpecRoles(&spec); err != nil {
		return backend.Created{}, err
	}
	if err := CheckValidity(spec.Validity); err != nil {
		return backend.Created{}, err
	}
	body := createRequest{Persistent: spec.Validity == 0, Roles: spec.Roles, Validity: int64(spec.Validity / time.Second)}
	var resp struct {
		Token   string `json:"token"`
		TokenID string `json:"token_id"`
	}
	if err := c.do(ctx, transport.Request{Method: "POST", Path: c.tokensPath(), Body: body}, &resp); err != nil {
		if transport.MayHaveHappened(err) {
			return backend.Created{}, &backend.MaybeCreatedError{System: backend.ECE, Err: err}
		}
		return backend.Created{}, err
	}
	c.tr.Redactor().Add(resp.Token) // before anything can print it
	// The contract's answer: token always, token_id for a persistent one.
	if resp.Token == "" || (body.Persistent && resp.TokenID == "") {
		return backend.Created{}, &backend.MaybeCreatedError{System: backend.ECE,
			Err: errors.New("creating the roles token: the answer has no token or no token_id")}
	}
	now := c.cfg.Now()
	t := backend.Token{System: backend.ECE, ID: resp.TokenID, Roles: append([]string(nil), spec.Roles...),
		Persistent: body.Persistent, Status: backend.Active, Created: now}
	secret := backend.NewSecret(resp.Token)
	c.mu.Lock()
	defer c.mu.Unlock()
	if !t.Persistent {
		// No token_id: name it by a hash of the token, which tells nothing
		// of the token itself.
		sum := sha256.Sum256([]byte(resp.Token))
		t.ID = "ephemeral-" + hex.EncodeToString(sum[:4])
		t.SessionOnly = true
		t.Expires = now.Add(spec.Validity)
		c.ephemeral = append(c.ephemeral, t)
	}
	c.secrets.Keep(t.ID, secret)
	return backend.Created{Token: t, Secret: secret, OnlyOnce: true}, nil
}

type listJSON struct {
	Tokens *[]struct {
		TokenID string   `json:"token_id"`
		Roles   []string `json:"roles"`
	} `json:"tokens"`
}

// listed reads the server's list: every element must have a token_id, and
// at most backend.MaxTokens are held.
func (c *Client) listed(ctx context.Context) (listJSON, error) {
	var resp listJSON
	if err := c.do(ctx, transport.Request{Method: "GET", Path: c.tokensPath()}, &resp); err != nil {
		return resp, err
	}
	if resp.Tokens == nil {
		// Constant text: nothing to redact.
		return resp, &transport.Error{Kind: transport.KindMalformed, Method: "GET", Path: c.tokensPath(),
			Reason: "the answer has no tokens list"}
	}
	if len(*resp.Tokens) > backend.MaxTokens {
		return resp, &backend.LimitError{What: "roles tokens", Limit: backend.MaxTokens}
	}
	return resp, nil
}

// List returns the persistent tokens the server lists and the ephemeral
// tokens made in this run (which the server never lists).
func (c *Client) List(ctx context.Context) ([]backend.Token, error) {
	resp, err := c.listed(ctx)
	if err != nil {
		return nil, err
	}
	now := c.cfg.Now()
	out := make([]backend.Token, 0, len(*resp.Tokens))
	c.mu.Lock()
	for i := len(c.ephemeral) - 1; i >= 0; i-- {
		t := c.ephemeral[i]
		t.Status = backend.StatusAt(false, t.Expires, now)
		out = append(out, t)
	}
	c.mu.Unlock()
	for _, t := range *resp.Tokens {
		roles := t.Roles
		if roles == nil {
			roles = []string{}
		}
		out = append(out, backend.Token{System: backend.ECE, ID: t.TokenID, Roles: roles, Persistent: true, Status: backend.Active})
	}
	return out, nil
}

// Secret returns a token made in this run; ECE never returns it again.
func (c *Client) Secret(_ context.Context, id string) (backend.Secret, error) {
	return c.secrets.Secret(backend.ECE, id)
}

// Revoke deletes a persistent token; ephemeral ones cannot be revoked.
func (c *Client) Revoke(ctx context.Context, id string) error {
	c.mu.Lock()
	for _, t := range c.ephemeral {
		if t.ID == id {
			c.mu.Unlock()
			return &backend.InvalidInputError{Reason: fmt.Sprintf("ECE cannot revoke ephemeral tokens; %s expires by itself at %s", id, t.Expires.Format(time.RFC3339))}
		}
	}
	c.mu.Unlock()
	if strings.TrimSpace(id) == "" {
		return &backend.InvalidInputError{Field: "token", Reason: "token cannot be empty"}
	}
	check := "run `" + backend.ECE.ListCommand() + "`: a deleted token is no longer listed"
	// A delete is idempotent in effect: one list settles an answer that
	// was lost or not the contract's JSON object.
	var resp json.RawMessage
	var uncertain error // a lost or unreadable answer
	if err := c.do(ctx, transport.Request{Method: "DELETE", Path: c.tokensPath() + "/" + url.PathEscape(id)}, &resp); err != nil {
		if !transport.MayHaveHappened(err) {
			return err
		}
		uncertain = err
	} else if b := bytes.TrimSpace(resp); len(b) == 0 || b[0] != '{' { // the contract's EmptyResponse is {}
		uncertain = errors.New("the server answered without the JSON object of a delete")
	}
	after, err := c.listed(ctx)
	if err != nil {
		return &backend.OutcomeUnknownError{Op: "delete", ID: id, Check: check, Err: backend.ReadBackFailed(uncertain, err)}
	}
	for _, t := range *after.Tokens {
		if t.TokenID == id {
			return &backend.NotRevokedError{System: backend.ECE, ID: id, State: "still listed", Err: uncertain}
		}
	}
	c.secrets.Forget(id)
	return nil
}

// EnrollCommand is the ECE installer command for a new host.
func (c *Client) EnrollCommand(_ context.Context, t backend.Token, secret backend.Secret) (backend.Secret, error) {
	return EnrollCommandFor(c.tr.BaseURL().Hostname(), t.Roles, secret)
}

// EnrollCommandFor builds the installer command; every value is checked
// or quoted for a POSIX shell (roles come from the server).
func EnrollCommandFor(coordinator string, roles []string, secret backend.Secret) (backend.Secret, error) {
	if err := quote.Token("the roles token", secret.Reveal()); err != nil {
		return backend.Secret{}, err
	}
	cmd := "bash elastic-cloud-enterprise.sh install --coordinator-host " + quote.Sh(coordinator) +
		" --roles-token '" + secret.Reveal() + "'"
	if len(roles) > 0 {
		cmd += " --roles " + quote.Sh(strings.Join(roles, ","))
	}
	return backend.NewSecret(cmd), nil
}
