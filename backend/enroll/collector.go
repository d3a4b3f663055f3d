package enroll

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/open-telemetry/opamp-go/client"
	"github.com/open-telemetry/opamp-go/client/types"
	"github.com/open-telemetry/opamp-go/protobufs"
)

// collector enrolls a made-up OpenTelemetry Collector with a Fleet token
// through the OpAMP client library collectors use (opamp-go, as the
// collector's opamp extension): it connects to Fleet Server's /v1/opamp
// with "Authorization: ApiKey <token>", Fleet Server enrolls it into the
// token's policy, and Kibana then lists it as an OPAMP agent. The client
// stops after that, so the collector goes offline in Kibana after 5
// minutes, as one that was switched off.
func (r *runner) collector(ctx context.Context, token string) (Result, error) {
	kib, serverURL, err := r.fleetServer(ctx, token)
	if err != nil {
		return Result{}, err
	}
	if kib == nil {
		return Result{}, errors.New("enrolling a collector needs KIBANA_URL, to see it arrive")
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(r.env.CACertPEM) {
		return Result{}, errors.New("no demo CA to trust Fleet Server with")
	}
	var uid types.InstanceUid
	_, _ = rand.Read(uid[:])
	uid[6], uid[8] = uid[6]&0x0f|0x40, uid[8]&0x3f|0x80 // a UUID v4, as Kibana's flyout makes
	id := fmt.Sprintf("%x-%x-%x-%x-%x", uid[0:4], uid[4:6], uid[6:8], uid[8:10], uid[10:16])
	host := "demo-collector-" + randomHex(3)
	outcome := make(chan error, 4)
	log := &opampLogger{refused: outcome}
	c := client.NewHTTP(log)
	kv := func(k, v string) *protobufs.KeyValue {
		return &protobufs.KeyValue{Key: k, Value: &protobufs.AnyValue{Value: &protobufs.AnyValue_StringValue{StringValue: v}}}
	}
	if err := c.SetAgentDescription(&protobufs.AgentDescription{
		IdentifyingAttributes: []*protobufs.KeyValue{kv("service.name", "otelcontribcol"), kv("service.version", "0.130.0")},
		NonIdentifyingAttributes: []*protobufs.KeyValue{kv("host.name", host), kv("os.type", "linux"),
			kv("elastic.collector.group", "otel-collector-group"), kv("tags", "tokentui-demo")},
	}); err != nil {
		return Result{}, err
	}
	endpoint := strings.TrimRight(serverURL, "/") + "/v1/opamp"
	if _, err := r.step("POST "+shownURL(endpoint)+", as OTel Collector "+id+" on "+host, func() (string, error) {
		err := c.Start(ctx, types.StartSettings{
			OpAMPServerURL: endpoint,
			Header:         http.Header{"Authorization": {"ApiKey " + token}},
			TLSConfig:      &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
			InstanceUid:    uid,
			Callbacks: types.Callbacks{
				OnError: func(_ context.Context, e *protobufs.ServerErrorResponse) {
					outcome <- &RefusedError{Reason: "Fleet Server answered: " + e.GetErrorMessage()}
				},
			},
		})
		if err != nil {
			return "", err
		}
		return "connected (opamp-go over plain HTTP, protobuf)", nil
	}); err != nil {
		return Result{}, err
	}
	defer func() { _ = c.Stop(context.Background()) }()
	var policy string
	if _, err := r.step("Kibana's view", func() (string, error) {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			agents, _, err := kib.Agents(ctx, "", 100)
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
			case err := <-outcome:
				return "", err
			case <-ctx.Done():
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

// opampLogger turns opamp-go's report of a refused poll into an outcome.
type opampLogger struct {
	once    sync.Once
	refused chan<- error
}

func (l *opampLogger) Debugf(context.Context, string, ...any) {}

func (l *opampLogger) Errorf(_ context.Context, format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	if strings.Contains(msg, "invalid response from server: 401") {
		l.once.Do(func() {
			l.refused <- &RefusedError{Reason: "Fleet Server refused the token (401): it is revoked, expired or unknown"}
		})
	}
}
