package enroll

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"errors"
	"github.com/tokentui/tokentui/backend"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend/sim"
)

// V2 of the token format's conformance vectors.
const esV2 = "eyJ2ZXIiOiI4LjE0LjAiLCJhZHIiOlsiMTI3LjAuMC4xOjkyMDAiLCJbOjoxXTo5MjAwIl0sImZnciI6ImNlNDgwZDUzNzI4NjA1Njc0ZmNmZDhmZmI1MTAwMGQ4YTMzYmYzMmRlN2M3ZjFlMjZiNGQ0MjhmOGE5MTM2MmQiLCJrZXkiOiJKSC0zNkhvQm80RVlJb1ZoSGgyRjp1RW80ZGtzQVJNcV9CU0hhQUhVcjhRIn0="

func TestRecognize(t *testing.T) {
	for token, want := range map[string]backend.System{
		esV2: backend.Elasticsearch,
		"VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==": backend.Fleet,
		"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3YTRkYjVhMC1kMDViLTQzZjctODRhMy1jZGRiODFmNTI1NGYiLCJyb2xlcyI6WyJhbGxvY2F0b3IiXSwiaXNzIjoiY3VycmVudCIsInBlcnNpc3RlbnQiOnRydWV9.c2ln": backend.ECE,
	} {
		got, err := Recognize(token)
		if err != nil || got != want {
			t.Errorf("%.20s…: %q %v, want %q", token, got, err, want)
		}
	}
	for _, bad := range []string{"", "hello", base64.StdEncoding.EncodeToString([]byte("a:b:c")), "eyJ2ZXIiOiI4In0="} {
		if k, err := Recognize(bad); err == nil {
			t.Errorf("%q recognised as %s", bad, k)
		}
	}
	c, err := parseJWT("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3YTRkYjVhMC1kMDViLTQzZjctODRhMy1jZGRiODFmNTI1NGYiLCJyb2xlcyI6WyJhbGxvY2F0b3IiXSwiaXNzIjoiY3VycmVudCIsInBlcnNpc3RlbnQiOnRydWV9.c2ln")
	if err != nil || c.Sub != "7a4db5a0-d05b-43f7-84a3-cddb81f5254f" || strings.Join(c.Roles, ",") != "allocator" {
		t.Errorf("claims %+v %v", c, err)
	}
}

// materialCAKey is the RSA key of every material's HTTP CA, made once: a
// 2048-bit key takes seconds under the race detector on a busy machine.
var materialCAKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

// material builds an enroll-node answer the way Elasticsearch encodes it.
func material(t *testing.T, mod func(map[string]any)) []byte {
	t.Helper()
	caKey, err := materialCAKey()
	if err != nil {
		t.Fatal(err)
	}
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "http ca"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	caDER, _ := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	tKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tca := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "transport ca"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: ca.NotBefore, NotAfter: ca.NotAfter}
	tcaDER, _ := x509.CreateCertificate(rand.Reader, tca, tca, &tKey.PublicKey, tKey)
	tcaCert, _ := x509.ParseCertificate(tcaDER)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "transport"}, NotBefore: ca.NotBefore, NotAfter: ca.NotAfter}
	leafDER, _ := x509.CreateCertificate(rand.Reader, leaf, tcaCert, &leafKey.PublicKey, tKey)
	pk := func(k any) string {
		b, _ := x509.MarshalPKCS8PrivateKey(k)
		return base64.StdEncoding.EncodeToString(b)
	}
	b64 := base64.StdEncoding.EncodeToString
	m := map[string]any{"http_ca_key": pk(caKey), "http_ca_cert": b64(caDER), "transport_ca_cert": b64(tcaDER),
		"transport_key": pk(leafKey), "transport_cert": b64(leafDER), "nodes_addresses": []string{"127.0.0.1:9300"}}
	if mod != nil {
		mod(m)
	}
	body, _ := json.Marshal(m)
	return body
}

func TestParseNodeMaterial(t *testing.T) {
	m, err := ParseNodeMaterial(material(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	if m.HTTPCACert.Subject.CommonName != "http ca" || keyName(m.HTTPCAKey) != "RSA-2048 key" || m.TransportCert.Subject.CommonName != "transport" ||
		m.SeedHosts[0] != "127.0.0.1:9300" {
		t.Errorf("%+v", m)
	}
	for name, c := range map[string]struct {
		mod  func(map[string]any)
		want string
	}{
		"missing":     {func(m map[string]any) { delete(m, "transport_key"); m["nodes_addresses"] = []string{} }, "The following fields were empty or missing : [nodes_addresses, transport_key]"},
		"placeholder": {func(m map[string]any) { m["http_ca_key"] = base64.StdEncoding.EncodeToString([]byte("simulated")) }, "Failed to parse Private Key"},
		"bad cert":    {func(m map[string]any) { m["transport_cert"] = "AAAA" }, "Failed to parse Certificate"},
		"two certs":   {func(m map[string]any) { m["http_ca_cert"] = twice(m["http_ca_cert"].(string)) }, "multiple certificates"},
		"ec ca key": {func(m map[string]any) {
			k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			b, _ := x509.MarshalPKCS8PrivateKey(k)
			m["http_ca_key"] = base64.StdEncoding.EncodeToString(b)
		}, "not RSA"},
		"foreign transport": {func(m map[string]any) { m["transport_ca_cert"] = m["http_ca_cert"] }, "not signed by the transport CA"},
	} {
		if _, err := ParseNodeMaterial(material(t, c.mod)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

func twice(b64 string) string {
	der, _ := base64.StdEncoding.DecodeString(b64)
	return base64.StdEncoding.EncodeToString(append(der, der...))
}

func TestCompatible(t *testing.T) {
	for _, c := range []struct {
		es, kb string
		ok     bool
	}{{"8.19.7", "8.19.7", true}, {"8.19.7", "8.14.0", true}, {"8.14.0", "8.19.0", false}, {"9.1.0", "8.19.0", false}, {"x", "8.1.0", false}} {
		if compatible(c.es, c.kb) != c.ok {
			t.Errorf("%+v", c)
		}
	}
}

func TestDemoCANameIsTheStacks(t *testing.T) {
	s, err := sim.Start(sim.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.CA.Cert.Subject.CommonName != DemoCAName {
		t.Fatalf("the demo Stack's CA is %q: demo enroll would not recognise it", s.CA.Cert.Subject.CommonName)
	}
	for _, u := range []string{s.ESURL, s.KibanaURL, s.ECEURL} {
		hp, _ := hostPort(u)
		if _, err := CheckDemo(context.Background(), "x", hp, s.CA.PEM); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestCheckDemoRefusesOthers(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler()) // loopback, but its own CA
	defer srv.Close()
	s, err := sim.Start(sim.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var nd *NotDemoError
	hp, _ := hostPort(srv.URL)
	if _, err := CheckDemo(context.Background(), "Kibana", hp, s.CA.PEM); !errors.As(err, &nd) || !strings.Contains(err.Error(), "not signed by the demo CA") {
		t.Errorf("foreign CA: %v", err)
	}
	if _, err := CheckDemo(context.Background(), "Kibana", "kibana.example.com:5601", s.CA.PEM); !errors.As(err, &nd) || !strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("remote host: %v", err)
	}
	if _, err := hostPort("http://127.0.0.1:5601"); err == nil {
		t.Error("plain HTTP passes")
	}
	// Without a CA file: the CA the server presents must be the demo's.
	if _, err := CheckDemo(context.Background(), "the node", hp, nil); !errors.As(err, &nd) {
		t.Errorf("presented foreign CA: %v", err)
	}
}
