package elasticsearch

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

func echoText(err error) string {
	text := fmt.Sprintf("%v %+v", err, err)
	for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
		text += " " + u.Error()
	}
	return text
}

// Every secret the Elasticsearch client learns (the password, a minted
// API key in each of its forms, the enrollment token) is registered where
// it is learned: a server that echoes them all in a later failure, in any
// error shape, reaches no error's text.
func TestEchoedSecretsNeverReachAnError(t *testing.T) {
	s, clock := newStack(t)
	ctx := context.Background()
	learn := map[string]func(c *Client) error{
		"password": func(*Client) error { return nil },
		"create": func(c *Client) error {
			_, err := c.Create(ctx, backend.CreateSpec{Scope: "kibana"})
			return err
		},
	}
	created := func(t *testing.T, echo *simtest.Echo, c *Client) backend.Created {
		t.Helper()
		cr, err := c.Create(ctx, backend.CreateSpec{Scope: "node"})
		if err != nil {
			t.Fatal(err)
		}
		echo.Add(cr.Secret.Reveal()) // the server knows all it is made of
		return cr
	}
	for name, do := range learn {
		for _, form := range simtest.EchoForms {
			t.Run(name+"/"+form, func(t *testing.T) {
				echo := simtest.NewEcho(t, s.ES.Handler())
				c, err := New(Config{Transport: echo.Transport(transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}), Now: clock.Now})
				if err != nil {
					t.Fatal(err)
				}
				if err := do(c); err != nil {
					t.Fatal(err)
				}
				if name == "create" {
					created(t, echo, c)
				}
				echo.Arm(form, "GET /_security/api_key")
				_, err = c.List(ctx)
				if err == nil {
					t.Fatal("the echoing server's answer was accepted")
				}
				if leak := echo.Leaked(echoText(err)); leak != "" {
					t.Fatalf("the error shows the secret %q:\n%s", leak, echoText(err))
				}
				if name == "create" && len(echo.Learned()) < 4 {
					t.Fatalf("learned only %d secrets (password, api_key, encoded, its half)", len(echo.Learned()))
				}
			})
		}
	}
}

// An invalidation that fails names its reason: a reason that echoes the
// key shows none of it.
func TestEchoedSecretsNeverReachARevokeFailure(t *testing.T) {
	s, clock := newStack(t)
	echo := simtest.NewEcho(t, s.ES.Handler())
	c, err := New(Config{Transport: echo.Transport(transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword}), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	cr, err := c.Create(context.Background(), backend.CreateSpec{Scope: "node"})
	if err != nil {
		t.Fatal(err)
	}
	echo.Add(cr.Secret.Reveal())
	echo.Arm("invalidate-200", "DELETE /_security/api_key")
	err = c.Revoke(context.Background(), cr.Token.ID)
	if err == nil || !strings.Contains(err.Error(), "rejected") {
		t.Fatalf("want the invalidation's reason: %v", err)
	}
	if leak := echo.Leaked(echoText(err)); leak != "" {
		t.Fatalf("the error shows the secret %q:\n%s", leak, echoText(err))
	}
}

// es inspect --verify sends the token's key to each of its addresses: a
// node that echoes it in its refusal shows none of it.
func TestEchoedSecretsNeverReachAVerifyResult(t *testing.T) {
	s, _ := newStack(t)
	for _, form := range simtest.EchoForms {
		t.Run(form, func(t *testing.T) {
			echo := simtest.NewEcho(t, s.ES.Handler())
			block, _ := pem.Decode(echo.CAPEM)
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(cert.Raw)
			tok := EnrollmentToken{Version: "8.19.7", Addresses: []string{strings.TrimPrefix(echo.URL, "https://")},
				Fingerprint: hex.EncodeToString(sum[:]), Key: "key-id:Verify-Secret-0123456789"}
			echo.Arm(form, "")
			res := Verify(context.Background(), tok, 10*time.Second)
			if len(res) != 1 || res[0].Err == nil {
				t.Fatalf("%+v", res)
			}
			if leak := echo.Leaked(echoText(res[0].Err)); leak != "" || len(echo.Learned()) == 0 {
				t.Fatalf("the error shows the secret %q:\n%s", leak, echoText(res[0].Err))
			}
		})
	}
}

// The product check's refusal names the request's path through the
// redactor, as every other error does.
func TestProductCheckErrorIsRedacted(t *testing.T) {
	f := simtest.NewFake(t)
	f.Handle(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("X-Elastic-Product")
		w.Write([]byte(`{}`))
	})
	c, err := New(Config{Transport: f.Transport(nil)})
	if err != nil {
		t.Fatal(err)
	}
	const secret = "Path-Secret-0123456789"
	c.tr.Redactor().Add(secret)
	err = c.callJSON(context.Background(), esRequest{Method: "GET", Path: "/x/" + secret}, nil)
	if err == nil || !strings.Contains(err.Error(), "did not identify as Elasticsearch") || strings.Contains(echoText(err), secret) {
		t.Fatalf("%v", err)
	}
}
