// Package fleet manages Kibana Fleet enrollment tokens (enrollment API
// keys), and reads agent policies and Fleet Server hosts for the policy
// picker and the enroll command.
package fleet

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd/quote"
	"github.com/tokentui/tokentui/backend/transport"
)

// APIVersion is Fleet's public API version.
const APIVersion = "2023-10-31"

// Config of the client.
type Config struct {
	Transport   transport.Config
	Space       string // Kibana space; "" or "default" = the default space
	PageSize    int    // tokens per list page (default 1000)
	Concurrency int    // pages fetched at once after the first (default 4)
	// MaxListBytes caps the bytes of one token list, all pages together
	// (default 512 MiB); a page is capped at 4 KiB a token asked for.
	MaxListBytes int64
	Now          func() time.Time
	// DefaultExpiration is the profile's lifetime for a token created
	// without one ("" = none set): see DefaultExpiration.
	DefaultExpiration string
}

// Policy is an agent policy (the type lives in backend, so the UI can
// list policies without importing this package).
type Policy = backend.Policy

// Host is a Fleet Server host entry.
type Host struct {
	ID, Name string
	URLs     []string
	Default  bool
}

// Filter narrows a list.
type Filter struct {
	Kuery      string // KQL over the token documents (name, policy_id, active, …)
	PolicyID   string
	ActiveOnly bool
}

// Client is the Fleet tab's backend.Service.
type Client struct {
	tr  *transport.Client
	cfg Config

	mu       sync.Mutex
	policies map[string]Policy
	hosts    []Host
}

var _ backend.Service = (*Client)(nil)

