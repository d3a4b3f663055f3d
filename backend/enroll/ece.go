package enroll

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend/transport"
)

// Host is the machine a made-up ECE installation runs on.
type Host struct {
	Hostname string
	// Roles are the installer's --roles: empty installs with the token's.
	Roles []string
}

// Runner is a host as ECE lists it.
type Runner struct {
	ID     string   `json:"runner_id"`
	HostIP string   `json:"host_ip"`
	Roles  []string `json:"roles"`
}

// HostInstaller is what the ECE installer does with --coordinator-host and
// --roles-token: register the host with the coordinator. No public API
// does this, so only the demo simulator offers it; a refused token is a
// *RefusedError.
type HostInstaller interface {
	InstallHost(ctx context.Context, rolesToken string, host Host) (Runner, error)
}

// ece installs a made-up host with the roles token and shows it in the
// runners list.
func (r *runner) ece(ctx context.Context, token string) (Result, error) {
	var claims jwtClaims
	if _, err := r.step("Decode the token", func() (string, error) {
		var err error
		if claims, err = parseJWT(token); err != nil {
			return "", err
		}
		var parts []string
		if claims.Sub != "" {
			parts = append(parts, "token id "+claims.Sub)
		}
		if claims.Roles != nil {
			parts = append(parts, "roles "+rolesText(claims.Roles))
		}
		if claims.Exp > 0 {
			parts = append(parts, "valid until "+time.Unix(claims.Exp, 0).UTC().Format(time.RFC3339))
		}
		if len(parts) == 0 {
			return "a JWT; its claims name no roles (the coordinator knows them)", nil
		}
		return strings.Join(parts, ", "), nil
	}); err != nil {
		return Result{}, err
	}
	if r.env.Hosts == nil {
		return Result{}, errors.New("no ECE host installer: an ECE host's registration is not a public API, so only the demo simulator can play it (load TOKENTUI_DEMO_CONTROL_URL, which demo serve prints)")
	}
	var list func() ([]Runner, error)
	if r.env.ECEURL != "" {
		if err := r.checkURL(ctx, "ECE", r.env.ECEURL); err != nil {
			return Result{}, err
		}
		c, err := r.client(r.env.ECEURL, r.env.ECEAuth, "")
		if err != nil {
			return Result{}, err
		}
		list = func() ([]Runner, error) { return listRunners(ctx, c) }
	}
	var before []Runner
	if list != nil {
		before, _ = list()
	}
	host := Host{Hostname: "demo-host-" + randomHex(3)}
	var run Runner
	if _, err := r.step("Install ECE on "+host.Hostname+" with --coordinator-host and --roles-token", func() (string, error) {
		var err error
		if run, err = r.env.Hosts.InstallHost(ctx, token, host); err != nil {
			return "", err
		}
		return fmt.Sprintf("runner %s joined with roles %s", run.ID, rolesText(run.Roles)), nil
	}); err != nil {
		return Result{}, err
	}
	summary := fmt.Sprintf("host %s joined ECE as runner %s with roles %s", host.Hostname, run.ID, rolesText(run.Roles))
	if list != nil {
		if _, err := r.step("ECE's runners", func() (string, error) {
			after, err := list()
			if err != nil {
				return "", fmt.Errorf("unknown (%v); check Platform → Hosts", err)
			}
			if !slices.ContainsFunc(after, func(x Runner) bool { return x.ID == run.ID }) {
				return "", errors.New("ECE does not list the new runner")
			}
			return fmt.Sprintf("ECE lists %d runners (was %d)", len(after), len(before)), nil
		}); err != nil {
			return Result{}, err // the enrollment is not seen where it must show
		}
	}
	r.report(Step{Title: "Result", Detail: summary, Done: true})
	return Result{Summary: summary}, nil
}

func rolesText(roles []string) string {
	if len(roles) == 0 {
		return "(none)"
	}
	return strings.Join(roles, ", ")
}

func listRunners(ctx context.Context, c *transport.Client) ([]Runner, error) {
	var resp struct {
		Runners []struct {
			ID     string `json:"runner_id"`
			HostIP string `json:"host_ip"`
			Roles  []struct {
				Name string `json:"role_name"`
			} `json:"roles"`
		} `json:"runners"`
	}
	if err := c.JSON(ctx, transport.Request{Method: "GET", Path: "/api/v1/platform/infrastructure/runners"}, &resp); err != nil {
		return nil, err
	}
	out := make([]Runner, 0, len(resp.Runners))
	for _, x := range resp.Runners {
		rn := Runner{ID: x.ID, HostIP: x.HostIP}
		for _, ro := range x.Roles {
			rn.Roles = append(rn.Roles, ro.Name)
		}
		out = append(out, rn)
	}
	return out, nil
}
