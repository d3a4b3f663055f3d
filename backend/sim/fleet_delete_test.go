package sim

import (
	"fmt"
	"strings"
	"testing"
)

const keysPath = "/api/fleet/enrollment_api_keys"

func tokenOf(s *Stack, policy string, hidden bool) FleetToken {
	for _, t := range s.Fleet.Tokens() {
		if t.PolicyID == policy && t.Hidden == hidden {
			return t
		}
	}
	panic("no such token")
}

// Kibana 9.5: forceDelete removes the record (names freed), _bulk_delete
// counts what it processed and skips unknown and hidden tokens silently.
func TestFleetDeleteAndBulkDelete(t *testing.T) {
	s, _ := startStack(t)
	kb := newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass))
	xsrf := []string{"kbn-xsrf", "true"}

	c := kb.do("POST", keysPath, `{"policy_id":"policy-linux-servers","name":"gone-soon"}`, xsrf...).want(t, 200)
	id := c.body["item"].(map[string]any)["id"].(string)
	kb.do("DELETE", keysPath+"/"+id+"?forceDelete=true", "", xsrf...).want(t, 200, `{"action":"deleted"}`)
	kb.do("GET", keysPath+"/"+id, "").want(t, 404, "EnrollmentAPIKey "+id+" not found")
	kb.do("DELETE", keysPath+"/"+id+"?forceDelete=true", "", xsrf...).want(t, 404) // already gone
	kb.do("POST", keysPath, `{"policy_id":"policy-linux-servers","name":"gone-soon"}`, xsrf...).want(t, 200)

	a := tokenOf(s, "policy-windows-desktops", false)
	hidden := tokenOf(s, "fleet-server-policy", true)
	body := fmt.Sprintf(`{"tokenIds":[%q,%q,"no-such-id"],"forceDelete":true}`, a.ID, hidden.ID)
	kb.do("POST", keysPath+"/_bulk_delete", body, xsrf...).
		want(t, 200, `"action":"deleted"`, `"count":1`, `"successCount":1`, `"errorCount":0`)
	kb.do("GET", keysPath+"/"+a.ID, "").want(t, 404)
	kb.do("GET", keysPath+"/"+hidden.ID, "").want(t, 200, `"active":true`) // hidden: skipped
	kb.do("POST", keysPath+"/_bulk_delete", fmt.Sprintf(`{"tokenIds":[%q],"forceDelete":true,"includeHidden":true}`, hidden.ID), xsrf...).
		want(t, 200, `"count":1`)
	kb.do("GET", keysPath+"/"+hidden.ID, "").want(t, 404)

	// Without forceDelete the records stay, inactive.
	b := tokenOf(s, "policy-edge-proxies", false)
	kb.do("POST", keysPath+"/_bulk_delete", fmt.Sprintf(`{"tokenIds":[%q]}`, b.ID), xsrf...).want(t, 200, `"action":"deactivated"`, `"count":1`)
	kb.do("GET", keysPath+"/"+b.ID, "").want(t, 200, `"active":false`)

	ids := make([]string, 10001)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprint(i))
	}
	kb.do("POST", keysPath+"/_bulk_delete", `{"tokenIds":[`+strings.Join(ids, ",")+`]}`, xsrf...).
		want(t, 400, "array size is [10001], but cannot be greater than [10000]")
	kb.do("POST", keysPath+"/_bulk_delete", `{"tokenIds":[]}`, xsrf...).want(t, 400, `"message":"[request body]: Either tokenIds or kuery must be provided"`)

	// Kibana 9.5 declares DELETE's query: anything else is a 400, and the
	// token is left alone.
	kept := activeFleetToken(t, s)
	kb.do("DELETE", keysPath+"/"+kept.ID+"?foo=1", "", xsrf...).want(t, 400, `"message":"[request query.foo]: definition for this key is missing"`)
	kb.do("DELETE", keysPath+"/"+kept.ID+"?forceDelete=yes", "", xsrf...).want(t, 400, `"message":"[request query.forceDelete]: expected value of type [boolean] but got [string]"`)
	kb.do("GET", keysPath+"/"+kept.ID, "").want(t, 200, `"active":true`)
	kb.do("POST", keysPath+"/_bulk_delete", `{"kuery":"name:("}`, xsrf...).want(t, 400, "Kuery is malformed")
}

// A kuery selects up to 10,000 tokens, handled in batches of 1,000.
func TestFleetBulkDeleteByKueryInBatches(t *testing.T) {
	s, _ := startWith(t, Options{Seed: 3, FleetTokens: 2500})
	kb := newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass))
	kb.do("POST", keysPath+"/_bulk_delete", `{"kuery":"name:bulk*","forceDelete":true}`, "kbn-xsrf", "true").
		want(t, 200, `"count":2500`, `"successCount":2500`)
	kb.do("GET", keysPath+"?kuery=name:bulk*", "").want(t, 200, `"total":0`)
}

// Kibana before 9.5 has no _bulk_delete and its DELETE only revokes.
func TestFleetBefore95CannotDelete(t *testing.T) {
	s, _ := startStack(t)
	s.Fleet.Version = "9.4.2"
	kb := newRaw(t, s, s.KibanaURL, basic("elastic", s.Creds.KibanaPass))
	a := tokenOf(s, "policy-windows-desktops", false)
	kb.do("POST", keysPath+"/_bulk_delete", fmt.Sprintf(`{"tokenIds":[%q],"forceDelete":true}`, a.ID), "kbn-xsrf", "true").
		want(t, 404, `"message":"Not Found"`)
	kb.do("DELETE", keysPath+"/"+a.ID+"?forceDelete=true", "", "kbn-xsrf", "true").want(t, 200, `{"action":"deleted"}`)
	kb.do("GET", keysPath+"/"+a.ID, "").want(t, 200, `"active":false`) // revoked, still there
	kb.do("GET", "/api/status", "").want(t, 200, `"number":"9.4.2"`)
}
