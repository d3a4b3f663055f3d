// Package elasticsearch manages Elasticsearch node and Kibana enrollment
// tokens: it assembles them exactly as bin/elasticsearch-create-enrollment-token
// does (an API key, the node's addresses and version, the HTTP CA
// fingerprint), lists and invalidates their API keys, and encodes, decodes
// and validates tokens. It talks through go-elasticsearch on tokentui's
// transport.
package elasticsearch

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd/quote"
	"github.com/tokentui/tokentui/backend/parallel"
	"github.com/tokentui/tokentui/backend/transport"
)

// KeyNamePrefix is the name every enrollment API key starts with.
const KeyNamePrefix = "enrollment_token_API_key_"

// KeyExpiration is the lifetime of an enrollment key, as the official tool.
const KeyExpiration = "30m"

// Actions maps a scope to the cluster action its key grants.
var Actions = map[string]string{
	"node":   "cluster:admin/xpack/security/enroll/node",
	"kibana": "cluster:admin/xpack/security/enroll/kibana",
}

// Config of the client.
type Config struct {
	Transport transport.Config
	// Fingerprint, when set, is the token's fgr (the HTTP CA's SHA-256):
	// it wins over the CA file and over the chain the server presents.
	Fingerprint string
	Resolver    Resolver         // default net.DefaultResolver
	Now         func() time.Time // default time.Now
	// WaitReady is how long a create waits for a cluster that is not
	// ready (refused connections, 503): 0 = the transport's timeout
	// (default 30s), < 0 = no waiting. ReadyPause is the first pause
	// between tries (default 1s; it doubles, up to 8s).
	WaitReady, ReadyPause time.Duration
	// Notify, when set, hears progress worth telling the user ("the
	// cluster is not ready, trying again in 2s").
	Notify func(string)
}

// Client is the Elasticsearch tab's backend.Service.
type Client struct {
	tr  *transport.Client
	cfg Config

	secrets backend.RunSecrets // token strings made in this run, by key id

	mu      sync.Mutex
	genuine bool // a 2xx answer carried X-Elastic-Product (esclient.go)
}

var _ backend.Service = (*Client)(nil)

