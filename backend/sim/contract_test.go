package sim

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// These tests hold the simulators to the real APIs (as doc.go describes
// them, after Elastic's API references) with raw HTTP, as
// curl or ecctl would see them.

type raw struct {
	t      *testing.T
	client *http.Client
	base   string
	auth   string
}

func newRaw(t *testing.T, s *Stack, base, auth string) *raw {
	pool := x509.NewCertPool()
	pool.AddCert(s.CA.Cert)
	return &raw{t: t, base: base, auth: auth, client: &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}}
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	text   string
}

func (r *raw) do(method, path, body string, headers ...string) answer {
	r.t.Helper()
	a := r.doRaw(method, path, body, headers...)
	if ct := a.header.Get("Content-Type"); ct != "application/json" {
		r.t.Fatalf("%s %s: Content-Type %q", method, path, ct)
	}
	return a
}

// doRaw sends a request; an empty header value removes the header.
func (r *raw) doRaw(method, path, body string, headers ...string) answer {
	r.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, r.base+path, rd)
	if err != nil {
		r.t.Fatal(err)
	}
	if r.auth != "" {
		req.Header.Set("Authorization", r.auth)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := r.client.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, text: string(b)}
	_ = json.Unmarshal(b, &a.body)
	return a
}

func (a answer) want(t *testing.T, status int, contains ...string) answer {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d: %s", a.status, status, a.text)
	}
	for _, c := range contains {
		if !strings.Contains(a.text, c) {
			t.Fatalf("body lacks %q: %s", c, a.text)
		}
	}
	return a
}

func basic(u, p string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(u+":"+p)) }

func startStack(t *testing.T) (*Stack, *FakeClock) { return startWith(t, Options{Seed: 11}) }

