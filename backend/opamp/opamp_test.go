package opamp

import (
	"bytes"
	"testing"

	"github.com/open-telemetry/opamp-go/protobufs"
	"google.golang.org/protobuf/proto"
)

func pbKV(k, v string) *protobufs.KeyValue {
	return &protobufs.KeyValue{Key: k, Value: &protobufs.AnyValue{Value: &protobufs.AnyValue_StringValue{StringValue: v}}}
}

// What this package writes, opamp-go's generated code reads the same, and
// the reverse: the wire format is protobuf's own.
func TestAgentToServerMatchesTheGeneratedCode(t *testing.T) {
	uid := []byte("0123456789abcdef")
	ours := &AgentToServer{InstanceUID: uid, SequenceNum: 3, Capabilities: ReportsStatus, Flags: FlagRequestInstanceUID,
		Description: &AgentDescription{Identifying: []KeyValue{{"service.name", "otelcontribcol"}, {"empty", ""}},
			NonIdentifying: []KeyValue{{"host.name", "web-01"}}},
		Health:             &ComponentHealth{Healthy: true, LastError: "boom", Status: "StatusOK"},
		RemoteConfigStatus: &RemoteConfigStatus{Status: RemoteConfigStatusUnset}, Disconnect: true}
	theirs := &protobufs.AgentToServer{InstanceUid: uid, SequenceNum: 3,
		Capabilities: uint64(protobufs.AgentCapabilities_AgentCapabilities_ReportsStatus),
		Flags:        uint64(protobufs.AgentToServerFlags_AgentToServerFlags_RequestInstanceUid),
		AgentDescription: &protobufs.AgentDescription{
			IdentifyingAttributes:    []*protobufs.KeyValue{pbKV("service.name", "otelcontribcol"), pbKV("empty", "")},
			NonIdentifyingAttributes: []*protobufs.KeyValue{pbKV("host.name", "web-01")}},
		Health:             &protobufs.ComponentHealth{Healthy: true, LastError: "boom", Status: "StatusOK"},
		RemoteConfigStatus: &protobufs.RemoteConfigStatus{Status: protobufs.RemoteConfigStatuses_RemoteConfigStatuses_UNSET},
		AgentDisconnect:    &protobufs.AgentDisconnect{}}
	want, err := proto.MarshalOptions{Deterministic: true}.Marshal(theirs)
	if err != nil {
		t.Fatal(err)
	}
	if got := ours.Marshal(); !bytes.Equal(got, want) {
		t.Fatalf("encoded\n%x\nthe generated code encodes\n%x", got, want)
	}
	// Fields this package does not keep are skipped.
	theirs.EffectiveConfig = &protobufs.EffectiveConfig{ConfigMap: &protobufs.AgentConfigMap{}}
	theirs.Health.StartTimeUnixNano, theirs.Health.StatusTimeUnixNano = 1, 2 // fixed64
	theirs.AgentDescription.NonIdentifyingAttributes = append(theirs.AgentDescription.NonIdentifyingAttributes,
		&protobufs.KeyValue{Key: "n", Value: &protobufs.AnyValue{Value: &protobufs.AnyValue_IntValue{IntValue: 7}}})
	ours.Description.NonIdentifying = append(ours.Description.NonIdentifying, KeyValue{Key: "n"})
	raw, _ := proto.Marshal(theirs)
	back, err := UnmarshalAgentToServer(raw)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Marshal(), ours.Marshal()) {
		t.Fatalf("decoded %+v, want %+v", back, ours)
	}
}

func TestServerToAgentMatchesTheGeneratedCode(t *testing.T) {
	uid, fresh := []byte("0123456789abcdef"), []byte("fedcba9876543210")
	ours := &ServerToAgent{InstanceUID: uid, Error: &ServerErrorResponse{Type: ErrorUnavailable, Message: "failed to enroll agent"},
		Flags: FlagReportFullState, Capabilities: 5, NewInstanceUID: fresh, CustomCapabilities: true}
	theirs := &protobufs.ServerToAgent{InstanceUid: uid,
		ErrorResponse: &protobufs.ServerErrorResponse{Type: protobufs.ServerErrorResponseType_ServerErrorResponseType_Unavailable,
			ErrorMessage: "failed to enroll agent"},
		Flags:               uint64(protobufs.ServerToAgentFlags_ServerToAgentFlags_ReportFullState),
		Capabilities:        5,
		AgentIdentification: &protobufs.AgentIdentification{NewInstanceUid: fresh},
		CustomCapabilities:  &protobufs.CustomCapabilities{}}
	want, _ := proto.MarshalOptions{Deterministic: true}.Marshal(theirs)
	if got := ours.Marshal(); !bytes.Equal(got, want) {
		t.Fatalf("encoded\n%x\nthe generated code encodes\n%x", got, want)
	}
	theirs.RemoteConfig = &protobufs.AgentRemoteConfig{ConfigHash: []byte{1}} // not kept: skipped
	raw, _ := proto.Marshal(theirs)
	back, err := UnmarshalServerToAgent(raw)
	if err != nil || !bytes.Equal(back.Marshal(), want) {
		t.Fatalf("decoded %+v (%v)", back, err)
	}
}

func TestMalformedMessagesAreErrors(t *testing.T) {
	for _, raw := range [][]byte{
		{0x0a, 0x05, 'a'},        // a length past the end
		{0x10},                   // a varint cut short
		{0x0b},                   // a group (deprecated)
		{0x00, 0x01},             // field number 0
		{0x11, 1, 2, 3},          // a fixed64 cut short
		{0x1a, 0x02, 0x0a, 0x09}, // a nested length past its end
	} {
		if _, err := UnmarshalAgentToServer(raw); err == nil {
			t.Errorf("%x decoded without an error", raw)
		}
		if _, err := UnmarshalServerToAgent(raw); err == nil && raw[0] != 0x1a {
			t.Errorf("%x decoded without an error", raw)
		}
	}
}