// New builds a client; nothing is sent until a call.
func New(cfg Config) (*Client, error) {
	tr, err := transport.New(cfg.Transport)
	if err != nil {
		return nil, err
	}
	if cfg.Resolver == nil {
		cfg.Resolver = net.DefaultResolver
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Fingerprint != "" {
		if cfg.Fingerprint, err = transport.NormalizeFingerprint(cfg.Fingerprint); err != nil {
			return nil, err
		}
	}
	return &Client{tr: tr, cfg: cfg}, nil
}

// System is backend.Elasticsearch.
func (c *Client) System() backend.System { return backend.Elasticsearch }

// NeedUserError says a create was refused before trying because only an
// API key is configured.
type NeedUserError struct{}

func (NeedUserError) Error() string {
	return "creating an enrollment token needs a user, not an API key: Elasticsearch refuses to create an API key " +
		"with privileges from an API key. Configure a username and password (or a bearer token) of a user " +
		"with the manage_security privilege (for example ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD)"
}

// RedClusterError is the health gate of the official tool.
type RedClusterError struct{}

func (RedClusterError) Error() string {
	return "cluster health is RED, so no token was created (as the official tool refuses); force it to create one anyway (-f, or Force in the form)"
}

type healthResponse struct {
	Status string `json:"status"`
}

type nodesResponse struct {
	Nodes map[string]struct {
		Version string `json:"version"`
		HTTP    struct {
			BoundAddress   []string `json:"bound_address"`
			PublishAddress string   `json:"publish_address"`
		} `json:"http"`
	} `json:"nodes"`
}

// Create makes a node or kibana enrollment token, as the official tool:
// health gate, API key with the scope's enroll action and 30 m expiry, the
// node's addresses and version, the HTTP CA fingerprint.
func (c *Client) Create(ctx context.Context, spec backend.CreateSpec) (backend.Created, error) {
	action, ok := Actions[spec.Scope]
	if !ok {
		return backend.Created{}, &backend.InvalidInputError{Field: "scope", Reason: "the scope of an enrollment token can only be one of [node, kibana]"}
	}
	switch c.tr.AuthKind() {
	case "apikey", "":
		return backend.Created{}, NeedUserError{}
	}
	if err := CheckHTTPS(c.tr.BaseURL().String()); err != nil {
		return backend.Created{}, err
	}

	// The health check and the node info do not depend on each other; the
	// key is created only once both passed, so a refusal leaves no key. A
	// starting cluster is waited for (reads only).
	health, nodes, hErr, nErr := c.readState(ctx)
	if hErr != nil {
		return backend.Created{}, fmt.Errorf("checking cluster health: %w", hErr)
	}
	switch strings.ToLower(health.Status) {
	case "":
		return backend.Created{}, errors.New("checking cluster health: the cluster health API did not return a status value")
	case "red":
		if !spec.Force {
			return backend.Created{}, RedClusterError{}
		}
	}
	if nErr != nil {
		return backend.Created{}, fmt.Errorf("reading the node's HTTP addresses: %w", nErr)
	}
	version, addrs, err := c.nodeAddresses(ctx, nodes)
	if err != nil {
		return backend.Created{}, err
	}
	fgr, err := c.fingerprint()
	if err != nil {
		return backend.Created{}, err
	}

	name := KeyNamePrefix + randomID()
	body, _ := json.Marshal(map[string]any{
		"name":             name,
		"expiration":       KeyExpiration,
		"role_descriptors": map[string]any{"create_enrollment_token": map[string]any{"cluster": []string{action}}},
	})
	var key struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		APIKey     string `json:"api_key"`
		Expiration int64  `json:"expiration"`
	}
	// Not idempotent, never retried: a second try would make a second key.
	if err := c.callJSON(ctx, esRequest{Method: "PUT", Path: "/_security/api_key", Body: body}, &key); err != nil {
		if transport.MayHaveHappened(err) {
			err = &backend.MaybeCreatedError{System: backend.Elasticsearch, Err: err}
		}
		return backend.Created{}, fmt.Errorf("creating the enrollment API key: %w", err)
	}
	// The encoded form authenticates as well (contract: the answer's
	// "encoded" is base64 of id:api_key), whether or not it was sent.
	c.tr.Redactor().Add(key.APIKey, base64.StdEncoding.EncodeToString([]byte(key.ID+":"+key.APIKey)))
	// The contract's answer has the id, the name sent and the api_key.
	if key.ID == "" || key.APIKey == "" || key.Name != name {
		return backend.Created{}, fmt.Errorf("creating the enrollment API key: %w", &backend.MaybeCreatedError{System: backend.Elasticsearch,
			Err: errors.New("the answer is not the created key (no id, api_key or name)")})
	}
	token, err := EnrollmentToken{Version: version, Addresses: addrs, Fingerprint: fgr, Key: key.ID + ":" + key.APIKey}.Encode()
	if err != nil {
		return backend.Created{}, err
	}
	secret := backend.NewSecret(token)
	c.tr.Redactor().Add(token)
	c.secrets.Keep(key.ID, secret)
	now := c.cfg.Now()
	t := backend.Token{System: backend.Elasticsearch, ID: key.ID, Name: name, Scope: spec.Scope, Status: backend.Active, Created: now}
	if key.Expiration > 0 {
		t.Expires = time.UnixMilli(key.Expiration)
	} else {
		t.Expires = now.Add(30 * time.Minute)
	}
	return backend.Created{Token: t, Secret: secret, OnlyOnce: true}, nil
}

func (c *Client) nodeAddresses(ctx context.Context, nodes nodesResponse) (string, []string, error) {
	if len(nodes.Nodes) == 0 {
		return "", nil, errors.New("reading the node's HTTP addresses: the answer lists no node")
	}
	ids := make([]string, 0, len(nodes.Nodes))
	for id := range nodes.Nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids) // _local names one node; be deterministic if more came back
	n := nodes.Nodes[ids[0]]
	if n.Version == "" {
		return "", nil, errors.New("reading the node's HTTP addresses: could not retrieve the version")
	}
	addrs, err := SelectAddresses(ctx, c.cfg.Resolver, n.HTTP.BoundAddress, n.HTTP.PublishAddress)
	if err != nil {
		if errors.Is(err, ErrNoAddresses) {
			return "", nil, fmt.Errorf("no bound addresses found in response from calling GET %s/_nodes/_local/http", c.tr.BaseURL())
		}
		return "", nil, err
	}
	return n.Version, addrs, nil
}

