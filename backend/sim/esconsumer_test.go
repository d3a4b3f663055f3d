package sim

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"
)

// plain sends a request whose answer need not be JSON (HEAD, OPTIONS).
func (r *raw) plain(method, path string) *http.Response {
	r.t.Helper()
	req, _ := http.NewRequest(method, r.base+path, nil)
	if r.auth != "" {
		req.Header.Set("Authorization", r.auth)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestElasticsearchPingAndOptions(t *testing.T) {
	s, _ := startStack(t)
	es := newRaw(t, s, s.ESURL, basic("elastic", s.Creds.ESPassword))
	anon := newRaw(t, s, s.ESURL, "")

	// HEAD / is the ping API: 401 without credentials, 200 with them.
	if resp := anon.plain("HEAD", "/"); resp.StatusCode != 401 || resp.Header.Get("X-Elastic-Product") != "Elasticsearch" || resp.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("anonymous HEAD /: %d %v", resp.StatusCode, resp.Header)
	}
	if resp := es.plain("HEAD", "/"); resp.StatusCode != 200 {
		t.Fatalf("HEAD /: %d", resp.StatusCode)
	}
	// OPTIONS skips authentication and names the product.
	resp := anon.plain("OPTIONS", "/")
	if resp.StatusCode != 200 || resp.Header.Get("X-Elastic-Product") != "Elasticsearch" ||
		resp.Header.Get("Allow") != "GET,HEAD" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("OPTIONS /: %d %v", resp.StatusCode, resp.Header)
	}
	if allow := anon.plain("OPTIONS", "/_security/api_key").Header.Get("Allow"); allow != "GET,HEAD,POST,PUT,DELETE" {
		t.Fatalf("OPTIONS /_security/api_key: Allow %q", allow)
	}
}

func TestElasticsearchNodesAndHealth(t *testing.T) {
	s, _ := startStack(t)
	es := newRaw(t, s, s.ESURL, basic("elastic", s.Creds.ESPassword))
	required := []string{`"attributes":{}`, `"build_flavor":"default"`, `"build_hash":"`, `"build_type":"docker"`,
		`"transport_address":"127.0.0.1:9300"`, `"roles":[`, `"transport_version":`, `"index_version":`, `"component_versions":`}
	for _, path := range []string{"/_nodes", "/_nodes/_local", "/_nodes/http", "/_nodes/_local/http", "/_nodes/es01/info/http", "/_nodes/_all/_none"} {
		a := es.do("GET", path, "").want(t, 200, required...)
		withHTTP := !strings.HasSuffix(path, "_none")
		if strings.Contains(a.text, `"http":{`) != withHTTP {
			t.Fatalf("%s: http block %v: %s", path, withHTTP, a.text)
		}
	}
	es.do("GET", "/_nodes/nosuchnode", "").want(t, 200, `"nodes":{}`, `"total":0`)

	// Kibana's version check, with its filter_path.
	a := es.do("GET", "/_nodes/_all/_none?filter_path=nodes.*.version,nodes.*.http.publish_address,nodes.*.ip", "").want(t, 200)
	if want := `{"nodes":{"q1w2e3r4t5y6u7i8o9p0aa":{"ip":"127.0.0.1","version":"` + ESVersion + `"}}}` + "\n"; a.text != want {
		t.Fatalf("filtered nodes info %s, want %s", a.text, want)
	}
	es.do("GET", "/_cluster/health", "").want(t, 200, `"unassigned_primary_shards":0`, `"number_of_nodes":1`, `"active_shards_percent_as_number":100`)
	if a := es.do("GET", "/_cluster/health?filter_path=status,-nothing", ""); a.text != `{"status":"green"}`+"\n" {
		t.Fatalf("filtered health %s", a.text)
	}
	if a := es.do("GET", "/?filter_path=version.number", ""); a.text != `{"version":{"number":"`+ESVersion+`"}}`+"\n" {
		t.Fatalf("filtered root %s", a.text)
	}
	if a := es.do("GET", "/?filter_path=nothing.here", ""); a.text != "{}\n" {
		t.Fatalf("a filter that matches nothing: %s", a.text)
	}
}

func TestFilterPath(t *testing.T) {
	doc := map[string]any{"a": map[string]any{"b": map[string]any{"state": 1, "other": 2}, "c": []any{map[string]any{"state": 3, "x": 4}}}, "top": 5}
	for spec, want := range map[string]string{
		"a.**.state":      `{"a":{"b":{"state":1},"c":[{"state":3}]}}`,
		"**.state":        `{"a":{"b":{"state":1},"c":[{"state":3}]}}`,
		"-a.b,a":          `{"a":{"c":[{"state":3,"x":4}]}}`,
		"-**.state":       `{"a":{"b":{"other":2},"c":[{"x":4}]},"top":5}`,
		"t*":              `{"top":5}`,
		"a.b.st*,-a.b.st": `{"a":{"b":{"state":1}}}`,
	} {
		var include, exclude [][]string
		for _, p := range strings.Split(spec, ",") {
			if rest, ok := strings.CutPrefix(p, "-"); ok {
				exclude = append(exclude, strings.Split(rest, "."))
			} else {
				include = append(include, strings.Split(p, "."))
			}
		}
		var v any = doc
		if exclude != nil {
			v = excludePaths(v, exclude)
		}
		if include != nil {
			v, _ = includePaths(v, include)
		}
		got, _ := json.Marshal(v)
		if string(got) != want {
			t.Errorf("%s: %s, want %s", spec, got, want)
		}
	}
}

