package sim

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"sync"
	"time"
)

// CA is a certificate authority made for one simulator Stack.
type CA struct {
	Cert *x509.Certificate
	key  crypto.Signer
	PEM  []byte
}

// NewCA makes a self-signed CA. ECDSA P-256 keeps start-up fast (an RSA
// key takes tens of milliseconds to make); tokens pin the SHA-256 of its
// DER, whatever its algorithm.
func NewCA(cn string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return newCA(cn, key, nil)
}

// httpCAKey is the RSA 2048 key of every Stack's HTTP CA in this process,
// made once: an RSA key takes tens of milliseconds, and tests start many
// Stacks. Each Stack's CA certificate is still its own.
var httpCAKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) })

// NewHTTPCA makes a self-signed RSA CA, as Elasticsearch's auto-configured
// HTTP CA is: the enroll-node API hands out this CA and its key (a new
// node signs its HTTP certificate with it, SHA256withRSA), and tokens pin
// its SHA-256.
func NewHTTPCA(cn string) (*CA, error) {
	key, err := httpCAKey()
	if err != nil {
		return nil, err
	}
	return newCA(cn, key, nil)
}

// RSA says whether the CA's key is RSA.
func (ca *CA) RSA() bool {
	_, ok := ca.key.(*rsa.PrivateKey)
	return ok
}

// SubCA makes a CA signed by this one, with an RSA 2048 key when rsaKey is
// set, else ECDSA P-256.
func (ca *CA) SubCA(cn string, rsaKey bool) (*CA, error) {
	var key crypto.Signer
	var err error
	if rsaKey {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		return nil, err
	}
	return newCA(cn, key, ca)
}

// newCA makes a CA certificate for key, signed by parent (nil: itself).
func newCA(cn string, key crypto.Signer, parent *CA) (*CA, error) {
	tmpl := certFor(cn, 3)
	tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature
	tmpl.BasicConstraintsValid, tmpl.IsCA = true, true
	issuer, signer := tmpl, key
	if parent != nil {
		issuer, signer = parent.Cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, key.Public(), signer)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, key: key, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

// certFor is a certificate template for cn, valid from an hour ago for
// years.
func certFor(cn string, years int) *x509.Certificate {
	now := time.Now()
	return &x509.Certificate{SerialNumber: serial(), Subject: pkix.Name{CommonName: cn},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(years, 0, 0)}
}

// serial is a random 128-bit certificate serial number.
func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}

// Leaf issues a server certificate for localhost and 127.0.0.1 whose chain
// is [leaf, CA], the layout of an auto-configured Elasticsearch node.
func (ca *CA) Leaf(cn string) (tls.Certificate, error) {
	key, der, err := ca.issue(cn, x509.ExtKeyUsageServerAuth)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.Cert.Raw}, PrivateKey: key}, nil
}

// issue makes an ECDSA key and a certificate for it signed by the CA.
func (ca *CA) issue(cn string, usage ...x509.ExtKeyUsage) (*ecdsa.PrivateKey, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := certFor(cn, 2)
	tmpl.KeyUsage, tmpl.ExtKeyUsage = x509.KeyUsageDigitalSignature, usage
	tmpl.DNSNames = []string{"localhost"}
	tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.key)
	if err != nil {
		return nil, nil, err
	}
	return key, der, nil
}

// KeyPKCS8 is the CA's private key as PKCS#8 DER, the encoding the
// enroll-node API returns.
func (ca *CA) KeyPKCS8() ([]byte, error) { return x509.MarshalPKCS8PrivateKey(ca.key) }
