package fleet

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// errorText is everything an error can print: its text, its %+v form and
// the text of every cause it wraps.
func errorText(err error) string {
	out := fmt.Sprintf("%v\n%+v", err, err)
	for _, u := range unwrapAll(err) {
		out += "\n" + u.Error()
	}
	return out
}

func unwrapAll(err error) []error {
	var out []error
	switch e := err.(type) {
	case interface{ Unwrap() error }:
		if u := e.Unwrap(); u != nil {
			out = append(out, u)
			out = append(out, unwrapAll(u)...)
		}
	case interface{ Unwrap() []error }:
		for _, u := range e.Unwrap() {
			out = append(out, u)
			out = append(out, unwrapAll(u)...)
		}
	}
	return out
}

// Every secret the Fleet client learns (the Kibana password, a listed,
// read or minted api_key) is registered where it is learned: a server
// that echoes them all in a later failure, in any error shape, reaches
// no error's text.
func TestEchoedSecretsNeverReachAnError(t *testing.T) {
	s, clock := newStack(t, 0)
	ctx := context.Background()
	var policy, tokenID string
	for _, tok := range s.Fleet.Tokens() {
		if tok.Active && !tok.Hidden {
			policy, tokenID = tok.PolicyID, tok.ID
			break
		}
	}
	learn := map[string]func(c *Client) error{
		"password": func(*Client) error { return nil },
		"list":     func(c *Client) error { _, err := c.List(ctx); return err },
		"secret":   func(c *Client) error { _, err := c.Secret(ctx, tokenID); return err },
		"token":    func(c *Client) error { _, _, err := c.Token(ctx, tokenID); return err },
		"create": func(c *Client) error {
			_, err := c.Create(ctx, backend.CreateSpec{PolicyID: policy})
			return err
		},
	}
	for name, do := range learn {
		for _, form := range simtest.EchoForms {
			t.Run(name+"/"+form, func(t *testing.T) {
				echo := simtest.NewEcho(t, s.Fleet.Handler())
				c := echoClient(t, echo, s.Creds.KibanaUsername, s.Creds.KibanaPass, clock.Now)
				if err := do(c); err != nil {
					t.Fatal(err)
				}
				echo.Arm(form, "")
				_, err := c.Policies(ctx)
				if err == nil {
					t.Fatal("the echoing server's answer was accepted")
				}
				if leak := echo.Leaked(errorText(err)); leak != "" {
					t.Fatalf("the error shows the secret %q:\n%s", leak, errorText(err))
				}
			})
		}
	}
}

// A delete reads each token (learning its api_key) before it sends the
// delete: a failure of the delete that echoes the keys shows none.
func TestEchoedSecretsNeverReachADeleteReport(t *testing.T) {
	s, clock := newStack(t, 0)
	var ids []string
	for _, tok := range s.Fleet.Tokens() {
		if !tok.Hidden {
			ids = append(ids, tok.ID)
		}
	}
	for _, form := range simtest.EchoForms {
		t.Run(form, func(t *testing.T) {
			echo := simtest.NewEcho(t, s.Fleet.Handler())
			c := echoClient(t, echo, s.Creds.KibanaUsername, s.Creds.KibanaPass, clock.Now)
			echo.Arm(form, "POST ")
			rep := c.Delete(context.Background(), ids, backend.DeleteOptions{})
			if len(echo.Learned()) < len(ids) {
				t.Fatalf("the delete read %d secrets, want at least %d", len(echo.Learned()), len(ids))
			}
			text := fmt.Sprintf("%+v", rep)
			if leak := echo.Leaked(text); leak != "" {
				t.Fatalf("the report shows the secret %q:\n%s", leak, text)
			}
		})
	}
}

func echoClient(t *testing.T, echo *simtest.Echo, user, pass string, now func() time.Time) *Client {
	t.Helper()
	c, err := New(Config{Transport: echo.Transport(transport.Basic{Username: user, Password: pass}), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