func TestElasticsearchErrorWording(t *testing.T) {
	s, _ := startStack(t)
	es := newRaw(t, s, s.ESURL, basic("elastic", s.Creds.ESPassword))
	a := es.do("DELETE", "/_security/api_key", `{"id":"x"}`).want(t, 400, "x_content_parse_exception", `"reason":"[1:2] [invalidate_api_key] unknown field [id]"`)
	if strings.Contains(a.text, "json:") {
		t.Fatalf("Go's decoder wording: %s", a.text)
	}
	es.do("POST", "/_security/api_key", "{\n  \"name\": \"x\",\n  \"bogus\": 1\n}").want(t, 400, `"reason":"[3:3] [api_key_request] unknown field [bogus]"`)
	es.do("DELETE", "/_security/api_key", `{"ids":"x"}`).want(t, 400, `[invalidate_api_key] failed to parse field [ids]`)
	es.do("DELETE", "/_security/api_key", "", "Content-Type", "application/json").want(t, 400, "request body is required")
}

func TestElasticsearchWithLimitedBy(t *testing.T) {
	s, _ := startStack(t)
	es := newRaw(t, s, s.ESURL, basic("elastic", s.Creds.ESPassword))
	id := es.do("POST", "/_security/api_key", `{"name":"k"}`).want(t, 200).body["id"].(string)
	es.do("GET", "/_security/api_key?id="+id+"&with_limited_by=true", "").want(t, 200, `"limited_by":[{"superuser":{"applications":[],"cluster":["all"]`)
	if strings.Contains(es.do("GET", "/_security/api_key?id="+id, "").text, "limited_by") {
		t.Fatal("limited_by without with_limited_by")
	}
}

// TestKibanaEnrollmentFlow runs Kibana's calls after enroll/kibana with the
// service token it returns.
func TestKibanaEnrollmentFlow(t *testing.T) {
	s, clock := startStack(t)
	es := newRaw(t, s, s.ESURL, basic("elastic", s.Creds.ESPassword))
	key := es.do("PUT", "/_security/api_key", `{"name":"enrollment_token_API_key_k","expiration":"30m","role_descriptors":{"create_enrollment_token":{"cluster":["cluster:admin/xpack/security/enroll/kibana"]}}}`).want(t, 200).body
	enroll := newRaw(t, s, s.ESURL, "ApiKey "+key["encoded"].(string)).do("GET", "/_security/enroll/kibana", "").want(t, 200).body
	token := enroll["token"].(map[string]any)
	name, value := token["name"].(string), token["value"].(string)
	if name != "enroll-process-token-"+itoa(clock.Now().UnixMilli()) {
		t.Fatalf("token name %q", name)
	}
	decoded, err := base64.RawStdEncoding.DecodeString(value)
	if err != nil || !bytes.HasPrefix(decoded, []byte("\x00\x01\x00\x01elastic/kibana/"+name+":")) || len(decoded) != 4+len("elastic/kibana/"+name+":")+22 {
		t.Fatalf("service token %q decodes to %q (%v)", value, decoded, err)
	}
	ca, err := base64.StdEncoding.DecodeString(enroll["http_ca"].(string))
	if err != nil || !bytes.Equal(ca, s.CA.Cert.Raw) {
		t.Fatal("http_ca is not the HTTP CA")
	}
	kibana := newRaw(t, s, s.ESURL, "Bearer "+value)
	kibana.do("GET", "/_security/_authenticate", "").want(t, 200, `"username":"elastic/kibana"`, `"full_name":"Service account - elastic/kibana"`,
		`"_elastic_service_account":true`, `"authentication_type":"token"`, `"name":"`+name+`"`, `"managed_by":"elasticsearch"`)
	kibana.do("GET", "/", "").want(t, 200)
	kibana.do("GET", "/_nodes/_local/http", "").want(t, 200)
	kibana.do("GET", "/_cluster/health", "").want(t, 200)
	kibana.do("GET", "/_nodes/_all/_none?filter_path=nodes.*.version,nodes.*.http.publish_address,nodes.*.ip", "").want(t, 200, `"version":"`+ESVersion+`"`)
	kibana.do("GET", "/_security/enroll/kibana", "").want(t, 403, "is unauthorized for user [elastic/kibana]")
	kibana.do("GET", "/_security/enroll/node", "").want(t, 403)
}

func itoa(n int64) string { return big.NewInt(n).String() }

