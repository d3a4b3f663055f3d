package elasticsearch

import (
	"context"
	"encoding/base64"
	"errors"
	"net"
	"reflect"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

// Contract §4.7 vectors.
const (
	v1JSON  = `{"ver":"8.0.0","adr":["192.168.0.1:9201","172.16.254.1:9202","[2001:db8:0:1234:0:567:8:1]:9203"],"fgr":"ce480d53728605674fcfd8ffb51000d8a33bf32de7c7f1e26b4d428f8a91362d","key":"DR6CzXkBDf8amV_48yYX:x3YqU_rqQwm-ESrkExcnOg"}`
	v1Token = "eyJ2ZXIiOiI4LjAuMCIsImFkciI6WyIxOTIuMTY4LjAuMTo5MjAxIiwiMTcyLjE2LjI1NC4xOjkyMDIiLCJbMjAwMTpkYjg6MDoxMjM0OjA6NTY3Ojg6MV06OTIwMyJdLCJmZ3IiOiJjZTQ4MGQ1MzcyODYwNTY3NGZjZmQ4ZmZiNTEwMDBkOGEzM2JmMzJkZTdjN2YxZTI2YjRkNDI4ZjhhOTEzNjJkIiwia2V5IjoiRFI2Q3pYa0JEZjhhbVZfNDh5WVg6eDNZcVVfcnFRd20tRVNya0V4Y25PZyJ9"
	v1Hdr   = "ApiKey RFI2Q3pYa0JEZjhhbVZfNDh5WVg6eDNZcVVfcnFRd20tRVNya0V4Y25PZw=="
	v2JSON  = `{"ver":"8.14.0","adr":["127.0.0.1:9200","[::1]:9200"],"fgr":"ce480d53728605674fcfd8ffb51000d8a33bf32de7c7f1e26b4d428f8a91362d","key":"JH-36HoBo4EYIoVhHh2F:uEo4dksARMq_BSHaAHUr8Q"}`
	v2Token = "eyJ2ZXIiOiI4LjE0LjAiLCJhZHIiOlsiMTI3LjAuMC4xOjkyMDAiLCJbOjoxXTo5MjAwIl0sImZnciI6ImNlNDgwZDUzNzI4NjA1Njc0ZmNmZDhmZmI1MTAwMGQ4YTMzYmYzMmRlN2M3ZjFlMjZiNGQ0MjhmOGE5MTM2MmQiLCJrZXkiOiJKSC0zNkhvQm80RVlJb1ZoSGgyRjp1RW80ZGtzQVJNcV9CU0hhQUhVcjhRIn0="
	v2Hdr   = "ApiKey SkgtMzZIb0JvNEVZSW9WaEhoMkY6dUVvNGRrc0FSTXFfQlNIYUFIVXI4UQ=="
)

func TestVectorsDecodeAndEncode(t *testing.T) {
	for _, v := range []struct{ json, token, header string }{{v1JSON, v1Token, v1Hdr}, {v2JSON, v2Token, v2Hdr}} {
		tok, err := Decode(v.token)
		if err != nil {
			t.Fatalf("vector does not decode: %v", err)
		}
		if got := string(tok.json()); got != v.json {
			t.Fatalf("JSON\n got %s\nwant %s", got, v.json)
		}
		enc, err := tok.Encode()
		if err != nil || enc != v.token {
			t.Fatalf("re-encode = %q, %v", enc, err)
		}
		if tok.APIKeyHeader() != v.header {
			t.Fatalf("header = %q", tok.APIKeyHeader())
		}
	}
	if len(v1JSON) != 222 || len(v1Token) != 296 || len(v2JSON) != 179 || len(v2Token) != 240 {
		t.Fatal("vector lengths differ from the contract")
	}
}

func TestDecodeRejectsEveryNegativeCase(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	fgr := "ce480d53728605674fcfd8ffb51000d8a33bf32de7c7f1e26b4d428f8a91362d"
	colons := strings.ToUpper(strings.Join(splitPairs(fgr), ":"))
	cases := map[string]struct {
		token string
		rule  int
	}{
		"extra key":        {b64(strings.TrimSuffix(v1JSON, "}") + `,"x":1}`), 3},
		"fgr uppercase":    {b64(strings.Replace(v1JSON, fgr, strings.ToUpper(fgr), 1)), 6},
		"fgr with colons":  {b64(strings.Replace(v1JSON, fgr, colons, 1)), 6},
		"adr empty":        {b64(strings.Replace(v2JSON, `["127.0.0.1:9200","[::1]:9200"]`, `[]`, 1)), 5},
		"adr bare string":  {b64(strings.Replace(v2JSON, `["127.0.0.1:9200","[::1]:9200"]`, `"127.0.0.1:9200"`, 1)), 5},
		"adr not a URI":    {b64(strings.Replace(v2JSON, `"127.0.0.1:9200"`, `"127.0.0.1:9200/path"`, 1)), 5},
		"key without :":    {b64(strings.Replace(v2JSON, "JH-36HoBo4EYIoVhHh2F:", "JH-36HoBo4EYIoVhHh2F", 1)), 7},
		"ver not a string": {b64(strings.Replace(v2JSON, `"8.14.0"`, `8.14`, 1)), 4},
		"url-safe -":       {strings.Replace(v1Token, "a", "-", 1), 1},
		"url-safe _":       {strings.Replace(v1Token, "a", "_", 1), 1},
		"whitespace":       {v1Token[:10] + " " + v1Token[10:], 1},
		"newline":          {v1Token + "\n", 1},
		"raw JSON":         {v1JSON, 1},
		"{}":               {b64("{}"), 3},
		"[]":               {b64("[]"), 2},
		"null":             {b64("null"), 2},
		"empty":            {"", 1},
		"not canonical":    {b64(strings.Replace(v2JSON, `,"adr"`, `, "adr"`, 1)), 8},
		"key order":        {b64(`{"adr":["127.0.0.1:9200"],"ver":"8.14.0","fgr":"` + fgr + `","key":"a:b"}`), 8},
		"missing padding":  {strings.TrimSuffix(v2Token, "="), 1},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Decode(c.token)
			var te *TokenError
			if !errors.As(err, &te) {
				t.Fatalf("accepted: %v", err)
			}
			if te.Rule != c.rule {
				t.Fatalf("rule %d, want %d: %v", te.Rule, c.rule, err)
			}
			if strings.Contains(err.Error(), "x3YqU_rqQwm") || strings.Contains(err.Error(), "uEo4dksARMq") {
				t.Fatalf("the error shows the key: %v", err)
			}
		})
	}
}

