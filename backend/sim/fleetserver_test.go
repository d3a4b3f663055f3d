package sim

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

const agentBody = `{"type":"PERMANENT","id":"","replace_token":"","metadata":{"local":{"elastic":{"agent":{"id":"","version":"9.5.0","snapshot":false}},"host":{"hostname":"web-01","name":"web-01"},"os":{"platform":"ubuntu"}},"user_provided":null,"tags":["web","demo","web"]}}`

// agent sends what Elastic Agent sends to Fleet Server.
func agentEnroll(t *testing.T, s *Stack, token, body string, headers ...string) answer {
	t.Helper()
	fs := newRaw(t, s, s.FleetServerURL, "")
	h := append([]string{"Authorization", "ApiKey " + token, "User-Agent", "Elastic Agent v9.5.0",
		"Elastic-Api-Version", "2023-06-01", "kbn-xsrf", "1", "Accept", "application/json"}, headers...)
	// Fleet Server's errors carry a charset: no Content-Type assertion.
	return fs.doRaw("POST", "/api/fleet/agents/enroll", body, h...)
}

func TestFleetServerEnrollsAnAgent(t *testing.T) {
	s, _ := startStack(t)
	kb := newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass))
	token := kb.do("POST", "/api/fleet/enrollment_api_keys", `{"policy_id":"policy-linux-servers","name":"web"}`, "kbn-xsrf", "true").want(t, 200).body["item"].(map[string]any)["api_key"].(string)

	a := agentEnroll(t, s, token, agentBody).want(t, 200, `"action":"created"`, `"policy_id":"policy-linux-servers"`,
		`"status":"online"`, `"type":"PERMANENT"`, `"tags":["demo","web"]`, `"user_provided_metadata":null`, `"hostname":"web-01"`)
	if a.header.Get("Content-Type") != "application/json" || a.header.Get("Elastic-Api-Version") != "2023-06-01" {
		t.Fatalf("headers %v", a.header)
	}
	item := a.body["item"].(map[string]any)
	id := item["id"].(string)
	if !strings.Contains(a.text, `"agent":{"id":"`+id+`"`) {
		t.Fatalf("local_metadata.elastic.agent.id is not the new id: %s", a.text)
	}
	if _, err := time.Parse(time.RFC3339, item["enrolled_at"].(string)); err != nil || strings.Contains(item["enrolled_at"].(string), ".") {
		t.Fatalf("enrolled_at %v", item["enrolled_at"])
	}
	access, _ := base64.StdEncoding.DecodeString(item["access_api_key"].(string))
	if !strings.HasPrefix(string(access), item["access_api_key_id"].(string)+":") {
		t.Fatal("access_api_key is not base64(id:secret)")
	}

	// Kibana shows the agent, updating until it checks in, and counts it.
	kb.do("GET", "/api/fleet/agents?kuery="+urlQuery(`local_metadata.host.hostname:web-01`), "").want(t, 200, `"total":1`, `"id":"`+id+`"`, `"status":"updating"`, `"packages":[]`)
	kb.do("GET", "/api/fleet/agent_policies/policy-linux-servers", "").want(t, 200, `"agents":43`, `"id":"policy-linux-servers"`)
	kb.do("GET", "/api/fleet/agent_policies?perPage=100&withAgentCount=true&kuery="+urlQuery(`name:"Linux servers"`), "").want(t, 200, `"agents":43`)
	kb.do("GET", "/api/fleet/agents?perPage=1", "").want(t, 200, `"total":178`, `"status":"updating"`) // newest first
	kb.do("GET", "/api/fleet/agents/"+id, "").want(t, 200, `"item":{`)
	kb.do("GET", "/api/fleet/agents/nope", "").want(t, 404, "Agent nope not found")
	kb.do("GET", "/api/fleet/agent_policies/nope", "").want(t, 404, "Agent policy not found")

	// A checkin with the access key brings it online.
	fs := newRaw(t, s, s.FleetServerURL, "ApiKey "+item["access_api_key"].(string))
	fs.doRaw("POST", "/api/fleet/agents/"+id+"/checkin", `{"status":"online","message":"Running"}`, "User-Agent", "Elastic Agent v9.5.0").want(t, 200, `"action":"checkin"`)
	if st := s.Fleet.AgentStatus(id); st != "online" {
		t.Fatalf("after a checkin the agent is %q", st)
	}
	// The enrollment token is no access key.
	newRaw(t, s, s.FleetServerURL, "ApiKey "+token).doRaw("POST", "/api/fleet/agents/"+id+"/checkin", `{"status":"online","message":"x"}`).want(t, 403)
	// An access key is no enrollment token.
	agentEnroll(t, s, item["access_api_key"].(string), agentBody).want(t, 500, `{"statusCode":500,"error":"BadRequest","message":"FindEnrollmentAPIKey: hit count mismatch 0"}`)
}