// TestNodeEnrollmentMaterialParses parses the enroll-node answer with the
// standard library as a new node does, signs a node certificate with the
// CA key, and sees the cluster count one more node.
func TestNodeEnrollmentMaterialParses(t *testing.T) {
	s, _ := startStack(t)
	es := newRaw(t, s, s.ESURL, basic("elastic", s.Creds.ESPassword))
	key := es.do("PUT", "/_security/api_key", `{"name":"enrollment_token_API_key_n","expiration":"30m","role_descriptors":{"create_enrollment_token":{"cluster":["cluster:admin/xpack/security/enroll/node"]}}}`).want(t, 200).body
	node := newRaw(t, s, s.ESURL, "ApiKey "+key["encoded"].(string))
	body := node.do("GET", "/_security/enroll/node", "").want(t, 200).body

	field := func(name string) []byte {
		v, _ := body[name].(string)
		if v == "" || strings.ContainsAny(v, "\n\r") || strings.HasPrefix(v, "-----") {
			t.Fatalf("%s: empty, multi-line or PEM: %q", name, v)
		}
		der, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			t.Fatalf("%s: not standard base64: %v", name, err)
		}
		return der
	}
	oneCert := func(name string) *x509.Certificate {
		certs, err := x509.ParseCertificates(field(name))
		if err != nil || len(certs) != 1 {
			t.Fatalf("%s: %d certificates, %v", name, len(certs), err)
		}
		return certs[0]
	}
	// The HTTP CA is the HTTP keystore's CA entry: the very CA the
	// token's fingerprint pins (TransportNodeEnrollmentAction), not one
	// made for the occasion.
	httpCA := oneCert("http_ca_cert")
	if !bytes.Equal(httpCA.Raw, s.CA.Cert.Raw) {
		t.Fatalf("http_ca_cert is %q, not the pinned CA %q", httpCA.Subject.CommonName, s.CA.Cert.Subject.CommonName)
	}
	pinned := x509.NewCertPool()
	pinned.AddCert(s.CA.Cert)
	if _, err := httpCA.Verify(x509.VerifyOptions{Roots: pinned, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil || !httpCA.IsCA {
		t.Fatalf("http_ca_cert (CA %v) does not chain to the pinned CA: %v", httpCA.IsCA, err)
	}
	caKey, err := x509.ParsePKCS8PrivateKey(field("http_ca_key"))
	if err != nil {
		t.Fatalf("http_ca_key: %v", err)
	}
	rsaKey, ok := caKey.(*rsa.PrivateKey)
	if !ok || !rsaKey.PublicKey.Equal(httpCA.PublicKey) {
		t.Fatalf("http_ca_key is %T, or not the CA's key", caKey)
	}
	// The node signs its own HTTP certificate with SHA256withRSA.
	nodeKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "es02"}, DNSNames: []string{"localhost"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(2 * 365 * 24 * time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, SignatureAlgorithm: x509.SHA256WithRSA}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, httpCA, &nodeKey.PublicKey, rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	signed, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(httpCA)
	if _, err := signed.Verify(x509.VerifyOptions{Roots: pool, DNSName: "localhost"}); err != nil {
		t.Fatalf("a certificate signed with http_ca_key does not chain to http_ca_cert: %v", err)
	}
	if _, err := signed.Verify(x509.VerifyOptions{Roots: pinned, Intermediates: pool, DNSName: "localhost"}); err != nil {
		t.Fatalf("a certificate signed with http_ca_key does not chain to the pinned CA: %v", err)
	}
	trCA, trCert := oneCert("transport_ca_cert"), oneCert("transport_cert")
	if _, err := x509.ParsePKCS8PrivateKey(field("transport_key")); err != nil {
		t.Fatalf("transport_key: %v", err)
	}
	trPool := x509.NewCertPool()
	trPool.AddCert(trCA)
	if !trCA.IsCA {
		t.Fatal("transport_ca_cert is no CA")
	}
	if _, err := trCert.Verify(x509.VerifyOptions{Roots: trPool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		t.Fatalf("transport_cert does not chain to transport_ca_cert: %v", err)
	}
	if addrs, _ := body["nodes_addresses"].([]any); len(addrs) != 1 || addrs[0] != "127.0.0.1:9300" {
		t.Fatalf("nodes_addresses %v", body["nodes_addresses"])
	}

	// The node joined: the cluster has two nodes.
	es.do("GET", "/_cluster/health", "").want(t, 200, `"number_of_nodes":2`)
	es.do("GET", "/_nodes/_all/_none?filter_path=nodes.*.name", "").want(t, 200, `"name":"es01"`, `"name":"es02"`)
	es.do("GET", "/_nodes/_local/http", "").want(t, 200, `"total":1`)
	if s.ES.EnrolledNodes() != 1 {
		t.Fatal("EnrolledNodes")
	}
	// An invalidated key is refused.
	es.do("DELETE", "/_security/api_key", `{"ids":["`+key["id"].(string)+`"]}`).want(t, 200)
	node.do("GET", "/_security/enroll/node", "").want(t, 401)
}
