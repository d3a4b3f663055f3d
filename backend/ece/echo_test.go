package ece

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sim/simtest"
	"github.com/tokentui/tokentui/backend/transport"
)

// Every secret the ECE client learns (the API key, the login password,
// the bearer token a login returns, a minted roles token) is registered
// where it is learned: a server that echoes them all in a later failure,
// in any error shape, reaches no error's text.
func TestEchoedSecretsNeverReachAnError(t *testing.T) {
	s, clock := newStack(t)
	ctx := context.Background()
	cases := map[string]struct {
		login bool
		learn func(c *Client) error
	}{
		"api key":  {false, func(*Client) error { return nil }},
		"password": {true, func(*Client) error { return nil }},
		"login":    {true, func(c *Client) error { _, err := c.List(ctx); return err }},
		"create": {false, func(c *Client) error {
			_, err := c.Create(ctx, backend.CreateSpec{Roles: []string{"proxy"}})
			return err
		}},
	}
	for name, tc := range cases {
		for _, form := range simtest.EchoForms {
			t.Run(name+"/"+form, func(t *testing.T) {
				echo := simtest.NewEcho(t, s.ECE.Handler())
				cfg := Config{Transport: echo.Transport(transport.APIKey{Key: s.Creds.ECEAPIKey}), Region: "ece-region", Now: clock.Now}
				if tc.login {
					cfg.Transport.Auth, cfg.Username, cfg.Password = nil, s.Creds.ECEUsername, s.Creds.ECEPassword
				}
				c, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				if err := tc.learn(c); err != nil {
					t.Fatal(err)
				}
				echo.Arm(form, "GET ")
				if tc.login && name == "password" {
					echo.Arm(form, "POST /api/v1/users/auth/_login")
				}
				_, err = c.List(ctx)
				if err == nil {
					t.Fatal("the echoing server's answer was accepted")
				}
				text := fmt.Sprintf("%v %+v", err, err)
				for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
					text += " " + u.Error()
				}
				if leak := echo.Leaked(text); leak != "" {
					t.Fatalf("the error shows the secret %q:\n%s", leak, text)
				}
			})
		}
	}
}