func splitPairs(s string) []string {
	var out []string
	for i := 0; i < len(s); i += 2 {
		out = append(out, s[i:i+2])
	}
	return out
}

type fakeResolver map[string]string

func (f fakeResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	if ip, ok := f[host]; ok {
		return []net.IPAddr{{IP: net.ParseIP(ip)}}, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// Contract §4.2 vectors, from ExternalEnrollmentTokenGeneratorTests.
func TestSelectAddressesVectors(t *testing.T) {
	r := fakeResolver{"es01": "172.18.0.2"}
	cases := []struct {
		bound   []string
		publish string
		want    []string
	}{
		{[]string{"[::1]:9200", "127.0.0.1:9200", "192.168.0.1:9201", "172.16.254.1:9202", "[2001:db8:0:1234:0:567:8:1]:9203"}, "",
			[]string{"192.168.0.1:9201", "172.16.254.1:9202", "[2001:db8:0:1234:0:567:8:1]:9203"}},
		{[]string{"0.0.0.0:9200", "172.17.0.2:9200"}, "", []string{"172.17.0.2:9200"}},
		{[]string{"0.0.0.0:9200", "[::1]:9200", "127.0.0.1:9200"}, "", []string{"127.0.0.1:9200", "[::1]:9200"}},
		{[]string{"[::1]:9200", "127.0.0.1:9200", "[::1]:9200", "127.0.0.1:9200"}, "", []string{"127.0.0.1:9200", "[::1]:9200"}},
		{[]string{"128.255.255.255", "[::1]:9200", "127.0.0.1:9200"}, "", []string{"128.255.255.255"}},
		// End-to-end vector: publish 127.0.0.1:9200 adds nothing non-local.
		{[]string{"[::1]:9200", "127.0.0.1:9200", "192.168.0.1:9201", "172.16.254.1:9202", "[2001:db8:0:1234:0:567:8:1]:9203"}, "127.0.0.1:9200",
			[]string{"192.168.0.1:9201", "172.16.254.1:9202", "[2001:db8:0:1234:0:567:8:1]:9203"}},
		// hostname/ip:port publish form: only the part after '/'.
		{[]string{"[::1]:9200", "127.0.0.1:9200", "172.18.0.2:9200"}, "es01/172.18.0.2:9200", []string{"172.18.0.2:9200"}},
		// A resolvable host name counts by its address.
		{[]string{"es01:9200"}, "", []string{"es01:9200"}},
	}
	for i, c := range cases {
		got, err := SelectAddresses(context.Background(), r, c.bound, c.publish)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("case %d: got %v, %v; want %v", i, got, err, c.want)
		}
	}
	if _, err := SelectAddresses(context.Background(), r, []string{"nldfnbndflbnl"}, ""); err == nil {
		t.Error("an unknown host must fail")
	}
	if _, err := SelectAddresses(context.Background(), r, []string{"0.0.0.0:9200"}, ""); !errors.Is(err, ErrNoAddresses) {
		t.Errorf("only wildcards: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(v1Token)
	f.Add(v2Token)
	f.Add(base64.StdEncoding.EncodeToString([]byte(`{"ver":"1","adr":["a:1"],"fgr":"` + strings.Repeat("0", 64) + `","key":"a:b"}`)))
	f.Add("")
	f.Add("e30=")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := Decode(s)
		if err != nil {
			var te *TokenError
			if !errors.As(err, &te) {
				t.Fatalf("untyped error %T", err)
			}
			return
		}
		// Anything accepted is canonical: it re-encodes to itself and
		// passes validation.
		enc, err := tok.Encode()
		if err != nil || enc != s {
			t.Fatalf("accepted %q but re-encodes to %q (%v)", s, enc, err)
		}
	})
}

// A crafted token with a terminal escape (or any other non-printable
// character) in ver, an address or the key is invalid, and the reason
// shows neither the raw character nor the key.
func TestDecodeRejectsNonPrintableFields(t *testing.T) {
	base := EnrollmentToken{Version: "8.14.0", Addresses: []string{"127.0.0.1:9200"},
		Fingerprint: "ce480d53728605674fcfd8ffb51000d8a33bf32de7c7f1e26b4d428f8a91362d", Key: "JH-36HoBo4EYIoVhHh2F:uEo4dksARMq_BSHaAHUr8Q"}
	for name, bad := range sanitizetest.Hostile {
		for _, f := range []struct {
			field  string
			rule   int
			modify func(*EnrollmentToken)
		}{
			{"ver", 4, func(t *EnrollmentToken) { t.Version = "8.14.0" + bad }},
			{"adr", 5, func(t *EnrollmentToken) { t.Addresses = []string{"127.0.0.1:9200", "host" + bad + ":9200"} }},
			{"key id", 7, func(t *EnrollmentToken) { t.Key = "JH-36" + bad + ":uEo4dksARMq_BSHaAHUr8Q" }},
			{"key secret", 7, func(t *EnrollmentToken) { t.Key = "JH-36HoBo4EYIoVhHh2F:uEo4dksARMq" + bad }},
		} {
			t.Run(name+"/"+f.field, func(t *testing.T) {
				tok := base
				f.modify(&tok)
				raw := base64.StdEncoding.EncodeToString(tok.json())
				_, err := Decode(raw)
				var te *TokenError
				if !errors.As(err, &te) {
					t.Fatalf("accepted a token with %q in %s", bad, f.field)
				}
				if name != "invalid" && te.Rule != f.rule { // invalid UTF-8 is re-encoded as U+FFFD: not canonical
					t.Fatalf("rule %d, want %d: %v", te.Rule, f.rule, err)
				}
				if r := sanitizetest.Raw(err.Error()); r != "" || strings.Contains(err.Error(), "uEo4dksARMq") {
					t.Fatalf("the reason shows %q or the key: %v", r, err)
				}
				if _, err := tok.Encode(); err == nil {
					t.Fatalf("Encode accepted %q in %s", bad, f.field)
				}
			})
		}
	}
}