// startWith starts a Stack of opts on a fake clock, stopped when the test
// ends.
func startWith(t testing.TB, opts Options) (*Stack, *FakeClock) {
	t.Helper()
	clock := NewFakeClock(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	opts.Clock = clock
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}

func TestElasticsearchContract(t *testing.T) {
	s, clock := startStack(t)
	es := newRaw(t, s, s.ESURL, basic("elastic", s.Creds.ESPassword))
	anon := newRaw(t, s, s.ESURL, "")

	// §2.3, §2.4: every answer names the product; 401 carries WWW-Authenticate.
	a := anon.do("GET", "/_security/api_key", "").want(t, 401, "missing authentication credentials for REST request [/_security/api_key]", `"header":{"WWW-Authenticate"`)
	if a.header.Get("X-Elastic-Product") != "Elasticsearch" || len(a.header.Values("WWW-Authenticate")) != 3 {
		t.Fatalf("headers %v", a.header)
	}
	newRaw(t, s, s.ESURL, basic("elastic", "nope")).do("GET", "/", "").want(t, 401, "unable to authenticate user [elastic]")
	if es.do("GET", "/", "").want(t, 200, `"tagline":"You Know, for Search"`).header.Get("X-Elastic-Product") != "Elasticsearch" {
		t.Fatal("no product header on 200")
	}

	// §3.3 create: POST and PUT; unknown fields 400; 406 without content type.
	body := `{"name":"enrollment_token_API_key_abc","expiration":"30m","role_descriptors":{"create_enrollment_token":{"cluster":["cluster:admin/xpack/security/enroll/kibana"]}}}`
	created := es.do("PUT", "/_security/api_key", body).want(t, 200, `"encoded"`).body
	if exp := int64(created["expiration"].(float64)); exp != clock.Now().Add(30*time.Minute).UnixMilli() {
		t.Fatalf("expiration %d", exp)
	}
	es.do("POST", "/_security/api_key", body).want(t, 200)
	es.do("POST", "/_security/api_key", `{"name":"x","bogus":1}`).want(t, 400, "x_content_parse_exception")
	es.do("POST", "/_security/api_key", body, "Content-Type", "text/plain").want(t, 406, `"error":"Content-Type header [text/plain] is not supported"`)
	id, key := created["id"].(string), created["api_key"].(string)
	if enc := created["encoded"].(string); enc != base64.StdEncoding.EncodeToString([]byte(id+":"+key)) {
		t.Fatal("encoded is not base64(id:api_key)")
	}

	// §2.1: a derived key with privileges is refused; ApiKey scheme case-insensitive.
	for _, scheme := range []string{"ApiKey", "APIKey", "apikey"} {
		withKey := newRaw(t, s, s.ESURL, scheme+" "+created["encoded"].(string))
		withKey.do("GET", "/_security/_authenticate", "").want(t, 200, `"authentication_type":"api_key"`, id)
	}
	newRaw(t, s, s.ESURL, "ApiKey "+created["encoded"].(string)).do("POST", "/_security/api_key", body).
		want(t, 400, "creating derived api keys requires an explicit role descriptor that is empty (has no privileges)")

	// §3.4 list: wildcard name, never api_key, 404 {"api_keys":[]} for an unknown id.
	list := es.do("GET", "/_security/api_key?name=enrollment_token_API_key_*", "").want(t, 200)
	if strings.Contains(list.text, key) || strings.Contains(list.text, `"api_key":`) {
		t.Fatal("list shows the secret")
	}
	es.do("GET", "/_security/api_key?id=nope", "").want(t, 404, `{"api_keys":[]}`)
	es.do("GET", "/_security/api_key?name=nothing_*", "").want(t, 200, `{"api_keys":[]}`)

	// §3.5 invalidate keeps the record; again or unknown → empty lists.
	es.do("DELETE", "/_security/api_key", `{"ids":["`+id+`"]}`).want(t, 200, `"invalidated_api_keys":["`+id+`"]`, `"error_count":0`)
	es.do("DELETE", "/_security/api_key", `{"ids":["`+id+`"]}`).want(t, 200, `"invalidated_api_keys":[]`)
	es.do("DELETE", "/_security/api_key", `{"ids":["nope"]}`).want(t, 200, `"invalidated_api_keys":[]`)
	es.do("GET", "/_security/api_key?id="+id, "").want(t, 200, `"invalidated":true`, `"invalidation":`)
	es.do("GET", "/_security/api_key?id="+id+"&active_only=true", "").want(t, 404)

	// §3.6 node info; §3.2 health with a settable status.
	es.do("GET", "/_nodes/_local/http", "").want(t, 200, `"bound_address":["127.0.0.1:`, `"publish_address":"127.0.0.1:`, `"version":"`+ESVersion+`"`)
	s.ES.SetHealth("red")
	es.do("GET", "/_cluster/health", "").want(t, 200, `"status":"red"`)

	// §2.2: privileges.
	s.Realm.AddUser(User{Username: "mon", Password: "mon-pass", Roles: []string{"monitoring"}, Cluster: []string{"monitor"}})
	newRaw(t, s, s.ESURL, basic("mon", "mon-pass")).do("PUT", "/_security/api_key", body).
		want(t, 403, "action [cluster:admin/xpack/security/api_key/create] is unauthorized for user [mon] with effective roles [monitoring], this action is granted by the cluster privileges [")

	// §3.7 enroll APIs: the kibana key enrolls Kibana, not a node; off → 403.
	fresh := es.do("PUT", "/_security/api_key", body).want(t, 200).body
	enroller := newRaw(t, s, s.ESURL, "ApiKey "+fresh["encoded"].(string))
	enroller.do("GET", "/_security/enroll/kibana", "").want(t, 200, `"name":"enroll-process-token-`, `"http_ca":"`+base64.StdEncoding.EncodeToString(s.CA.Cert.Raw)+`"`)
	enroller.do("GET", "/_security/enroll/node", "").want(t, 403, "enroll/node] is unauthorized for API key id")
	s.ES.SetEnrollment(false)
	enroller.do("GET", "/_security/enroll/kibana", "").want(t, 403, "Enrollment mode is not enabled")

	// Keys expire on the simulator's clock.
	clock.Advance(31 * time.Minute)
	enroller.do("GET", "/_security/_authenticate", "").want(t, 401)

	// §3.8: no create-enrollment-token API.
	es.do("POST", "/_security/enrollment_token", "{}").want(t, 400, "no handler found for uri")
}

func TestFleetContract(t *testing.T) {
	s, clock := startStack(t)
	kb := newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass))
	const keys = "/api/fleet/enrollment_api_keys"

	kb.do("POST", keys, `{"policy_id":"policy-linux-servers"}`).want(t, 400, "Request must contain a kbn-xsrf header.", `"statusCode":400`)
	newRaw(t, s, s.KibanaURL, "").do("GET", keys, "").want(t, 401, `"statusCode":401`)

	list := kb.do("GET", keys+"?perPage=2", "", "Elastic-Api-Version", "2023-10-31").want(t, 200, `"total":9`, `"page":1`, `"perPage":2`, `"hidden":false`, `"api_key":"`)
	if len(list.body["items"].([]any)) != 2 || len(list.body["list"].([]any)) != 2 {
		t.Fatal("items and list hold the page")
	}

	c := kb.do("POST", keys, `{"policy_id":"policy-linux-servers","name":"ci","expiration":"1d"}`, "kbn-xsrf", "true").
		want(t, 200, `"action":"created"`, `"name":"ci (`, `"expire_at":"2026-11-24T12:00:00.000Z"`, `"active":true`)
	if strings.Contains(c.text, "hidden") {
		t.Fatal("the create answer has no hidden field")
	}
	item := c.body["item"].(map[string]any)
	id := item["id"].(string)
	raw, _ := base64.StdEncoding.DecodeString(item["api_key"].(string))
	if !strings.HasPrefix(string(raw), item["api_key_id"].(string)+":") {
		t.Fatal("api_key is not base64(api_key_id:secret)")
	}
	kb.do("POST", keys, `{"policy_id":"policy-linux-servers","name":"ci"}`, "kbn-xsrf", "true").
		want(t, 409, "An enrollment key named ci already exists for agent policy policy-linux-servers")
	kb.do("POST", keys, `{"policy_id":"nope"}`, "kbn-xsrf", "true").want(t, 404, `Agent policy \"nope\" not found`)
	kb.do("POST", keys, `{"name":"x"}`, "kbn-xsrf", "true").want(t, 400, "[request body.policy_id]: expected value of type [string] but got [undefined]")
	kb.do("POST", keys, `{"policy_id":"policy-linux-servers","extra":1}`, "kbn-xsrf", "true").want(t, 400, "[request body.extra]: definition for this key is missing")
	kb.do("POST", keys, `{"policy_id":"policy-linux-servers","expiration":"2026-12-01"}`, "kbn-xsrf", "true").want(t, 400, "expiration must be a valid duration")

	// Revoke keeps the record, inactive; again is fine; the name stays taken.
	kb.do("DELETE", keys+"/"+id, "", "kbn-xsrf", "true").want(t, 200, `{"action":"deleted"}`)
	kb.do("DELETE", keys+"/"+id, "", "kbn-xsrf", "true").want(t, 200)
	kb.do("GET", keys+"/"+id, "").want(t, 200, `"active":false`)
	kb.do("POST", keys, `{"policy_id":"policy-linux-servers","name":"ci"}`, "kbn-xsrf", "true").want(t, 409)
	kb.do("DELETE", keys+"/nope", "", "kbn-xsrf", "true").want(t, 404, "EnrollmentAPIKey nope not found")
	kb.do("GET", keys+"/nope", "").want(t, 404)

	// The managed policy's token is hidden: not deletable without includeHidden.
	var hiddenID string
	for _, tk := range s.Fleet.Tokens() {
		if tk.Hidden {
			hiddenID = tk.ID
		}
	}
	kb.do("DELETE", keys+"/"+hiddenID, "", "kbn-xsrf", "true").want(t, 404)
	kb.do("DELETE", keys+"/"+hiddenID+"?includeHidden=true&forceDelete=true", "", "kbn-xsrf", "true").want(t, 200)
	kb.do("GET", keys+"/"+hiddenID, "").want(t, 404)

	// kuery forms of §3.1.
	for kuery, total := range map[string]string{
		`policy_id:"policy-windows-desktops"`: `"total":3`,
		`active:false`:                        `"total":2`,
		`not hidden:true`:                     `"total":9`,
		`name:Default*`:                       `"total":3`,
		`(ci*) and (policy_id:"a" or policy_id:"policy-linux-servers") and (active:false) and (not hidden:true)`: `"total":1`,
		`(active:true and expire_at <= "now") and (not hidden:true)`:                                             `"total":1`,
		`fleet-enrollment-api-keys.policy_id:policy-edge-proxies`:                                                `"total":2`,
		`policy_id:(policy-edge-proxies or policy-windows-desktops)`:                                             `"total":5`,
	} {
		kb.do("GET", keys+"?kuery="+urlQuery(kuery), "").want(t, 200, total)
	}
	kb.do("POST", keys, `{"policy_id":"policy-edge-proxies","expiration":"1h"}`, "kbn-xsrf", "true").want(t, 200)
	clock.Advance(2 * time.Hour) // the new 1h token joins the expired contractor token
	kb.do("GET", keys+"?kuery="+urlQuery(`active:true and expire_at <= "now"`), "").want(t, 200, `"total":2`)
	for _, bad := range []string{`name:(`, `policy_id:`, `(active:true`, `and`, `"open`} {
		kb.do("GET", keys+"?kuery="+urlQuery(bad), "").want(t, 400, "Kuery is malformed")
	}
	kb.do("GET", keys+"?page=x", "").want(t, 400, "[request query.page]")

	// Bulk (9.5+).
	kb.do("POST", keys+"/_bulk_delete", `{}`, "kbn-xsrf", "true").want(t, 400, "Either tokenIds or kuery must be provided")
	kb.do("POST", keys+"/_bulk_delete", `{"kuery":"policy_id:policy-edge-proxies"}`, "kbn-xsrf", "true").
		want(t, 200, `"action":"deactivated"`, `"count":3`, `"successCount":3`)

	// Policies and Fleet Server hosts; spaces.
	kb.do("GET", "/api/fleet/agent_policies?perPage=101&withAgentCount=true", "").want(t, 400, "perPage should be less or equal to 100")
	pol := kb.do("GET", "/api/fleet/agent_policies?perPage=100&withAgentCount=true", "").want(t, 200, `"agents":128`, `"is_managed":true`, `"fleet_server_host_id":"fleet-server-edge"`)
	if len(pol.body["items"].([]any)) != 4 {
		t.Fatal("4 policies")
	}
	if strings.Contains(kb.do("GET", "/api/fleet/agent_policies", "").text, `"agents"`) {
		t.Fatal("agents only with withAgentCount")
	}
	kb.do("GET", "/api/fleet/fleet_server_hosts", "").want(t, 200, `"host_urls":["`+s.FleetServerURL+`"]`, `"is_default":true`)
	kb.do("GET", "/s/default"+keys, "").want(t, 200, `"total":10`) // 9 seeded + ci + 1h − the force-deleted one
	kb.do("GET", "/s/other"+keys, "").want(t, 200, `"total":0`)
}

