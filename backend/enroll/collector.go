package enroll

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tokentui/tokentui/backend/transport"
)

// collector enrolls a made-up OpenTelemetry Collector with a Fleet token
// as the collector's opamp extension does (opamp.go): its first OpAMP
// poll reaches Fleet Server's /v1/opamp with "Authorization: ApiKey
// <token>", Fleet Server enrolls it into the token's policy, and Kibana
// then lists it as an OPAMP agent. It polls no more, so the collector
// goes offline in Kibana after 5 minutes, as one that was switched off.
func (r *runner) collector(ctx context.Context, token string) (Result, error) {
	kib, serverURL, err := r.fleetServer(ctx, token)
	if err != nil {
		return Result{}, err
	}
	if kib == nil {
		return Result{}, errors.New("enrolling a collector needs KIBANA_URL, to see it arrive")
	}
	var uid [16]byte
	_, _ = rand.Read(uid[:])
	uid[6], uid[8] = uid[6]&0x0f|0x40, uid[8]&0x3f|0x80 // a UUID v4, as Kibana's flyout makes
	id := fmt.Sprintf("%x-%x-%x-%x-%x", uid[0:4], uid[4:6], uid[6:8], uid[8:10], uid[10:16])
	host := "demo-collector-" + randomHex(3)
	c, err := transport.New(transport.Config{BaseURL: serverURL, CACertPEM: r.env.CACertPEM, Timeout: r.env.Timeout,
		MaxTries: 1, Trail: r.env.Trail})
	if err != nil {
		return Result{}, err
	}
	c.Redactor().Add(token)
	if _, err := r.step("POST "+shownURL(strings.TrimRight(serverURL, "/")+opampPath)+", as OTel Collector "+id+" on "+host, func() (string, error) {
		return opampFirstPoll(ctx, c, token, uid, id, host)
	}); err != nil {
		return Result{}, err
	}
	var policy string
	if _, err := r.step("Kibana's view", func() (string, error) {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		var last error // the last failed read, said if the wait ends
		for {
			agents, _, err := kib.Agents(ctx, "", 100)
			var te *transport.Error
			if errors.As(err, &te) && te.Kind == transport.KindHTTP && te.Status >= 400 && te.Status < 500 {
				return "", fmt.Errorf("unknown (%w); check Fleet → Agents", err) // asking again gets the same answer
			}
			last = err
			if err == nil {
				for _, a := range agents {
					if a.ID == id {
						policy = a.PolicyID
						n, cerr := kib.Collectors(ctx, policy)
						if cerr != nil {
							return "Kibana lists the collector in policy " + policy, nil
						}
						return fmt.Sprintf("Kibana lists the collector in policy %s, which now has %d OpenTelemetry Collector(s)", policy, n), nil
					}
				}
			}
			select {
			case <-ctx.Done():
				if last != nil {
					return "", fmt.Errorf("unknown (%w); check Fleet → Agents", last)
				}
				//lint:ignore ST1005 it starts with a proper noun
				return "", fmt.Errorf("Kibana does not list the collector: %w", ctx.Err())
			case <-tick.C:
			}
		}
	}); err != nil {
		return Result{}, err
	}
	summary := fmt.Sprintf("OTel Collector %s (%s) enrolled into policy %s over OpAMP; it carries the enrollment token on every poll", id, host, policy)
	r.report(Step{Title: "Result", Detail: summary, Done: true})
	return Result{Summary: summary}, nil
}
