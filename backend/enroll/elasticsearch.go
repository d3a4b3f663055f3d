package enroll

//lint:file-ignore ST1005 the errors are worded as the Elasticsearch and Kibana tools word them, capitals included

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/transport"
)

// elasticsearch runs a new node's or a new Kibana's side of an
// Elasticsearch token. The token does not say its scope: unless told,
// the node's call comes first, and a 403 that names the action (the key
// is a kibana key) turns to Kibana's flow; that refusal changes nothing.
func (r *runner) elasticsearch(ctx context.Context, token string) (Result, error) {
	var tok elasticsearch.EnrollmentToken
	if _, err := r.step("Decode the token", func() (string, error) {
		var err error
		tok, err = elasticsearch.Decode(token)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("version %s, addresses %s, CA fingerprint %s…, API key id %s",
			tok.Version, strings.Join(tok.Addresses, ", "), tok.Fingerprint[:16], tok.KeyID()), nil
	}); err != nil {
		return Result{}, err
	}
	var pinned *x509.Certificate
	var reachable []string
	for _, adr := range tok.Addresses {
		var unreachable error
		if _, err := r.step("Check "+adr+" is the demo, pinning the token's CA", func() (string, error) {
			chain, err := CheckDemo(ctx, "the node", adr, nil)
			var nd *NotDemoError
			if err != nil && !errors.As(err, &nd) {
				// As a node: an address that does not answer is skipped.
				unreachable = fmt.Errorf("Unable to communicate with the node on https://%s. Error was %v", adr, err)
				return "", unreachable
			}
			if err != nil {
				return "", err
			}
			// A new node trusts only chain[1], the leaf's issuer.
			if len(chain) < 2 {
				return "", &RefusedError{Reason: "CA certificate not in chain, or self-signed certificate"}
			}
			if transport.Fingerprint(chain[1]) != tok.Fingerprint {
				return "", &RefusedError{Reason: fmt.Sprintf("wrong fingerprint: the server's CA %q has SHA-256 %s, the token pins %s",
					chain[1].Subject.CommonName, transport.Fingerprint(chain[1]), tok.Fingerprint)}
			}
			pinned = chain[1]
			return fmt.Sprintf("the server presents %q issued by %q, whose SHA-256 is the token's fgr", chain[0].Subject.CommonName, chain[1].Subject.CommonName), nil
		}); err != nil && err != unreachable {
			return Result{}, err
		} else if err == nil {
			reachable = append(reachable, adr)
		}
	}
	if len(reachable) == 0 {
		return Result{}, fmt.Errorf("could not communicate with the node on any of the addresses from the enrollment token: %s", strings.Join(tok.Addresses, ", "))
	}
	tok.Addresses = reachable
	switch r.env.ESScope {
	case "kibana":
		return r.kibana(ctx, tok)
	case "node", "":
		res, err := r.node(ctx, tok, pinned)
		if errors.Is(err, errNotNodeKey) {
			return r.kibana(ctx, tok)
		}
		return res, err
	}
	return Result{}, fmt.Errorf("scope must be node or kibana, not %q", r.env.ESScope)
}

// errNotNodeKey says a token of unknown scope is not a node token.
var errNotNodeKey = errors.New("not a node token")

