package transport

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A CA file replaces the system roots (as curl --cacert does): a server
// the system trusts is refused when the configured CA did not issue its
// certificate. The system roots are loaded once per process, so the check
// runs in a child test process whose SSL_CERT_FILE holds the server's
// certificate.
func TestCAFileReplacesSystemRoots(t *testing.T) {
	if url := os.Getenv("TRANSPORT_TEST_SYSTEM_TRUSTED_URL"); url != "" {
		get := func(cfg Config) error {
			cfg.BaseURL = url
			c, err := New(cfg)
			if err != nil {
				return err
			}
			_, err = c.Do(context.Background(), Request{Method: "GET", Path: "/"})
			return err
		}
		if err := get(Config{}); err != nil {
			t.Fatalf("with no CA file the system roots apply: %v", err)
		}
		var te *Error
		if err := get(Config{CACertPEM: otherCA(t)}); !errors.As(err, &te) || te.Kind != KindTLS || !strings.Contains(err.Error(), "unknown authority") {
			t.Fatalf("a CA file that did not issue the server's certificate: want unknown authority, got %v", err)
		}
		return
	}
	srv, caPEM, _ := tlsServer(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) })
	roots := filepath.Join(t.TempDir(), "roots.pem")
	if err := os.WriteFile(roots, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestCAFileReplacesSystemRoots$", "-test.v")
	cmd.Env = append(os.Environ(), "TRANSPORT_TEST_SYSTEM_TRUSTED_URL="+srv.URL,
		"SSL_CERT_FILE="+roots, "SSL_CERT_DIR="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// otherCA is a self-signed CA certificate that issued nothing.
func otherCA(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "other CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
