package main

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/tokentui/tokentui/backend/enroll"
	"github.com/tokentui/tokentui/backend/sim"
	"github.com/tokentui/tokentui/backend/transport"
)

// An ECE host's registration with its coordinator is not a public API, so
// the ECE simulator offers it as a Go method only. `demo serve` exposes it
// to `demo enroll` in another process through tokentui's own control
// listener (never on the ECE port, where a real client could mistake it
// for ECE's API), printed as TOKENTUI_DEMO_CONTROL_URL and guarded by the
// demo's ECE API key.

// stackHosts installs hosts into an in-process demo Stack.
type stackHosts struct{ ece *sim.ECE }

func (h stackHosts) InstallHost(_ context.Context, token string, host enroll.Host) (enroll.Runner, error) {
	r, err := h.ece.RegisterHost(token, host.Hostname, host.Roles...)
	if errors.Is(err, sim.ErrRolesTokenRefused) {
		return enroll.Runner{}, &enroll.RefusedError{Reason: err.Error(), Err: err}
	}
	if err != nil {
		return enroll.Runner{}, err
	}
	return enroll.Runner{ID: r.ID, HostIP: r.HostIP, Roles: r.Roles}, nil
}

type installRequest struct {
	Token    string   `json:"token"`
	Hostname string   `json:"hostname"`
	Roles    []string `json:"roles"`
}

// controlError is the control listener's error body, in the shape the
// transport layer reads ({statusCode, error, message}).
type controlError struct {
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error"`
	Message    string `json:"message"`
}

func writeControlError(w http.ResponseWriter, status int, name, msg string) {
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(controlError{status, name, msg})
}

// controlHandler serves POST /hosts for demo enroll.
func controlHandler(hosts enroll.HostInstaller, apiKey string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /hosts", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, []byte("ApiKey "+apiKey)) != 1 {
			writeControlError(w, http.StatusUnauthorized, "Unauthorized", "the demo's ECE API key is required")
			return
		}
		var req installRequest
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil || req.Token == "" {
			writeControlError(w, http.StatusBadRequest, "BadRequest", `want {"token", "hostname", "roles"}`)
			return
		}
		run, err := hosts.InstallHost(r.Context(), req.Token, enroll.Host{Hostname: req.Hostname, Roles: req.Roles})
		var re *enroll.RefusedError
		switch {
		case errors.As(err, &re):
			writeControlError(w, http.StatusForbidden, "Refused", re.Reason)
		case err != nil:
			writeControlError(w, http.StatusBadRequest, "BadRequest", err.Error())
		default:
			_ = json.NewEncoder(w).Encode(run)
		}
	})
	return mux
}

// startControl serves the control listener of a demo Stack on 127.0.0.1
// with a certificate of the demo CA; it returns its URL and a stop func.
func startControl(s *sim.Stack, errorLog io.Writer) (string, func(), error) {
	cert, err := s.CA.Leaf("tokentui-demo-control")
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: controlHandler(stackHosts{s.ECE}, s.Creds.ECEAPIKey), ReadHeaderTimeout: 10 * time.Second,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ErrorLog:  log.New(errorLog, "demo-control: ", 0)}
	go func() { _ = srv.ServeTLS(ln, "", "") }()
	return "https://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// controlHosts is demo enroll's side of the control listener.
type controlHosts struct {
	c     *transport.Client
	caPEM []byte
}

func (h controlHosts) InstallHost(ctx context.Context, token string, host enroll.Host) (enroll.Runner, error) {
	if _, err := enroll.CheckDemo(ctx, "the demo control listener", h.c.BaseURL().Host, h.caPEM); err != nil {
		return enroll.Runner{}, err
	}
	h.c.Redactor().Add(token)
	resp, err := h.c.Do(ctx, transport.Request{Method: "POST", Path: "/hosts",
		Body: installRequest{Token: token, Hostname: host.Hostname, Roles: host.Roles}})
	var te *transport.Error
	if errors.As(err, &te) && te.Kind == transport.KindHTTP && te.Status == http.StatusForbidden {
		return enroll.Runner{}, &enroll.RefusedError{Reason: te.Reason, Err: err}
	}
	if err != nil {
		return enroll.Runner{}, err
	}
	var run enroll.Runner
	if err := json.Unmarshal(resp.Body, &run); err != nil || run.ID == "" {
		return enroll.Runner{}, errors.New("the demo's control listener gave no runner")
	}
	return run, nil
}

// stackEnroll is demo enroll's environment for an in-process demo Stack
// (tokentui --demo): its systems, the demo credentials, and its ECE
// host registration called directly.
func stackEnroll(s *sim.Stack) enroll.Env {
	return enroll.Env{
		ESURL: s.ESURL, ESAuth: transport.Basic{Username: s.Creds.ESUsername, Password: s.Creds.ESPassword},
		KibanaURL: s.KibanaURL, KibanaAuth: transport.Basic{Username: s.Creds.KibanaUsername, Password: s.Creds.KibanaPass},
		FleetServerURL: s.FleetServerURL, ECEURL: s.ECEURL, ECEAuth: transport.APIKey{Key: s.Creds.ECEAPIKey},
		CACertPEM: s.CA.PEM, Hosts: stackHosts{s.ECE},
		// The in-process Stack's HTTP CA may be ECDSA (--demo's): its new
		// node accepts what its own Stack made.
		ECDSAHTTPCA: !s.CA.RSA(),
	}
}