// New builds a client; nothing is sent until a call.
func New(cfg Config) (*Client, error) {
	h := cfg.Transport.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("kbn-xsrf", "true") // required on every write; harmless on reads
	h.Set("Elastic-Api-Version", APIVersion)
	cfg.Transport.Header = h
	tr, err := transport.New(cfg.Transport)
	if err != nil {
		return nil, err
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 1000
	}
	if cfg.MaxListBytes <= 0 {
		cfg.MaxListBytes = maxListBytes
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Client{tr: tr, cfg: cfg}, nil
}

// System is backend.Fleet.
func (c *Client) System() backend.System { return backend.Fleet }

// inSpace names the configured Kibana space for messages: a token "not
// found" may live in another space (or the space name may be mistyped).
func (c *Client) inSpace() string {
	if c.cfg.Space != "" && c.cfg.Space != "default" {
		return fmt.Sprintf(" in space %q", c.cfg.Space)
	}
	return ""
}

func (c *Client) path(p string) string {
	if c.cfg.Space != "" && c.cfg.Space != "default" {
		return "/s/" + url.PathEscape(c.cfg.Space) + p
	}
	return p
}

const keysPath = "/api/fleet/enrollment_api_keys"

type itemJSON struct {
	ID       string `json:"id"`
	APIKeyID string `json:"api_key_id"`
	APIKey   string `json:"api_key"`
	Name     string `json:"name"`
	Active   bool   `json:"active"`
	PolicyID string `json:"policy_id"`
	Created  string `json:"created_at"`
	ExpireAt string `json:"expire_at"`
	Hidden   bool   `json:"hidden"`
}

type pageJSON struct {
	Items    []itemJSON `json:"items"`
	Total    int        `json:"total"`
	hasItems bool       // the answer had an items array (page.go)
}

// List returns every token of the space, newest first.
func (c *Client) List(ctx context.Context) ([]backend.Token, error) {
	return c.ListFiltered(ctx, Filter{})
}

// Query combines a filter into one KQL expression.
func (f Filter) Query() string {
	var parts []string
	if k := strings.TrimSpace(f.Kuery); k != "" {
		parts = append(parts, "("+k+")")
	}
	if f.PolicyID != "" {
		parts = append(parts, `policy_id:"`+strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(f.PolicyID)+`"`)
	}
	if f.ActiveOnly {
		parts = append(parts, "active:true")
	}
	return strings.Join(parts, " and ")
}

// ListFiltered fetches every page: the first tells the total, the rest
// come concurrently. The agent policies are fetched once the first page is
// in, beside the rest, to name each token's policy: a one-page list then
// makes its two requests over one connection (one TLS handshake, not two
// at once). The total is only a plan: an empty page ends the
// list, so does a page of tokens already seen, and the pages fetched and
// tokens held are capped (backend.MaxPages, backend.MaxTokens) whatever the
// server claims.
func (c *Client) ListFiltered(ctx context.Context, f Filter) ([]backend.Token, error) {
	kuery := f.Query()
	var (
		polErr error
		wg     sync.WaitGroup
	)
	left := &atomic.Int64{} // bytes the whole list may still take
	left.Store(c.cfg.MaxListBytes)
	first, err := c.page(ctx, 1, kuery, left)
	if err != nil {
		return nil, err
	}
	wg.Add(1)
	go func() { defer wg.Done(); _, polErr = c.Policies(ctx) }()
	pages := 1
	if len(first.Items) > 0 && first.Total > len(first.Items) {
		pages = first.Total/c.cfg.PageSize + min(first.Total%c.cfg.PageSize, 1)
	}
	if pages > backend.MaxPages || first.Total > backend.MaxTokens {
		wg.Wait()
		return nil, tooMany()
	}
	// Each page becomes tokens as it arrives, in its own slot of one
	// array: the decoded items (with their secrets and time strings) are
	// dropped at once, and the final list is that array compacted in
	// place, so long lists are never held twice. A page longer than asked
	// for gets its own slice (and the list a copy). Policy names are
	// filled in at the end, once the policies are known.
	now := c.cfg.Now()
	size := c.cfg.PageSize
	arena := make([]backend.Token, pages*size)
	var oversized atomic.Bool
	ids := &interner{m: map[string]string{}} // one copy of each policy id, from the first page on
	convert := func(p int, items []itemJSON) []backend.Token {
		if len(items) > size {
			oversized.Store(true)
			return pageTokens(nil, items, now, ids)
		}
		return pageTokens(arena[(p-1)*size:(p-1)*size+len(items)], items, now, ids)
	}
	results := make([][]backend.Token, pages)
	results[0] = convert(1, first.Items)
	c.putItems(first.Items)
	first.Items = nil
	errs := make([]error, pages)
	var (
		endMu sync.Mutex
		end   = pages + 1 // the first empty page: later ones are not fetched
	)
	ended := func(p int) bool { endMu.Lock(); defer endMu.Unlock(); return p >= end }
	sem := make(chan struct{}, c.cfg.Concurrency)
	for p := 2; p <= pages; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if ended(p) {
				return
			}
			pg, err := c.page(ctx, p, kuery, left)
			if err != nil {
				errs[p-1] = err
				return
			}
			if len(pg.Items) == 0 {
				endMu.Lock()
				end = min(end, p)
				endMu.Unlock()
			}
			results[p-1] = convert(p, pg.Items)
			c.putItems(pg.Items)
		}(p)
	}
	wg.Wait()
	if err := errors.Join(errs[:end-1]...); err != nil {
		return nil, err
	}
	c.mu.Lock()
	policies := c.policies
	c.mu.Unlock()
	_ = polErr // policy names are a nicety: without them the id shows
	// Sized once (growing it by doubling left garbage at the peak), and a
	// set of struct{}: a bool beside each key widened every slot by 8 bytes.
	seen := make(map[string]struct{}, max(0, first.Total))
	// In place, the write index never passes the read index: every page
	// before the one read fits in its slot.
	out := arena[:0]
	if oversized.Load() {
		out = make([]backend.Token, 0, max(0, min(first.Total, backend.MaxTokens))) // total is the server's word: bounded
	}
	for i, tokens := range results[:end-1] {
		if len(tokens) == 0 || allSeen(tokens, seen) { // the end, or a page served again
			break
		}
		for _, t := range tokens {
			if _, dup := seen[t.ID]; dup { // a token created between pages shifts them
				continue
			}
			seen[t.ID] = struct{}{}
			out = append(out, withPolicy(t, policies))
		}
		results[i] = nil
		if len(out) > backend.MaxTokens {
			return nil, tooMany()
		}
	}
	if cap(out)-len(out) > size { // a total larger than the pages: do not keep the unused slots
		out = slices.Clone(out)
	}
	slices.SortStableFunc(out, func(a, b backend.Token) int { return b.Created.Compare(a.Created) })
	return out, nil
}