// orderedHosts is Kibana's order: addresses without "[" (IPv4, names)
// before IPv6.
func orderedHosts(adr []string) []string {
	out := slices.Clone(adr)
	slices.SortStableFunc(out, func(a, b string) int {
		return boolInt(strings.Contains(a, "[")) - boolInt(strings.Contains(b, "["))
	})
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// enrollCall is GET /_security/enroll/{node|kibana} at each address in
// order, as the consumer sends it; the first address that answers at all
// ends the loop. A connection failure tries the next.
func (r *runner) enrollCall(ctx context.Context, tok elasticsearch.EnrollmentToken, addrs []string, scope string, out any) (string, error) {
	var errs []error
	for _, adr := range addrs {
		c, err := r.client("https://"+adr, transport.APIKey{Key: strings.TrimPrefix(tok.APIKeyHeader(), "ApiKey ")}, tok.Fingerprint)
		if err != nil {
			return "", err
		}
		path := "/_security/enroll/" + scope
		resp, err := c.Do(ctx, transport.Request{Method: "GET", Path: path, Header: map[string][]string{"Content-Type": {"application/json"}}})
		var te *transport.Error
		if errors.As(err, &te) && te.Kind != transport.KindHTTP {
			errs = append(errs, err)
			continue
		}
		if err != nil {
			return adr, refused(err)
		}
		if err := c.Decode("GET", path, resp.Body, out); err != nil {
			return adr, fmt.Errorf("Empty response when calling the enroll %s API (https://%s%s): %w", scope, adr, path, err)
		}
		return adr, nil
	}
	return "", fmt.Errorf("could not communicate with the node on any of the addresses from the enrollment token (%s): %w",
		strings.Join(addrs, ", "), errors.Join(errs...))
}

type nodeMaterial struct {
	HTTPCAKey       string   `json:"http_ca_key"`
	HTTPCACert      string   `json:"http_ca_cert"`
	TransportCACert string   `json:"transport_ca_cert"`
	TransportKey    string   `json:"transport_key"`
	TransportCert   string   `json:"transport_cert"`
	NodesAddresses  []string `json:"nodes_addresses"`
}

// NodeMaterial is the enroll-node answer as a new node parses it.
type NodeMaterial struct {
	HTTPCAKey       crypto.Signer // RSA; ECDSA only when the caller allows it
	HTTPCACert      *x509.Certificate
	TransportCACert *x509.Certificate
	TransportKey    any // RSA, ECDSA or DSA
	TransportCert   *x509.Certificate
	SeedHosts       []string
}

// ParseNodeMaterial parses the enroll-node answer with the standard
// library as a node does: keys are base64 PKCS#8 DER (the HTTP CA key
// must be RSA: the node signs its HTTP certificate with SHA256withRSA),
// certificates base64 DER, exactly one each; no field may be empty.
func ParseNodeMaterial(body []byte) (NodeMaterial, error) { return parseNodeMaterial(body, false) }

// parseNodeMaterial is ParseNodeMaterial; ecdsaCA also accepts an ECDSA
// HTTP CA key (tokentui --demo's, which no real node ever sees).
func parseNodeMaterial(body []byte, ecdsaCA bool) (NodeMaterial, error) {
	var raw nodeMaterial
	var m NodeMaterial
	if err := jsonDecode(body, &raw); err != nil {
		return m, errors.New("Empty response when calling the enroll node API")
	}
	var missing []string
	for name, v := range map[string]string{"http_ca_key": raw.HTTPCAKey, "http_ca_cert": raw.HTTPCACert,
		"transport_ca_cert": raw.TransportCACert, "transport_key": raw.TransportKey, "transport_cert": raw.TransportCert} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(raw.NodesAddresses) == 0 {
		missing = append(missing, "nodes_addresses")
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return m, fmt.Errorf("Invalid response when calling the enroll node API. The following fields were empty or missing : [%s]", strings.Join(missing, ", "))
	}
	cert := func(s string) (*x509.Certificate, error) {
		der, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, errors.New("Failed to parse Certificate from the response of the Enroll Node API")
		}
		certs, err := x509.ParseCertificates(der)
		if err != nil || len(certs) == 0 {
			return nil, errors.New("Failed to parse Certificate from the response of the Enroll Node API")
		}
		if len(certs) > 1 {
			return nil, errors.New("Enroll node API returned multiple certificates")
		}
		return certs[0], nil
	}
	key := func(s string) (any, error) {
		der, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, errors.New("Failed to parse Private Key from the response of the Enroll Node API")
		}
		k, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			return nil, errors.New("Failed to parse Private Key from the response of the Enroll Node API")
		}
		return k, nil
	}
	var err error
	if m.HTTPCACert, err = cert(raw.HTTPCACert); err != nil {
		return m, err
	}
	if m.TransportCACert, err = cert(raw.TransportCACert); err != nil {
		return m, err
	}
	if m.TransportCert, err = cert(raw.TransportCert); err != nil {
		return m, err
	}
	caKey, err := key(raw.HTTPCAKey)
	if err != nil {
		return m, err
	}
	switch k := caKey.(type) {
	case *rsa.PrivateKey:
		m.HTTPCAKey = k
	case *ecdsa.PrivateKey:
		if ecdsaCA {
			m.HTTPCAKey = k
		}
	}
	if m.HTTPCAKey == nil {
		return m, fmt.Errorf("the HTTP CA key is %T, not RSA: the node could not sign its HTTP certificate with SHA256withRSA", caKey)
	}
	if m.TransportKey, err = key(raw.TransportKey); err != nil {
		return m, err
	}
	m.SeedHosts = raw.NodesAddresses
	// What the node goes on to rely on: the CA key signs under the CA
	// certificate, and the transport certificate chains to its CA.
	if !keyEqual(m.HTTPCAKey.Public(), m.HTTPCACert.PublicKey) {
		return m, errors.New("the HTTP CA key does not belong to the HTTP CA certificate")
	}
	if !m.HTTPCACert.IsCA {
		return m, errors.New("the HTTP CA certificate is not a CA certificate")
	}
	if err := m.TransportCert.CheckSignatureFrom(m.TransportCACert); err != nil {
		return m, fmt.Errorf("the transport certificate is not signed by the transport CA: %v", err)
	}
	if pub, ok := m.TransportKey.(interface{ Public() any }); ok {
		if eq, ok := pub.Public().(interface{ Equal(any) bool }); ok && !eq.Equal(m.TransportCert.PublicKey) {
			return m, errors.New("the transport key does not belong to the transport certificate")
		}
	}
	return m, nil
}