// fingerprint is the token's fgr: configured, else the CA file's CA (the
// one that issued the server's leaf when the file holds several), else the
// leaf's issuer in the chain the server presented (contract §4.3).
func (c *Client) fingerprint() (string, error) {
	if c.cfg.Fingerprint != "" {
		return c.cfg.Fingerprint, nil
	}
	chain := c.tr.PeerChain()
	if pem := c.cfg.Transport.CACertPEM; len(pem) > 0 {
		cas, err := transport.ParseCertificates(pem)
		if err != nil {
			return "", err
		}
		if len(cas) == 1 {
			return transport.Fingerprint(cas[0]), nil
		}
		if len(chain) > 0 {
			for _, ca := range cas {
				if chain[0].CheckSignatureFrom(ca) == nil {
					return transport.Fingerprint(ca), nil
				}
			}
		}
	}
	if len(chain) >= 2 {
		return transport.Fingerprint(chain[1]), nil
	}
	return "", errors.New("cannot work out the HTTP CA fingerprint: the server presented no CA certificate in its chain; " +
		"set the CA fingerprint (ca_fingerprint) or the CA certificate file (ca_cert)")
}

func randomID() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

type apiKeyJSON struct {
	ID              string                     `json:"id"`
	Name            string                     `json:"name"`
	Creation        int64                      `json:"creation"`
	Expiration      int64                      `json:"expiration"`
	Invalidated     bool                       `json:"invalidated"`
	Invalidation    int64                      `json:"invalidation"`
	Username        string                     `json:"username"`
	Realm           string                     `json:"realm"`
	RoleDescriptors map[string]json.RawMessage `json:"role_descriptors"`
}

