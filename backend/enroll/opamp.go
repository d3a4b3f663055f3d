package enroll

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/open-telemetry/opamp-go/protobufs"
	"google.golang.org/protobuf/proto"

	"github.com/tokentui/tokentui/backend/transport"
)

// OpAMP over plain HTTP as opamp-go's client (v0.23.0, the version Fleet
// Server uses) speaks it: one AgentToServer per POST with Content-Type
// application/x-protobuf and the OpAMP-Instance-UID header, one
// ServerToAgent back (contracts/fleet-server.md §10.2). Only the message
// types of opamp-go are used: its client library links a test framework,
// YAML and WebSocket packages into the binary, whose package
// initialisation every tokentui command paid at start.
const opampPath = "/v1/opamp"

// opampFirstPoll sends a collector's first message (what opamp-go's
// client sends first when it is given only a description: sequence 0,
// capability ReportsStatus, remote config status UNSET) and reads Fleet
// Server's answer: a 401 or an error_response is a refusal.
func opampFirstPoll(ctx context.Context, c *transport.Client, token string, uid [16]byte, id, host string) (string, error) {
	kv := func(k, v string) *protobufs.KeyValue {
		return &protobufs.KeyValue{Key: k, Value: &protobufs.AnyValue{Value: &protobufs.AnyValue_StringValue{StringValue: v}}}
	}
	msg := &protobufs.AgentToServer{
		InstanceUid: uid[:],
		AgentDescription: &protobufs.AgentDescription{
			IdentifyingAttributes: []*protobufs.KeyValue{kv("service.name", "otelcontribcol"), kv("service.version", "0.130.0")},
			NonIdentifyingAttributes: []*protobufs.KeyValue{kv("host.name", host), kv("os.type", "linux"),
				kv("elastic.collector.group", "otel-collector-group"), kv("tags", "tokentui-demo")},
		},
		Capabilities:       uint64(protobufs.AgentCapabilities_AgentCapabilities_ReportsStatus),
		RemoteConfigStatus: &protobufs.RemoteConfigStatus{Status: protobufs.RemoteConfigStatuses_RemoteConfigStatuses_UNSET},
	}
	body, err := proto.Marshal(msg)
	if err != nil {
		return "", err
	}
	h := http.Header{
		"Authorization":      {"ApiKey " + token}, // as stored, not re-encoded
		"Content-Type":       {"application/x-protobuf"},
		"Accept":             nil, // opamp-go sends none
		"Opamp-Instance-Uid": {id},
	}
	resp, err := c.Do(ctx, transport.Request{Method: "POST", Path: opampPath, Body: body, Header: h})
	if err != nil {
		var te *transport.Error
		if errors.As(err, &te) && te.Kind == transport.KindHTTP && te.Status == http.StatusUnauthorized {
			return "", &RefusedError{Reason: "Fleet Server refused the token (401): it is revoked, expired or unknown", Err: err}
		}
		return "", refused(err)
	}
	var answer protobufs.ServerToAgent
	if err := proto.Unmarshal(resp.Body, &answer); err != nil {
		//lint:ignore ST1005 it starts with a proper noun
		return "", fmt.Errorf("Fleet Server's OpAMP answer is not a ServerToAgent message: %w", err)
	}
	if e := answer.GetErrorResponse(); e != nil {
		return "", &RefusedError{Reason: "Fleet Server answered: " + e.GetErrorMessage()}
	}
	return "connected (OpAMP over plain HTTP, protobuf)", nil
}