func (r *runner) node(ctx context.Context, tok elasticsearch.EnrollmentToken, pinned *x509.Certificate) (Result, error) {
	if r.env.ESURL != "" {
		if err := r.checkURL(ctx, "Elasticsearch", r.env.ESURL); err != nil {
			return Result{}, err
		}
	}
	before, cluster, countErr := r.countNodes(ctx)
	var body []byte
	var adr string
	notNode := false
	if _, err := r.step("GET /_security/enroll/node, as a new node", func() (string, error) {
		var raw json.RawMessage
		var err error
		adr, err = r.enrollCall(ctx, tok, tok.Addresses, "node", &raw)
		var re *RefusedError
		if r.env.ESScope == "" && errors.As(err, &re) && strings.Contains(re.Reason, "enroll/node] is unauthorized") {
			// The token does not say its scope; this refusal changed
			// nothing and tells it: a kibana token.
			notNode = true
			return "403: the key may not enroll a node, so it is a kibana token", nil
		}
		if err != nil {
			return "", err
		}
		body = raw
		return "200 from " + adr, nil
	}); err != nil {
		return Result{}, err
	}
	if notNode {
		return Result{}, errNotNodeKey
	}
	var m NodeMaterial
	if _, err := r.step("Parse the CA, keys and certificates", func() (string, error) {
		var err error
		if m, err = parseNodeMaterial(body, r.env.ECDSAHTTPCA); err != nil {
			return "", err
		}
		// The node does not check this; it matters for the clients that
		// pin the token's CA and later meet the node's own certificate.
		relation := "the CA the token pins"
		if transport.Fingerprint(m.HTTPCACert) != tok.Fingerprint {
			if pinned == nil || m.HTTPCACert.CheckSignatureFrom(pinned) != nil {
				return "", errors.New("the HTTP CA handed out neither is nor is signed by the CA the token pins")
			}
			relation = "signed by the CA the token pins"
		}
		return fmt.Sprintf("HTTP CA %q (%s) with its %s; transport certificate %q issued by %q; seed hosts %s",
			m.HTTPCACert.Subject.CommonName, relation, keyName(m.HTTPCAKey), m.TransportCert.Subject.CommonName,
			m.TransportCACert.Subject.CommonName, strings.Join(m.SeedHosts, ", ")), nil
	}); err != nil {
		return Result{}, err
	}
	if cluster == "" {
		cluster = "the cluster"
	}
	summary := fmt.Sprintf("a new node would join %s with an HTTP certificate signed by %q and the transport certificate %q, seeded by %s",
		cluster, m.HTTPCACert.Subject.CommonName, m.TransportCert.Subject.CommonName, strings.Join(m.SeedHosts, ", "))
	if countErr == nil {
		if _, err := r.step("The cluster's nodes", func() (string, error) {
			after, _, err := r.countNodes(ctx)
			if err != nil {
				return "", fmt.Errorf("unknown (%v); check with GET /_nodes", err)
			}
			if after <= before {
				return "", fmt.Errorf("the cluster still lists %d node(s)", after)
			}
			return fmt.Sprintf("the cluster now lists %d nodes (was %d)", after, before), nil
		}); err != nil {
			return Result{}, err // the enrollment is not seen where it must show
		}
	}
	r.report(Step{Title: "Result", Detail: summary, Done: true})
	return Result{Summary: summary}, nil
}

