package sim

import "testing"

func TestECERunnerDeleteSearchResync(t *testing.T) {
	s, _ := startStack(t)
	ece := newRaw(t, s, s.ECEURL, "ApiKey "+s.Creds.ECEAPIKey)
	const global = "/api/v1/platform/infrastructure/runners"
	const regional = "/api/v1/regions/ece-region/platform/infrastructure/runners"
	ece.do("POST", regional+"/_search", `{"query":{},"sort":null}`).want(t, 200, `"runner_id":"192.168.44.11"`)
	ece.do("POST", global+"/_search", `{"query":{"match_all":{}}}`).want(t, 200, `"runners":[`)
	ece.do("POST", global+"/_search", `{"query":{"term":{"runner_id":"x"}}}`).want(t, 501, `"code":"search.query_not_simulated"`)
	ece.do("POST", global+"/192.168.44.11/_resync", "").want(t, 200, `{}`)
	ece.do("POST", global+"/nope/_resync", "").want(t, 500, `"code":"runners.resync_failed"`)
	ece.do("POST", regional+"/_resync", "").want(t, 202, `{"results":{}}`)
	before := len(s.ECE.Runners())
	ece.do("DELETE", regional+"/192.168.44.11", "").want(t, 200, `{}`)
	ece.do("DELETE", global+"/192.168.44.11", "").want(t, 404, `"code":"runners.runner_not_found"`)
	ece.do("GET", global+"/192.168.44.11", "").want(t, 404)
	if len(s.ECE.Runners()) != before-1 {
		t.Fatalf("%d runners, want %d", len(s.ECE.Runners()), before-1)
	}
}
