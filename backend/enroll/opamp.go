package enroll

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/tokentui/tokentui/backend/opamp"
	"github.com/tokentui/tokentui/backend/transport"
)

// OpAMP over plain HTTP as opamp-go's client (v0.23.0, the version Fleet
// Server uses) speaks it: one AgentToServer per POST with Content-Type
// application/x-protobuf and the OpAMP-Instance-UID header, one
// ServerToAgent back (contracts/fleet-server.md §10.2), encoded by
// backend/opamp. opamp-go's client library linked a test framework, YAML,
// WebSocket and protobuf packages into the binary, whose package
// initialisation every tokentui command paid at start.
const opampPath = "/v1/opamp"

// opampFirstPoll sends a collector's first message (what opamp-go's
// client sends first when it is given only a description: sequence 0,
// capability ReportsStatus, remote config status UNSET) and reads Fleet
// Server's answer: a 401 or an error_response is a refusal.
func opampFirstPoll(ctx context.Context, c *transport.Client, token string, uid [16]byte, id, host string) (string, error) {
	msg := &opamp.AgentToServer{
		InstanceUID: uid[:],
		Description: &opamp.AgentDescription{
			Identifying: []opamp.KeyValue{{Key: "service.name", Value: "otelcontribcol"}, {Key: "service.version", Value: "0.130.0"}},
			NonIdentifying: []opamp.KeyValue{{Key: "host.name", Value: host}, {Key: "os.type", Value: "linux"},
				{Key: "elastic.collector.group", Value: "otel-collector-group"}, {Key: "tags", Value: "tokentui-demo"}},
		},
		Capabilities:       opamp.ReportsStatus,
		RemoteConfigStatus: &opamp.RemoteConfigStatus{Status: opamp.RemoteConfigStatusUnset},
	}
	body := msg.Marshal()
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
	answer, err := opamp.UnmarshalServerToAgent(resp.Body)
	if err != nil {
		//lint:ignore ST1005 it starts with a proper noun
		return "", fmt.Errorf("Fleet Server's OpAMP answer is not a ServerToAgent message: %w", err)
	}
	if e := answer.Error; e != nil {
		return "", &RefusedError{Reason: "Fleet Server answered: " + c.Redactor().Redact(e.Message)}
	}
	// Fleet Server answers for the instance that asked; an empty body (a
	// proxy's 200 or 204) decodes to a message with no instance at all.
	if !bytes.Equal(answer.InstanceUID, uid[:]) {
		//lint:ignore ST1005 it starts with a proper noun
		return "", errors.New("Fleet Server's OpAMP answer is not for this collector (its instance_uid differs or is missing): the collector is not known to be connected")
	}
	return "connected (OpAMP over plain HTTP, protobuf)", nil
}