// List returns every enrollment API key (active, expired and revoked),
// newest first. A user who may list only their own keys gets those.
func (c *Client) List(ctx context.Context) ([]backend.Token, error) {
	var resp struct {
		APIKeys []apiKeyJSON `json:"api_keys"`
	}
	req := esRequest{Method: "GET", Path: "/_security/api_key", Query: url.Values{"name": {KeyNamePrefix + "*"}}}
	err := c.callJSON(ctx, req, &resp)
	var te *transport.Error
	if errors.As(err, &te) && te.Status == http.StatusForbidden && strings.Contains(te.Reason, "api_key/get") {
		// manage_own_api_key alone may list only with owner=true.
		req.Query.Set("owner", "true")
		err = c.callJSON(ctx, req, &resp)
	}
	if err != nil {
		return nil, err
	}
	if resp.APIKeys == nil { // {} or null is not "no keys": api_keys is [] then
		// Constant text: nothing to redact.
		return nil, &transport.Error{Kind: transport.KindMalformed, Method: "GET", Path: "/_security/api_key",
			Reason: "the answer has no api_keys list"}
	}
	if len(resp.APIKeys) > backend.MaxTokens {
		return nil, &backend.LimitError{What: "enrollment API keys", Limit: backend.MaxTokens,
			Hint: "revoked keys stay listed until Elasticsearch deletes them; revoke fewer at a time or wait for their retention period"}
	}
	now := c.cfg.Now()
	out := make([]backend.Token, 0, len(resp.APIKeys))
	for _, k := range resp.APIKeys {
		out = append(out, toToken(k, now))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, nil
}

func toToken(k apiKeyJSON, now time.Time) backend.Token {
	t := backend.Token{System: backend.Elasticsearch, ID: k.ID, Name: k.Name, Scope: scopeOf(k.RoleDescriptors)}
	if k.Creation > 0 {
		t.Created = time.UnixMilli(k.Creation)
	}
	if k.Expiration > 0 {
		t.Expires = time.UnixMilli(k.Expiration)
	}
	if k.Invalidation > 0 {
		t.Revoked = time.UnixMilli(k.Invalidation)
	}
	t.Owner = k.Username
	if k.Realm != "" {
		t.Owner += " (" + k.Realm + ")"
	}
	t.Status = backend.StatusAt(k.Invalidated, t.Expires, now)
	return t
}

// scopeOf reads the scope from the create_enrollment_token descriptor.
func scopeOf(rds map[string]json.RawMessage) string {
	var rd struct {
		Cluster []string `json:"cluster"`
	}
	if json.Unmarshal(rds["create_enrollment_token"], &rd) != nil {
		return ""
	}
	for _, a := range rd.Cluster {
		for scope, action := range Actions {
			if a == action {
				return scope
			}
		}
	}
	return ""
}

// Secret returns a token made in this run; Elasticsearch never returns an
// API key's secret twice.
func (c *Client) Secret(_ context.Context, id string) (backend.Secret, error) {
	return c.secrets.Secret(backend.Elasticsearch, id)
}

// NotFoundError is a revoke of a key that does not exist.
type NotFoundError struct{ ID string }

func (e NotFoundError) Error() string { return "no enrollment API key with id " + e.ID }
func (e NotFoundError) Is(target error) bool {
	return target == backend.ErrNotFound
}

// Revoke invalidates the key. Invalidating an already invalidated key
// succeeds; an unknown id is a NotFoundError. Success is returned only when
// reading the key back shows it invalidated. As an invalidation is
// idempotent, that one read also settles an answer that was lost or not the
// contract's (the id in invalidated_api_keys or
// previously_invalidated_api_keys, or both lists empty for a key
// invalidated before): revoked, NOT revoked, or unknown when the read fails.
func (c *Client) Revoke(ctx context.Context, id string) error {
	check := "run `" + backend.Elasticsearch.ListCommand() + "`: a revoked key shows as revoked"
	unknown := func(err error) error {
		return &backend.OutcomeUnknownError{Op: "revoke", ID: id, Check: check, Err: err}
	}
	body, _ := json.Marshal(map[string]any{"ids": []string{id}})
	var resp struct {
		Invalidated *[]string `json:"invalidated_api_keys"`
		Previously  *[]string `json:"previously_invalidated_api_keys"`
		ErrorCount  int       `json:"error_count"`
		Details     []struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		} `json:"error_details"`
	}
	var uncertain error // a lost or unreadable answer
	named := false      // the answer names the key as invalidated
	if err := c.callJSON(ctx, esRequest{Method: "DELETE", Path: "/_security/api_key", Body: body}, &resp); err != nil {
		if !transport.MayHaveHappened(err) {
			return err
		}
		uncertain = err
	} else if resp.ErrorCount > 0 {
		reason := "unknown error"
		if len(resp.Details) > 0 {
			reason = resp.Details[0].Type + ": " + resp.Details[0].Reason
		}
		return fmt.Errorf("invalidating API key %s failed: %s", id, c.tr.Redactor().Redact(reason))
	} else if resp.Invalidated == nil || resp.Previously == nil {
		uncertain = errors.New("the server answered without the invalidated_api_keys and previously_invalidated_api_keys of an invalidation")
	} else {
		named = slices.Contains(*resp.Invalidated, id) || slices.Contains(*resp.Previously, id)
		if !named && len(*resp.Invalidated)+len(*resp.Previously) > 0 {
			uncertain = errors.New("the server reported invalidating other keys, not this one")
		}
	}
	// One read confirms the state; when both lists were empty it also tells
	// an unknown id from a key invalidated before.
	var after struct {
		APIKeys []apiKeyJSON `json:"api_keys"`
	}
	err := c.callJSON(ctx, getAPIKeyByID(id), &after)
	var key *apiKeyJSON
	for i := range after.APIKeys {
		if after.APIKeys[i].ID == id {
			key = &after.APIKeys[i]
		}
	}
	switch {
	case named && errors.Is(err, backend.ErrNotFound):
		// invalidated and already removed: it can enroll nothing
	case !named && (errors.Is(err, backend.ErrNotFound) || (err == nil && len(after.APIKeys) == 0)):
		// Invalidated keys stay listed for days: no key has this id.
		return NotFoundError{ID: id}
	case err != nil:
		return unknown(backend.ReadBackFailed(uncertain, err))
	case key == nil:
		return unknown(backend.ReadBackFailed(uncertain, errors.New("it did not return the key")))
	case !key.Invalidated:
		return &backend.NotRevokedError{System: backend.Elasticsearch, ID: id, State: "still active", Err: uncertain}
	}
	c.secrets.Forget(id)
	return nil
}

