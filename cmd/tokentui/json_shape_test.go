package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/elasticsearch"
)

// jsonShape renders a JSON document's keys in the order written and the
// kind of each value (s string, n number, b bool, 0 null; an array shows
// its first element), so a test pins what scripts depend on: the keys,
// their order and their types.
func jsonShape(t *testing.T, raw string) string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var b strings.Builder
	var value func() error
	value = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				b.WriteByte('{')
				for i := 0; dec.More(); i++ {
					k, err := dec.Token()
					if err != nil {
						return err
					}
					if i > 0 {
						b.WriteByte(',')
					}
					b.WriteString(k.(string) + ":")
					if err := value(); err != nil {
						return err
					}
				}
				_, err := dec.Token()
				b.WriteByte('}')
				return err
			case '[':
				b.WriteByte('[')
				for i := 0; dec.More(); i++ {
					if i == 0 {
						if err := value(); err != nil {
							return err
						}
						continue
					}
					var skip json.RawMessage
					if err := dec.Decode(&skip); err != nil {
						return err
					}
				}
				_, err := dec.Token()
				b.WriteByte(']')
				return err
			}
		case string:
			b.WriteByte('s')
		case json.Number:
			b.WriteByte('n')
		case bool:
			b.WriteByte('b')
		case nil:
			b.WriteByte('0')
		}
		return nil
	}
	if err := value(); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, raw)
	}
	if dec.More() {
		t.Fatalf("more than one JSON document:\n%s", raw)
	}
	return b.String()
}

func TestJSONShape(t *testing.T) {
	got := jsonShape(t, `[{"b":1,"a":"x","c":[{"z":null}],"d":true},{"e":1}]`)
	if want := `[{b:n,a:s,c:[{z:0}],d:b}]`; got != want {
		t.Fatalf("shape %s, want %s", got, want)
	}
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(map[string]any{"b": 1, "a": []string{}})
	if got := jsonShape(t, buf.String()); got != `{a:[],b:n}` {
		t.Fatalf("shape %s", got)
	}
}

// TestJSONOutputIsStable pins every -o json output of the CLI: scripts
// depend on the keys, their order and their types.
func TestJSONOutputIsStable(t *testing.T) {
	_, env := stackEnv(t)
	shape := func(want string, args ...string) string {
		t.Helper()
		r := cli(t, env, "", append(args, "-o", "json")...).want(t, 0)
		if got := jsonShape(t, r.stdout); got != want {
			t.Fatalf("%s: JSON shape\n got %s\nwant %s", strings.Join(args, " "), got, want)
		}
		return r.stdout
	}
	// Fleet.
	shape(`[{api_key_id:s,created_at:s,expire_at:s,hidden:b,id:s,name:s,policy_id:s,policy_name:s,status:s}]`, "fleet", "list")
	out := shape(`{api_key:s,created_at:s,expire_at:0,id:s,name:s,policy_id:s}`, "fleet", "create", "--no-expiration", "--policy", "policy-linux-servers", "--name", "pin")
	var created struct{ ID, APIKey, ExpireAt string }
	_ = json.Unmarshal([]byte(out), &struct {
		ID       *string `json:"id"`
		APIKey   *string `json:"api_key"`
		ExpireAt *string `json:"expire_at"`
	}{&created.ID, &created.APIKey, &created.ExpireAt})
	if created.ExpireAt != "" {
		t.Fatalf("a token without expiration: expire_at %q, want null", created.ExpireAt)
	}
	if got := shape(`{api_key:s,id:s,usage:{collected:b,message:s}}`, "fleet", "show", created.ID); !strings.Contains(got, `"api_key": "`+created.APIKey+`"`) {
		t.Fatalf("show: %s", got)
	}
	shape(`[{agentless:b,agents:n,id:s,managed:b,name:s,namespace:s}]`, "fleet", "policies")
	shape(`[{id:s,outcome:s}]`, "fleet", "revoke", "--yes", created.ID)
	// Elasticsearch.
	shape(`{expires:s,id:s,name:s,scope:s,token:s}`, "es", "create", "-s", "node")
	shape(`[{created:s,expires:s,id:s,invalidated:s,name:s,owner:s,scope:s,status:s}]`, "es", "list")
	token := strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "kibana").want(t, 0).stdout)
	shape(`{addresses:[s],fingerprint:s,key_id:s,valid:b,version:s}`, "es", "inspect", token)
	// The simulator's node is loopback-only: --verify warns about it.
	shape(`{addresses:[s],fingerprint:s,key_id:s,valid:b,verify:[{address:s,api_key_owner:s,ok:b}],version:s,warnings:[{address:s,message:s,problem:s}]}`, "es", "inspect", "--verify", token)
	// ECE (as ecctl writes it).
	shape(`{tokens:[{roles:[],token_id:s}]}`, "ece", "list") // the first is the seeded emergency token, with no roles
	shape(`{token:s,token_id:s}`, "ece", "create", "--role", "proxy")
	shape(`{token:s}`, "ece", "create", "--role", "proxy", "--validity", "1h")
}

// A failed verify says why instead of naming the owner.
func TestJSONOutputFailedVerify(t *testing.T) {
	_, env := stackEnv(t)
	token := strings.TrimSpace(cli(t, env, "", "es", "create", "-s", "node").want(t, 0).stdout)
	tok, _ := decodeForTest(token)
	cli(t, env, "", "es", "revoke", "--yes", tok).want(t, 0)
	r := cli(t, env, "", "es", "inspect", "--verify", "-o", "json", token).want(t, exitFailure)
	if got, want := jsonShape(t, r.stdout), `{addresses:[s],fingerprint:s,key_id:s,valid:b,verify:[{address:s,error:s,ok:b}],version:s,warnings:[{address:s,message:s,problem:s}]}`; got != want {
		t.Fatalf("failed verify: %s, want %s", got, want)
	}
}

func decodeForTest(token string) (string, error) {
	tok, err := elasticsearch.Decode(token)
	return tok.KeyID(), err
}