func tooMany() error {
	return &backend.LimitError{What: "enrollment tokens", Limit: backend.MaxTokens,
		Hint: "narrow the list with a filter (--kuery or --policy)"}
}

// allSeen reports whether every token of a page was on an earlier page.
func allSeen(tokens []backend.Token, seen map[string]struct{}) bool {
	for _, t := range tokens {
		if _, ok := seen[t.ID]; !ok {
			return false
		}
	}
	return true
}

// Caps on the bytes of a token list, checked while each page is read (a
// server's oversized pages are never held): a page of PageSize tokens
// takes about 1.2 KiB a token (each item twice, with the deprecated
// "list" copy), so 4 KiB a token leaves room for long names; a whole list,
// enough for backend.MaxTokens such tokens.
const (
	pageBytesPerToken = 4 << 10
	maxListBytes      = 512 << 20
)

// interner holds one copy of each policy id: 100,000 tokens name a few
// policies, and each decoded id is otherwise its own string. Pages are
// converted as they arrive, concurrently, so the duplicates are dropped
// at once rather than held until the list is complete.
type interner struct {
	mu sync.Mutex
	m  map[string]string
}

func (in *interner) intern(s string) string {
	in.mu.Lock()
	defer in.mu.Unlock()
	if v, ok := in.m[s]; ok {
		return v
	}
	in.m[s] = s
	return s
}

// itemBufs recycles the decoded items of a page once they became tokens:
// a page decodes into a buffer of PageSize items instead of a slice grown
// (and copied) by doubling, page after page.
var itemBufs sync.Pool

func (c *Client) getItems() []itemJSON {
	if b, ok := itemBufs.Get().(*[]itemJSON); ok && cap(*b) >= c.cfg.PageSize {
		return (*b)[:0]
	}
	return make([]itemJSON, 0, c.cfg.PageSize)
}

func (c *Client) putItems(items []itemJSON) {
	clear(items[:cap(items)]) // drop the secrets and strings it points to
	items = items[:0]
	itemBufs.Put(&items)
}

func (c *Client) page(ctx context.Context, n int, kuery string, left *atomic.Int64) (pageJSON, error) {
	q := url.Values{"page": {strconv.Itoa(n)}, "perPage": {strconv.Itoa(c.cfg.PageSize)}}
	if kuery != "" {
		q.Set("kuery", kuery)
	}
	limit, capName := int64(c.cfg.PageSize)*pageBytesPerToken+64<<10, "per-page cap of a token list"
	if l := left.Load(); l < limit {
		limit, capName = max(l, 1), "cap on a whole token list"
	}
	pg := pageJSON{Items: c.getItems()}
	resp, err := c.tr.Do(ctx, transport.Request{Method: "GET", Path: c.path(keysPath), Query: q, MaxBody: limit, Cap: capName})
	if err == nil {
		left.Add(-int64(len(resp.Body)))
		err = c.tr.Decode("GET", c.path(keysPath), resp.Body, &pg)
	}
	for _, it := range pg.Items {
		c.tr.Redactor().Add(it.APIKey)
	}
	if err == nil && !pg.hasItems {
		// {} or {"items":null} is not "no tokens": the contract's items
		// array is required ([] when there are none).
		// Constant text and a configured space: nothing to redact.
		err = &transport.Error{Kind: transport.KindMalformed, Method: "GET", Path: c.path(keysPath),
			Reason: "the answer has no items list"}
	}
	return pg, err
}

func toToken(it itemJSON, policies map[string]Policy, now time.Time) backend.Token {
	return withPolicy(itemToken(it, now), policies)
}

// pageTokens converts a page's items into dst (made when nil), leaving
// the policy names out.
func pageTokens(dst []backend.Token, items []itemJSON, now time.Time, ids *interner) []backend.Token {
	out := dst
	if out == nil {
		out = make([]backend.Token, len(items))
	}
	for i, it := range items {
		out[i] = itemToken(it, now)
		out[i].PolicyID = ids.intern(out[i].PolicyID)
	}
	return out
}

// withPolicy names the token's policy and hides it when the policy is
// not selectable.
func withPolicy(t backend.Token, policies map[string]Policy) backend.Token {
	if p, ok := policies[t.PolicyID]; ok {
		t.PolicyName = p.Name
		t.Hidden = t.Hidden || !p.Selectable()
	}
	return t
}