func urlQuery(s string) string {
	r := strings.NewReplacer("%", "%25", " ", "%20", "\"", "%22", "&", "%26", "+", "%2B", "#", "%23", "<", "%3C", "=", "%3D", "(", "%28", ")", "%29")
	return r.Replace(s)
}

func TestECEContract(t *testing.T) {
	s, clock := startStack(t)
	const global = "/api/v1/platform/configuration/security/enrollment-tokens"
	const regional = "/api/v1/regions/ece-region/platform/configuration/security/enrollment-tokens"
	ece := newRaw(t, s, s.ECEURL, "ApiKey "+s.Creds.ECEAPIKey)

	newRaw(t, s, s.ECEURL, "ApiKey wrong").do("GET", global, "").want(t, 401, `{"errors":[{"code":"root.unauthorized"`)
	p := ece.do("POST", regional, `{"persistent":true,"roles":["allocator"]}`+"\n").want(t, 200, `"token":"eyJ`, `"token_id":"`)
	e := ece.do("POST", global, `{"persistent":false,"roles":["proxy"],"validity_in_seconds":60}`).want(t, 200, `"token":"eyJ`)
	if _, ok := e.body["token_id"]; ok {
		t.Fatal("an ephemeral token has no token_id")
	}
	header, _ := base64.RawURLEncoding.DecodeString(strings.Split(e.body["token"].(string), ".")[0])
	if string(header) != `{"typ":"JWT","alg":"HS256"}` {
		t.Fatalf("JWT header %s", header)
	}
	ece.do("POST", global, `{"roles":["allocator"]}`).want(t, 400, "enrollment_tokens.invalid_token_request")
	ece.do("POST", global, `{"persistent":"yes"}`).want(t, 400, "enrollment_tokens.invalid_token_request")
	ece.do("POST", global, `{"persistent":true,"roles":null}`).want(t, 200)

	list := ece.do("GET", regional, "").want(t, 200)
	tokens := list.body["tokens"].([]any)
	if len(tokens) != 5 || strings.Contains(list.text, `"roles":null`) {
		t.Fatalf("list holds the 5 persistent tokens, roles never null: %s", list.text)
	}
	id := p.body["token_id"].(string)
	ece.do("DELETE", global+"/"+id, "", "Content-Type", "application/json").want(t, 200, `{}`)
	ece.do("DELETE", regional+"/"+id, "").want(t, 404, `{"errors":[{"code":"enrollment_tokens.invalid_token_id","message":"Token not found"}]}`)
	// The full token string also revokes; an expired ephemeral token is gone.
	ece.do("DELETE", global+"/"+e.body["token"].(string), "").want(t, 200)
	e2 := ece.do("POST", global, `{"persistent":false,"roles":["proxy"],"validity_in_seconds":60}`).want(t, 200)
	clock.Advance(2 * time.Minute)
	ece.do("DELETE", global+"/"+e2.body["token"].(string), "").want(t, 404)

	// Login → bearer; Basic works; bad login is root.unauthenticated.
	anon := newRaw(t, s, s.ECEURL, "")
	anon.do("POST", "/api/v1/users/auth/_login", `{"username":"admin","password":"x"}`).want(t, 401, "root.unauthenticated")
	login := anon.do("POST", "/api/v1/users/auth/_login", `{"username":"admin","password":"`+s.Creds.ECEPassword+`"}`).want(t, 200, `"session_expiration_time"`)
	newRaw(t, s, s.ECEURL, "Bearer "+login.body["token"].(string)).do("GET", regional, "").want(t, 200)
	newRaw(t, s, s.ECEURL, basic("admin", s.Creds.ECEPassword)).do("GET", global, "").want(t, 200)

	s.ECE.SetCreateFailure(true, false)
	ece.do("POST", global, `{"persistent":true}`).want(t, 403, "enrollment_tokens.signing_key_not_found")
	s.ECE.SetCreateFailure(false, true)
	ece.do("POST", global, `{"persistent":true}`).want(t, 449, "root.unauthorized.rbac.elevated_permissions_required")
}

func TestSameSeedSameData(t *testing.T) {
	a, _ := startStack(t)
	b, _ := startStack(t)
	if a.Creds != b.Creds {
		t.Fatal("credentials differ for one seed")
	}
	ta, tb := a.Fleet.Tokens(), b.Fleet.Tokens()
	if len(ta) != len(tb) || ta[0].APIKey != tb[0].APIKey || ta[0].ID != tb[0].ID {
		t.Fatal("Fleet data differs for one seed")
	}
}