func TestFleetServerRefusals(t *testing.T) {
	s, clock := startStack(t)
	kb := newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass))
	create := func(body string) map[string]any {
		return kb.do("POST", "/api/fleet/enrollment_api_keys", body, "kbn-xsrf", "true").want(t, 200).body["item"].(map[string]any)
	}
	revoked := create(`{"policy_id":"policy-linux-servers","name":"gone"}`)
	kb.do("DELETE", "/api/fleet/enrollment_api_keys/"+revoked["id"].(string), "", "kbn-xsrf", "true").want(t, 200)
	expiring := create(`{"policy_id":"policy-edge-proxies","expiration":"1h"}`)
	good := create(`{"policy_id":"policy-windows-desktops"}`)["api_key"].(string)
	agentEnroll(t, s, expiring["api_key"].(string), agentBody).want(t, 200)
	clock.Advance(2 * time.Hour)

	unauthorized := `{"statusCode":401,"error":"ErrUnauthorized","message":"unauthorized"}`
	esKey := newRaw(t, s, s.ESURL, basic("elastic", s.Creds.ESPassword)).do("POST", "/_security/api_key", `{"name":"plain"}`).want(t, 200).body["encoded"].(string)
	for name, c := range map[string]struct {
		token, body string
		headers     []string
		status      int
		want        string
	}{
		"revoked":                  {revoked["api_key"].(string), agentBody, nil, 401, unauthorized},
		"expired":                  {expiring["api_key"].(string), agentBody, nil, 401, unauthorized},
		"unknown":                  {base64.StdEncoding.EncodeToString([]byte("nosuchkeyid:nosecret")), agentBody, nil, 401, unauthorized},
		"not an enrollment key":    {esKey, agentBody, nil, 500, `{"statusCode":500,"error":"BadRequest","message":"FindEnrollmentAPIKey: hit count mismatch 0"}`},
		"not base64":               {"!!!", agentBody, nil, 401, `{"statusCode":401,"error":"ErrInvalidToken","message":"token not valid utf8"}`},
		"not id:key":               {base64.StdEncoding.EncodeToString([]byte("a:b:c")), agentBody, nil, 400, `{"statusCode":400,"error":"ErrMalformedToken","message":"malformed token"}`},
		"wrong scheme":             {good, agentBody, []string{"Authorization", "Bearer " + good}, 400, `{"statusCode":400,"error":"ErrMalformedHeader","message":"malformed authorization header"}`},
		"no authorization":         {good, agentBody, []string{"Authorization", ""}, 401, `{"statusCode":401,"error":"ErrNoAuthHeader","message":"no authorization header"}`},
		"not Elastic Agent":        {good, agentBody, []string{"User-Agent", "elastic-agent 9.5.0"}, 400, `{"statusCode":400,"error":"InvalidUserAgent","message":"user-agent is invalid"}`},
		"agent newer than server":  {good, agentBody, []string{"User-Agent", "Elastic Agent v9.6.0"}, 400, `{"statusCode":400,"error":"UnsupportedVersion","message":"version is not supported"}`},
		"agent too old":            {good, agentBody, []string{"User-Agent", "Elastic Agent v7.12.1"}, 400, `"error":"UnsupportedVersion"`},
		"bad API version format":   {good, agentBody, []string{"Elastic-Api-Version", "v1"}, 400, `{"statusCode":400,"error":"ErrInvalidAPIVersionFormat","message":"received \"v1\", expected a valid date string formatted as YYYY-MM-DD. invalid version format"}`},
		"unsupported API version":  {good, agentBody, []string{"Elastic-Api-Version", "2023-10-31"}, 400, `"error":"ErrUnsupportedAPIVersion"`},
		"no body":                  {good, "", nil, 400, `{"statusCode":400,"error":"BadRequest","message":"Bad request: unable to decode enroll request: EOF"}`},
		"unknown type":             {good, `{"type":"FOREVER","metadata":{}}`, nil, 500, `{"statusCode":500,"error":"BadRequest","message":"unknown enroll request type"}`},
		"bad token beats bad body": {revoked["api_key"].(string), "", nil, 401, unauthorized},
	} {
		a := agentEnroll(t, s, c.token, c.body, c.headers...)
		if a.status != c.status || !strings.Contains(a.text, c.want) {
			t.Errorf("%s: %d %s, want %d %s", name, a.status, a.text, c.status, c.want)
		}
		if a.header.Get("Content-Type") != "application/json; charset=utf-8" || a.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", name, a.header)
		}
	}
	// A patch above Fleet Server's is fine; a snapshot suffix is dropped.
	agentEnroll(t, s, good, agentBody, "User-Agent", "Elastic Agent v9.5.99-SNAPSHOT").want(t, 200, `"version":"9.5.0"`)
	// The expired token's agent, which never checked in, went offline after
	// five minutes; the count still holds it. The seeded agents keep
	// checking in.
	kb.do("GET", "/api/fleet/agent_policies/policy-edge-proxies", "").want(t, 200, `"agents":7`)
	kb.do("GET", "/api/fleet/agents?kuery="+urlQuery("status:offline"), "").want(t, 200, `"total":1`, `"policy_id":"policy-edge-proxies"`)
	kb.do("GET", "/api/fleet/agents?perPage=1&kuery="+urlQuery("status:online"), "").want(t, 200, `"total":177`, `"last_checkin_status":"online"`, `"policy_revision":1`)
	kb.do("GET", "/api/fleet/agents?kuery="+urlQuery("status:updating"), "").want(t, 200, `"total":1`) // the one just enrolled
}

func TestStatusRoutes(t *testing.T) {
	s, _ := startStack(t)
	newRaw(t, s, s.FleetServerURL, "").do("GET", "/api/status", "").want(t, 200, `{"name":"fleet-server","status":"HEALTHY"}`)
	key := s.Fleet.Tokens()[0].APIKey
	newRaw(t, s, s.FleetServerURL, "ApiKey "+key).do("GET", "/api/status", "").want(t, 200, `"version":{"build_hash"`, `"number":"`+FleetServerVersion+`"`)
	newRaw(t, s, s.KibanaURL, "").do("GET", "/api/status", "").want(t, 200, `{"status":{"overall":{"level":"available"}}}`)
	newRaw(t, s, s.KibanaURL, basic("elastic", "wrong")).do("GET", "/api/status", "").want(t, 200, `{"status":{"overall":{"level":"available"}}}`)
	newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass)).do("GET", "/api/status", "").want(t, 200, `"number":"`+FleetVersion+`"`, `"fleet":{"level":"available"`)
	newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass)).do("GET", "/api/fleet/agents/setup", "").want(t, 200, `"isReady":true`)
}