// itemToken is an item as a token, without its policy's name.
func itemToken(it itemJSON, now time.Time) backend.Token {
	t := backend.Token{System: backend.Fleet, ID: it.ID, StoredName: it.Name, Name: DisplayName(it.Name, it.ID),
		PolicyID: it.PolicyID, Hidden: it.Hidden, APIKeyID: it.APIKeyID}
	// A stored name is "<name> (<id>)", or the id alone: the id is read
	// from it, so the token holds one string where it would hold two.
	if n := len(t.Name); n < len(it.Name) {
		t.ID = it.Name[n+2 : len(it.Name)-1]
	} else if it.Name == it.ID {
		t.ID = it.Name
	}
	t.Created, _ = time.Parse(time.RFC3339Nano, it.Created)
	if it.ExpireAt != "" {
		t.Expires, _ = time.Parse(time.RFC3339Nano, it.ExpireAt)
	}
	t.Status = backend.StatusAt(!it.Active, t.Expires, now)
	return t
}

// DisplayName strips the " (<id>)" suffix Fleet adds to stored names.
func DisplayName(stored, id string) string {
	// Compared in place: building " (<id>)" cost a string per token of a
	// list, garbage by the next line.
	if n := len(stored) - len(id) - 3; n >= 0 && stored[n:n+2] == " (" && stored[n+2:len(stored)-1] == id && stored[len(stored)-1] == ')' {
		return stored[:n]
	}
	return stored
}

// Secret fetches the token (GET …/enrollment_api_keys/{id}).
func (c *Client) Secret(ctx context.Context, id string) (backend.Secret, error) {
	var resp struct {
		Item itemJSON `json:"item"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: c.path(keysPath + "/" + url.PathEscape(id))}, &resp); err != nil {
		return backend.Secret{}, err
	}
	if resp.Item.APIKey == "" {
		return backend.Secret{}, errors.New("the server returned the token without its secret")
	}
	c.tr.Redactor().Add(resp.Item.APIKey)
	return backend.NewSecret(resp.Item.APIKey), nil
}

var expirationRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[1-9]\d*(d|h|m|s)$`) })

// CheckExpiration validates an expiration the way current Kibana does.
func CheckExpiration(v string) error {
	if v != "" && (!expirationRE().MatchString(v) || len(v) > 20) {
		return &backend.InvalidInputError{Field: "expiration", Reason: "must be a duration such as 30d, 24h, 90m or 60s (or empty for none)"}
	}
	return nil
}

// ValidateSpec checks a create spec as Create does, field by field.
func ValidateSpec(spec backend.CreateSpec) []*backend.InvalidInputError {
	var policy error
	if strings.TrimSpace(spec.PolicyID) == "" {
		policy = &backend.InvalidInputError{Field: "policy", Reason: "policy is required"}
	}
	return backend.Problems(policy, CheckExpiration(spec.Expiration))
}

// ValidateSpec makes the client a backend.SpecValidator.
func (c *Client) ValidateSpec(spec backend.CreateSpec) []*backend.InvalidInputError {
	return ValidateSpec(spec)
}

