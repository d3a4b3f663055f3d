// Package enroll plays the consumer of an enrollment token against the
// demo simulators, step by step, as the real consumer would: a new
// Elasticsearch node (GET /_security/enroll/node, then parsing the TLS
// material), a Kibana instance (GET /_security/enroll/kibana, the service
// token, the version check), an Elastic Agent (POST /api/fleet/agents/enroll
// at Fleet Server) and an ECE host (the installer's registration). It
// talks only to the demo: every server is checked first (Demo).
package enroll

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/tokentui/tokentui/backend"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/transport"
)

// TokenName names a system's enrollment token for people.
func TokenName(sys backend.System) string {
	if sys == backend.ECE {
		return "ECE roles token"
	}
	return sys.Title() + " enrollment token"
}

// Recognize tells the kind of a token from its form alone: a JWT is an
// ECE roles token; base64 of the {ver, adr, fgr, key} JSON an Elasticsearch
// token; base64 of "<id>:<key>" a Fleet enrollment API key.
func Recognize(token string) (backend.System, error) {
	token = strings.TrimSpace(token)
	if token == "" {
		return "", errors.New("the token is empty")
	}
	if _, err := parseJWT(token); err == nil {
		return backend.ECE, nil
	}
	if _, err := elasticsearch.Decode(token); err == nil {
		return backend.Elasticsearch, nil
	}
	if _, _, err := fleetKey(token); err == nil {
		return backend.Fleet, nil
	}
	if strings.HasPrefix(token, "eyJ") {
		// Looks like base64 JSON: say what the Elasticsearch decoder says.
		if _, err := elasticsearch.Decode(token); err != nil {
			return "", err
		}
	}
	return "", errors.New("not a token tokentui knows: expected an Elasticsearch enrollment token, a Fleet enrollment token or an ECE roles token")
}

var apiKeyRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9_\-]+:[A-Za-z0-9_\-]+$`) })

// fleetKey splits a Fleet token as Fleet Server does: standard base64 of
// exactly "<id>:<key>", both from Elasticsearch's key alphabet.
func fleetKey(token string) (id, key string, err error) {
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil || !apiKeyRE().Match(raw) {
		return "", "", errors.New("not standard base64 of <id>:<key>")
	}
	id, key, _ = strings.Cut(string(raw), ":")
	return id, key, nil
}

// jwtClaims are the claims of an ECE roles token that matter here.
type jwtClaims struct {
	Sub        string   `json:"sub"`
	Roles      []string `json:"roles"`
	Persistent *bool    `json:"persistent"`
	Exp        int64    `json:"exp"`
}

func parseJWT(token string) (jwtClaims, error) {
	var c jwtClaims
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return c, errors.New("not a JWT")
	}
	head, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return c, errors.New("not a JWT")
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(head, &h) != nil || h.Alg == "" {
		return c, errors.New("not a JWT")
	}
	body, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(body, &c) != nil {
		return c, errors.New("the JWT's claims do not decode")
	}
	return c, nil
}

// Step is one step of a handshake, reported twice: when it starts
// (Done false) and when it ends (Done true, with Err when it failed).
// Detail is plain text built from server answers: sanitize it before a
// terminal shows it.
type Step struct {
	Title  string
	Detail string
	Done   bool
	Err    error
}

// RefusedError is a server's refusal of the token (revoked, expired,
// unknown, wrong fingerprint): the reason is the server's own.
type RefusedError struct {
	Reason string
	Err    error
}

func (e *RefusedError) Error() string { return "the token was refused: " + e.Reason }
func (e *RefusedError) Unwrap() error { return e.Err }

// Env is where the demo systems are and how to read their state. Only
// the consumer's own calls are made with the token; the demo credentials
// serve to show the effect (one more node, agent, runner).
type Env struct {
	ESURL     string
	ESAuth    transport.Auth
	KibanaURL string
	// KibanaAuth reads the agents and policies after an agent enrolled.
	KibanaAuth transport.Auth
	// FleetServerURL is where agents enroll; empty: Kibana's default
	// Fleet Server host.
	FleetServerURL string
	ECEURL         string
	ECEAuth        transport.Auth
	// CACertPEM is the demo CA that signs Kibana's, Fleet Server's and
	// ECE's certificates.
	CACertPEM []byte
	// Hosts is the ECE installer's registration with the coordinator,
	// which no public API offers: the demo simulator provides it.
	Hosts HostInstaller
	// Timeout bounds each request (default 10s).
	Timeout time.Duration
	// Trail gets the request trail (--verbose), never a header or body.
	Trail func(string)
	// ESScope forces "node" or "kibana" for an Elasticsearch token; empty
	// tries node first (a kibana token's key may not call enroll/node, and
	// that refusal has no side effect).
	ESScope string
	// Collector enrolls a Fleet token as an OpenTelemetry Collector over
	// OpAMP instead of an Elastic Agent.
	Collector bool
	// ECDSAHTTPCA lets the new node accept an ECDSA HTTP CA key, as
	// tokentui --demo's in-process Stack hands out (sim.Options.ECDSAHTTPCA);
	// a real node needs RSA, and so does every other caller.
	ECDSAHTTPCA bool
}

// Result is what a successful enrollment produced.
type Result struct {
	Kind    backend.System // the system whose token it was
	Summary string         // one line: what joined where
}

// Run recognises the token and performs its consumer's handshake,
// reporting each step. A refusal is a *RefusedError; a server that is not
// the demo, a *NotDemoError.
func Run(ctx context.Context, env Env, token string, report func(Step)) (Result, error) {
	if report == nil {
		report = func(Step) {}
	}
	if env.Timeout <= 0 {
		env.Timeout = 10 * time.Second
	}
	token = strings.TrimSpace(token)
	r := &runner{env: env, report: report}
	var kind backend.System
	_, err := r.step("Recognise the token", func() (string, error) {
		k, err := Recognize(token)
		kind = k
		return TokenName(k), err
	})
	if err != nil {
		return Result{}, err
	}
	var res Result
	switch kind {
	case backend.Elasticsearch:
		res, err = r.elasticsearch(ctx, token)
	case backend.Fleet:
		if r.env.Collector {
			res, err = r.collector(ctx, token)
		} else {
			res, err = r.fleet(ctx, token)
		}
	case backend.ECE:
		res, err = r.ece(ctx, token)
	}
	res.Kind = kind
	return res, err
}

type runner struct {
	env    Env
	report func(Step)
}

// step runs fn as one reported step; its detail is the outcome.
func (r *runner) step(title string, fn func() (string, error)) (string, error) {
	r.report(Step{Title: title})
	detail, err := fn()
	r.report(Step{Title: title, Detail: detail, Done: true, Err: err})
	return detail, err
}

// client builds a transport client for one demo system.
func (r *runner) client(base string, auth transport.Auth, pin string) (*transport.Client, error) {
	cfg := transport.Config{BaseURL: base, Auth: auth, Timeout: r.env.Timeout, MaxTries: 1, Trail: r.env.Trail}
	if pin != "" {
		cfg.CAFingerprint = pin
	} else {
		cfg.CACertPEM = r.env.CACertPEM
	}
	return transport.New(cfg)
}

// refused turns a server's non-2xx answer into a RefusedError with its
// own words; other failures pass through.
func refused(err error) error {
	var te *transport.Error
	if errors.As(err, &te) && te.Kind == transport.KindHTTP {
		reason := fmt.Sprintf("%d", te.Status)
		if te.Type != "" {
			reason += " " + te.Type
		}
		if te.Reason != "" {
			reason += ": " + te.Reason
		}
		return &RefusedError{Reason: reason, Err: err}
	}
	return err
}
