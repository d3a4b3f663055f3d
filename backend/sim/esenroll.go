package sim

import (
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// nodeMaterial is what the enroll-node API hands out, made on its first
// call: the HTTP keystore's CA entry itself with its key, as
// TransportNodeEnrollmentAction does (the CA whose SHA-256 the token's fgr
// pins; the Stack makes it RSA, since the new node signs its own HTTP
// certificate with that key using SHA256withRSA), and the transport CA
// with the node's transport key and certificate (every node shares them
// after auto-configuration), signed by the HTTP CA here.
type nodeMaterial struct {
	httpCA, transportCA *CA
	httpCAKey           []byte // PKCS#8 DER
	transportKey        []byte // PKCS#8 DER
	transportCert       []byte // DER
}

func newNodeMaterial(root *CA) (*nodeMaterial, error) {
	httpCA := root
	transportCA, err := root.SubCA("Elasticsearch security auto-configuration transport CA", false)
	if err != nil {
		return nil, err
	}
	key, cert, err := transportCA.issue("es01", x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth)
	if err != nil {
		return nil, err
	}
	m := &nodeMaterial{httpCA: httpCA, transportCA: transportCA, transportCert: cert}
	if m.transportKey, err = x509.MarshalPKCS8PrivateKey(key); err != nil {
		return nil, err
	}
	if m.httpCAKey, err = httpCA.KeyPKCS8(); err != nil {
		return nil, err
	}
	return m, nil
}

// material returns the enroll-node material, made once.
func (s *Elasticsearch) material() (*nodeMaterial, error) {
	s.materialMu.Lock()
	defer s.materialMu.Unlock()
	if s.nodeMaterial != nil {
		return s.nodeMaterial, nil
	}
	s.mu.Lock()
	root := s.httpCA
	s.mu.Unlock()
	if root == nil {
		return nil, errors.New("no HTTP CA")
	}
	m, err := newNodeMaterial(root)
	if err == nil {
		s.nodeMaterial = m
	}
	return m, err
}

// enrollNode serves GET /_security/enroll/node: an HTTP CA with its RSA
// key, the transport CA, key and certificate, every value standard base64
// of DER (keys PKCS#8) on one line, and the transport addresses to join.
// The caller then counts as one more node of the cluster: the simulator
// models a node's join by its visible result.
func (s *Elasticsearch) enrollNode(w http.ResponseWriter, _ *http.Request, p *Principal) {
	if !s.enrollGate(w, p, EnrollActions["node"]) {
		return
	}
	m, err := s.material()
	if err != nil {
		esError(w, http.StatusInternalServerError, "exception",
			"Unable to enroll node. Elasticsearch node HTTP layer SSL configuration is not configured with a keystore")
		return
	}
	seeds := s.join(s.Realm.gen.str(urlSafe, 22))
	b64 := base64.StdEncoding.EncodeToString
	writeJSON(w, http.StatusOK, map[string]any{
		"http_ca_key": b64(m.httpCAKey), "http_ca_cert": b64(m.httpCA.Cert.Raw), "transport_ca_cert": b64(m.transportCA.Cert.Raw),
		"transport_key": b64(m.transportKey), "transport_cert": b64(m.transportCert), "nodes_addresses": seeds,
	})
}

// enrollKibana serves GET /_security/enroll/kibana: a new elastic/kibana
// service-account token on every call, and the HTTP CA.
func (s *Elasticsearch) enrollKibana(w http.ResponseWriter, _ *http.Request, p *Principal) {
	if !s.enrollGate(w, p, EnrollActions["kibana"]) {
		return
	}
	s.mu.Lock()
	ca := s.httpCA
	s.mu.Unlock()
	if ca == nil {
		esError(w, http.StatusInternalServerError, "exception",
			"Unable to enroll kibana instance. Elasticsearch node HTTP layer SSL configuration is not configured with a keystore")
		return
	}
	name := fmt.Sprintf("enroll-process-token-%d", s.Realm.clock.Now().UnixMilli())
	value := s.Realm.serviceToken("elastic/kibana", name)
	writeJSON(w, http.StatusOK, map[string]any{
		"token":   map[string]any{"name": name, "value": value},
		"http_ca": base64.StdEncoding.EncodeToString(ca.Cert.Raw),
	})
}

// serviceToken makes a service-account token in Elasticsearch's bearer
// format: standard base64 without padding of the bytes 00 01 00 01 and
// "<account>/<token name>:<secret>".
func (r *Realm) serviceToken(account, name string) string {
	secret := r.gen.str(urlSafe, 22)
	value := base64.RawStdEncoding.EncodeToString(append([]byte{0, 1, 0, 1}, account+"/"+name+":"+secret...))
	r.mu.Lock()
	r.service[value] = account
	r.mu.Unlock()
	return value
}

// serviceTokenName reads the token name out of a service-account bearer
// token ("" when it is not one).
func serviceTokenName(bearer string) string {
	raw, err := base64.RawStdEncoding.DecodeString(bearer)
	if err != nil || len(raw) < 4 {
		return ""
	}
	cred, _, _ := strings.Cut(string(raw[4:]), ":")
	if i := strings.LastIndex(cred, "/"); i >= 0 {
		return cred[i+1:]
	}
	return ""
}

// serviceAccounts holds the cluster privileges of the service accounts: the
// elastic/kibana account has the kibana_system role, whose cluster
// privileges include monitor and manage_own_api_key but not
// manage_security (so it cannot call the enroll APIs).
var serviceAccounts = map[string][]string{
	"elastic/kibana": {"monitor", "manage_index_templates", "manage_token", "manage_pipeline", "manage_ilm",
		"manage_own_api_key", "cluster:admin/xpack/security/api_key/invalidate", "grant_api_key"},
}

// serviceCan reports whether a service account may perform a cluster action.
func serviceCan(account, action string) bool { return holds(serviceAccounts[account], action) }