// countNodes reads GET /_nodes with the demo's own credentials.
func (r *runner) countNodes(ctx context.Context) (int, string, error) {
	if r.env.ESURL == "" {
		return 0, "", errors.New("no Elasticsearch configured")
	}
	c, err := r.client(r.env.ESURL, r.env.ESAuth, "")
	if err != nil {
		return 0, "", err
	}
	var resp struct {
		ClusterName string         `json:"cluster_name"`
		Nodes       map[string]any `json:"nodes"`
	}
	err = c.JSON(ctx, transport.Request{Method: "GET", Path: "/_nodes/_all/_none"}, &resp)
	return len(resp.Nodes), resp.ClusterName, err
}

type kibanaEnroll struct {
	Token struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"token"`
	HTTPCA string `json:"http_ca"`
}

func (r *runner) kibana(ctx context.Context, tok elasticsearch.EnrollmentToken) (Result, error) {
	var resp kibanaEnroll
	var adr string
	hosts := orderedHosts(tok.Addresses)
	if _, err := r.step("GET /_security/enroll/kibana, as Kibana's setup", func() (string, error) {
		var err error
		adr, err = r.enrollCall(ctx, tok, hosts, "kibana", &resp)
		if err != nil {
			return "", err
		}
		if resp.Token.Value == "" || resp.HTTPCA == "" {
			return "", errors.New("the answer lacks the service token or the HTTP CA")
		}
		return fmt.Sprintf("200 from %s: service token %q for elastic/kibana", adr, resp.Token.Name), nil
	}); err != nil {
		return Result{}, err
	}
	var caPEM []byte
	if _, err := r.step("Read the HTTP CA", func() (string, error) {
		// Kibana also accepts the URL-safe alphabet here.
		b64 := strings.NewReplacer("_", "/", "-", "+").Replace(resp.HTTPCA)
		der, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return "", fmt.Errorf("http_ca is not base64: %v", err)
		}
		ca, err := x509.ParseCertificate(der)
		if err != nil {
			return "", fmt.Errorf("http_ca is not an X.509 certificate: %v", err)
		}
		caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
		return fmt.Sprintf("%q, SHA-256 %s… (Kibana writes it as ca_trusted_fingerprint)", ca.Subject.CommonName, transport.Fingerprint(ca)[:16]), nil
	}); err != nil {
		return Result{}, err
	}
	c, err := transport.New(transport.Config{BaseURL: "https://" + adr, Auth: transport.Bearer{Token: resp.Token.Value},
		CACertPEM: caPEM, Timeout: r.env.Timeout, MaxTries: 1, Trail: r.env.Trail})
	if err != nil {
		return Result{}, err
	}
	if _, err := r.step("GET /_security/_authenticate with the service token", func() (string, error) {
		var who struct {
			Username string `json:"username"`
			Realm    struct {
				Name string `json:"name"`
			} `json:"authentication_realm"`
		}
		if err := c.JSON(ctx, transport.Request{Method: "GET", Path: "/_security/_authenticate"}, &who); err != nil {
			return "", refused(err)
		}
		if who.Username != "elastic/kibana" {
			return "", fmt.Errorf("the service token authenticates as %q, not elastic/kibana", who.Username)
		}
		return "authenticated as elastic/kibana (realm " + who.Realm.Name + ")", nil
	}); err != nil {
		return Result{}, err
	}
	var versions []string
	if _, err := r.step("Kibana's version check: GET /_nodes/_all/_none", func() (string, error) {
		var nodes struct {
			Nodes map[string]struct {
				Version string `json:"version"`
				IP      string `json:"ip"`
			} `json:"nodes"`
		}
		q := url.Values{"filter_path": {"nodes.*.version,nodes.*.http.publish_address,nodes.*.ip"}}
		if err := c.JSON(ctx, transport.Request{Method: "GET", Path: "/_nodes/_all/_none", Query: q}, &nodes); err != nil {
			return "", refused(err)
		}
		if len(nodes.Nodes) == 0 {
			return "", errors.New("Unable to retrieve version information from Elasticsearch nodes.")
		}
		for _, n := range nodes.Nodes {
			if !compatible(n.Version, tok.Version) {
				return "", fmt.Errorf("Failed to enroll due to version incompatibility: node %s is %s, Kibana %s", n.IP, n.Version, tok.Version)
			}
			versions = append(versions, n.Version)
		}
		slices.Sort(versions)
		return fmt.Sprintf("%d node(s), version %s: compatible with Kibana %s", len(nodes.Nodes), strings.Join(slices.Compact(versions), ", "), tok.Version), nil
	}); err != nil {
		return Result{}, err
	}
	summary := fmt.Sprintf("a new Kibana %s would connect to https://%s as elastic/kibana with token %q, trusting the cluster's HTTP CA",
		tok.Version, adr, resp.Token.Name)
	r.report(Step{Title: "Result", Detail: summary, Done: true})
	return Result{Summary: summary}, nil
}

// compatible is Kibana's rule: same major, Elasticsearch minor at least
// Kibana's (a patch difference is only a warning).
func compatible(es, kibana string) bool {
	em, en, ok1 := majorMinor(es)
	km, kn, ok2 := majorMinor(kibana)
	return ok1 && ok2 && em == km && en >= kn
}

func majorMinor(v string) (int, int, bool) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return 0, 0, false
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	return a, b, err1 == nil && err2 == nil
}

func jsonDecode(body []byte, out any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return errors.New("empty body")
	}
	return json.Unmarshal(body, out)
}

// keyEqual says whether two public keys are the same.
func keyEqual(a, b crypto.PublicKey) bool {
	eq, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && eq.Equal(b)
}

// keyName names a CA key as the enroll step shows it: "RSA-2048 key",
// or the in-process demo's ECDSA key, saying a real node needs RSA.
func keyName(k crypto.Signer) string {
	switch k := k.(type) {
	case *rsa.PrivateKey:
		return fmt.Sprintf("RSA-%d key", k.N.BitLen())
	case *ecdsa.PrivateKey:
		return "ECDSA " + k.Curve.Params().Name + " key (the in-process demo's; a real node needs RSA)"
	}
	return fmt.Sprintf("%T key", k)
}