// Create makes a token for a policy. Never retried: a retry would make a
// second token.
func (c *Client) Create(ctx context.Context, spec backend.CreateSpec) (backend.Created, error) {
	if strings.TrimSpace(spec.PolicyID) == "" {
		return backend.Created{}, &backend.InvalidInputError{Field: "policy", Reason: "policy is required"}
	}
	if err := CheckExpiration(spec.Expiration); err != nil {
		return backend.Created{}, err
	}
	body := map[string]string{"policy_id": spec.PolicyID}
	if n := strings.TrimSpace(spec.Name); n != "" {
		body["name"] = n
	}
	if spec.Expiration != "" {
		body["expiration"] = spec.Expiration
	}
	var resp struct {
		Item   itemJSON `json:"item"`
		Action string   `json:"action"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "POST", Path: c.path(keysPath), Body: body}, &resp); err != nil {
		if transport.MayHaveHappened(err) {
			return backend.Created{}, &backend.MaybeCreatedError{System: backend.Fleet, Err: err}
		}
		return backend.Created{}, err
	}
	c.tr.Redactor().Add(resp.Item.APIKey)
	// The contract's answer: {"item":{id, api_key, active:true, …},"action":"created"}.
	if resp.Item.ID == "" || resp.Item.APIKey == "" || !resp.Item.Active || (resp.Action != "" && resp.Action != "created") {
		return backend.Created{}, &backend.MaybeCreatedError{System: backend.Fleet,
			Err: errors.New("creating the enrollment token: the answer is not a created token (no id, token or active flag)")}
	}
	c.mu.Lock()
	policies := c.policies
	c.mu.Unlock()
	created := backend.Created{Token: toToken(resp.Item, policies, c.cfg.Now()), Secret: backend.NewSecret(resp.Item.APIKey)}
	if spec.Expiration != "" && resp.Item.ExpireAt == "" {
		created.Warning = c.expirationIgnored(ctx)
	}
	return created, nil
}

// Revoke revokes a token; Fleet keeps the record, inactive. Revoking an
// already revoked token succeeds. Success is returned only when reading the
// token back shows it inactive (or gone). As a revoke is idempotent, that
// one read also settles an answer that was lost or not the contract's
// {"action":"deleted"}: revoked, NOT revoked, or unknown when the read fails.
func (c *Client) Revoke(ctx context.Context, id string) error {
	p := c.path(keysPath + "/" + url.PathEscape(id))
	check := "run `" + backend.Fleet.ListCommand() + " --all` and look at the token's status"
	var resp struct {
		Action string `json:"action"`
	}
	var uncertain error // a lost or unreadable answer
	if err := c.tr.JSON(ctx, transport.Request{Method: "DELETE", Path: p}, &resp); err != nil {
		if !transport.MayHaveHappened(err) {
			return err
		}
		uncertain = err
	} else if resp.Action != "deleted" {
		uncertain = errors.New(`the server answered without the {"action":"deleted"} of a revoke`)
	}
	var after struct {
		Item *struct {
			Active *bool `json:"active"`
		} `json:"item"`
	}
	err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: p}, &after)
	switch {
	case transport.NotFoundNaming(err, id):
		// Kibana's own 404 naming this token (never a proxy's or a wrong
		// path's 404): removed altogether, it can enroll nothing.
		return nil
	case err != nil:
		return &backend.OutcomeUnknownError{Op: "revoke", ID: id, Check: check, Err: backend.ReadBackFailed(uncertain, err)}
	case after.Item == nil || after.Item.Active == nil:
		return &backend.OutcomeUnknownError{Op: "revoke", ID: id, Check: check,
			Err: backend.ReadBackFailed(uncertain, errors.New("it gave no active flag"))}
	case *after.Item.Active:
		return &backend.NotRevokedError{System: backend.Fleet, ID: id, State: "still active", Err: uncertain}
	}
	return nil
}

type policyJSON struct {
	ID                string  `json:"id"`
	Name              string  `json:"name"`
	Namespace         string  `json:"namespace"`
	Description       string  `json:"description"`
	IsManaged         bool    `json:"is_managed"`
	SupportsAgentless bool    `json:"supports_agentless"`
	Agents            *int    `json:"agents"`
	FleetServerHostID *string `json:"fleet_server_host_id"`
}

// policiesPerPage is the most Kibana allows with agent counts.
const policiesPerPage = 100

// Policies lists every agent policy with agent counts and caches them by
// id. Paging ends at a short, empty or repeated page, or when the total is
// reached; it is capped at backend.MaxPages pages and backend.MaxTokens
// policies whatever the server says.
func (c *Client) Policies(ctx context.Context) ([]Policy, error) {
	var out []Policy
	byID := map[string]Policy{}
	for page := 1; ; page++ {
		if page > backend.MaxPages {
			return nil, &backend.LimitError{What: "pages of agent policies", Limit: backend.MaxPages}
		}
		var resp struct {
			Items []policyJSON `json:"items"`
			Total int          `json:"total"`
		}
		q := url.Values{"page": {strconv.Itoa(page)}, "perPage": {strconv.Itoa(policiesPerPage)}, "withAgentCount": {"true"}}
		if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: c.path("/api/fleet/agent_policies"), Query: q}, &resp); err != nil {
			return nil, err
		}
		fresh := 0
		for _, p := range resp.Items {
			if _, dup := byID[p.ID]; dup {
				continue
			}
			fresh++
			pol := Policy{ID: p.ID, Name: p.Name, Namespace: p.Namespace, Description: p.Description,
				Managed: p.IsManaged, Agentless: p.SupportsAgentless}
			if p.Agents != nil {
				pol.Agents, pol.HasAgentCount = *p.Agents, true
			}
			if p.FleetServerHostID != nil {
				pol.FleetServerHostID = *p.FleetServerHostID
			}
			byID[pol.ID] = pol
			out = append(out, pol)
		}
		if len(out) > backend.MaxTokens {
			return nil, &backend.LimitError{What: "agent policies", Limit: backend.MaxTokens}
		}
		if fresh == 0 || len(resp.Items) < policiesPerPage || page*policiesPerPage >= resp.Total {
			break
		}
	}
	c.mu.Lock()
	c.policies = byID
	c.mu.Unlock()
	return out, nil
}

// Hosts lists the Fleet Server hosts and caches them.
func (c *Client) Hosts(ctx context.Context) ([]Host, error) {
	var resp struct {
		Items []struct {
			ID        string   `json:"id"`
			Name      string   `json:"name"`
			HostURLs  []string `json:"host_urls"`
			IsDefault bool     `json:"is_default"`
		} `json:"items"`
	}
	if err := c.tr.JSON(ctx, transport.Request{Method: "GET", Path: c.path("/api/fleet/fleet_server_hosts")}, &resp); err != nil {
		return nil, err
	}
	if len(resp.Items) > backend.MaxTokens {
		return nil, &backend.LimitError{What: "Fleet Server hosts", Limit: backend.MaxTokens}
	}
	hosts := make([]Host, 0, len(resp.Items))
	for _, h := range resp.Items {
		hosts = append(hosts, Host{ID: h.ID, Name: h.Name, URLs: h.HostURLs, Default: h.IsDefault})
	}
	c.mu.Lock()
	c.hosts = hosts
	c.mu.Unlock()
	return hosts, nil
}

// ServerURL is the Fleet Server URL agents of the policy enroll through:
// the policy's own host, else the default one (as Kibana chooses).
func (c *Client) ServerURL(ctx context.Context, policyID string) (string, error) {
	c.mu.Lock()
	pol, havePol := c.policies[policyID]
	hosts := c.hosts
	c.mu.Unlock()
	if !havePol {
		if _, err := c.Policies(ctx); err != nil {
			return "", err
		}
		c.mu.Lock()
		pol = c.policies[policyID]
		c.mu.Unlock()
	}
	if hosts == nil {
		var err error
		if hosts, err = c.Hosts(ctx); err != nil {
			return "", err
		}
	}
	return pickHost(hosts, pol.FleetServerHostID)
}

func pickHost(hosts []Host, wanted string) (string, error) {
	for _, pass := range []func(Host) bool{
		func(h Host) bool { return wanted != "" && h.ID == wanted },
		func(h Host) bool { return h.Default },
	} {
		for _, h := range hosts {
			if pass(h) && len(h.URLs) > 0 {
				return h.URLs[0], nil
			}
		}
	}
	return "", errors.New("no Fleet Server host is configured in Kibana (Fleet → Settings → Fleet Server hosts)")
}

// EnrollCommand is the agent install command for the token's policy.
func (c *Client) EnrollCommand(ctx context.Context, t backend.Token, secret backend.Secret) (backend.Secret, error) {
	u, err := c.ServerURL(ctx, t.PolicyID)
	if err != nil {
		return backend.Secret{}, err
	}
	return EnrollCommandFor(u, secret)
}

// EnrollCommandFor builds the agent install command; the URL and token,
// from the server, are checked and quoted for a POSIX shell.
func EnrollCommandFor(serverURL string, secret backend.Secret) (backend.Secret, error) {
	if err := quote.URL("the Fleet Server URL", serverURL); err != nil {
		return backend.Secret{}, err
	}
	if err := quote.Token("the enrollment token", secret.Reveal()); err != nil {
		return backend.Secret{}, err
	}
	return backend.NewSecret("sudo ./elastic-agent install " + quote.Sh("--url="+serverURL) + " " + quote.Sh("--enrollment-token="+secret.Reveal())), nil
}