// EnrollCommand is the command that consumes the token.
func (c *Client) EnrollCommand(_ context.Context, t backend.Token, secret backend.Secret) (backend.Secret, error) {
	return EnrollCommandFor(t.Scope, secret)
}

// EnrollCommandFor builds the consuming command for a scope.
func EnrollCommandFor(scope string, secret backend.Secret) (backend.Secret, error) {
	if err := quote.Token("the enrollment token", secret.Reveal()); err != nil {
		return backend.Secret{}, err
	}
	switch scope {
	case "node":
		return backend.NewSecret("bin/elasticsearch --enrollment-token " + quote.Sh(secret.Reveal())), nil
	case "kibana":
		return backend.NewSecret("bin/kibana-setup --enrollment-token " + quote.Sh(secret.Reveal())), nil
	}
	return backend.Secret{}, fmt.Errorf("no enroll command for scope %q", scope)
}

// Info is what GET / says of the cluster.
type Info struct {
	Name, ClusterName, Version string
}

// Info reads GET /.
func (c *Client) Info(ctx context.Context) (Info, error) {
	var resp struct {
		Name        string `json:"name"`
		ClusterName string `json:"cluster_name"`
		Version     struct {
			Number string `json:"number"`
		} `json:"version"`
	}
	err := c.callJSON(ctx, esRequest{Method: "GET", Path: "/"}, &resp)
	return Info{Name: resp.Name, ClusterName: resp.ClusterName, Version: resp.Version.Number}, err
}

// Whoami is what GET /_security/_authenticate says of the caller.
type Whoami struct {
	Username, Realm, AuthType string
	Roles                     []string
}

// Authenticate reads GET /_security/_authenticate.
func (c *Client) Authenticate(ctx context.Context) (Whoami, error) {
	var resp struct {
		Username string   `json:"username"`
		Roles    []string `json:"roles"`
		AuthType string   `json:"authentication_type"`
		Realm    struct {
			Name string `json:"name"`
		} `json:"authentication_realm"`
	}
	err := c.callJSON(ctx, esRequest{Method: "GET", Path: "/_security/_authenticate"}, &resp)
	return Whoami{Username: resp.Username, Realm: resp.Realm.Name, AuthType: resp.AuthType, Roles: resp.Roles}, err
}

// VerifyResult is what one address of a token answered.
type VerifyResult struct {
	Address string
	Whoami  Whoami
	Err     error
	// Leaf is the certificate the server presented there (nil when no
	// TLS handshake completed).
	Leaf *x509.Certificate
}

// Verify proves a token works without side effects: at each of its
// addresses, pinned to its fingerprint (as the consumers pin it), the key
// authenticates with GET /_security/_authenticate. (The enroll APIs would
// prove more, but enroll/kibana mints a service token on every call.)
func Verify(ctx context.Context, tok EnrollmentToken, timeout time.Duration) []VerifyResult {
	addrs, skipped := verifiable(tok.Addresses)
	out := make([]VerifyResult, len(addrs), len(addrs)+1)
	parallel.Each(len(addrs), verifyConcurrency, func(i int) {
		out[i].Address = addrs[i]
		c, err := New(Config{Transport: transport.Config{BaseURL: "https://" + addrs[i], CAFingerprint: tok.Fingerprint,
			Auth: transport.APIKey{Key: strings.TrimPrefix(tok.APIKeyHeader(), "ApiKey ")}, Timeout: timeout, MaxTries: 1}})
		if err != nil {
			out[i].Err = err
			return
		}
		out[i].Whoami, out[i].Err = c.Authenticate(ctx)
		if chain := c.tr.PeerChain(); len(chain) > 0 {
			out[i].Leaf = chain[0]
		}
	})
	if skipped != nil {
		out = append(out, *skipped)
	}
	return out
}
