// Package opamp encodes and decodes the OpAMP messages that tokentui's
// demo collector sends and its Fleet Server simulator answers
// (opamp.proto as opamp-go v0.23.0 generates it, the version Fleet Server
// uses; contracts/fleet-server.md §10), by hand on the protobuf wire
// format. The generated code and the protobuf runtime would cost every
// tokentui start their package initialisation (about a tenth of a
// --version) for a demo flow. Only the fields below are kept; decoding
// skips any other field, as protobuf does.
package opamp

// Flags and capabilities (opamp.proto's enums).
const (
	ReportsStatus           = 1 // AgentCapabilities_ReportsStatus
	FlagRequestInstanceUID  = 1 // AgentToServerFlags_RequestInstanceUid
	FlagReportFullState     = 1 // ServerToAgentFlags_ReportFullState
	ErrorBadRequest         = 1 // ServerErrorResponseType_BadRequest
	ErrorUnavailable        = 2 // ServerErrorResponseType_Unavailable
	RemoteConfigStatusUnset = 0 // RemoteConfigStatuses_UNSET
)

// AgentToServer is what an agent sends.
type AgentToServer struct {
	InstanceUID        []byte            // 1
	SequenceNum        uint64            // 2
	Description        *AgentDescription // 3
	Capabilities       uint64            // 4
	Health             *ComponentHealth  // 5
	RemoteConfigStatus *RemoteConfigStatus
	Disconnect         bool // 9: agent_disconnect is present
	Flags              uint64
}

// AgentDescription is field 3 of AgentToServer.
type AgentDescription struct {
	Identifying    []KeyValue // 1
	NonIdentifying []KeyValue // 2
}

// KeyValue is an attribute; only string values are kept (another kind
// reads as "").
type KeyValue struct{ Key, Value string }

// ComponentHealth is field 5 of AgentToServer.
type ComponentHealth struct {
	Healthy   bool   // 1
	LastError string // 3
	Status    string // 4
}

// RemoteConfigStatus is field 7 of AgentToServer.
type RemoteConfigStatus struct {
	Status int32 // 2
}

// ServerToAgent is what the server answers.
type ServerToAgent struct {
	InstanceUID    []byte               // 1
	Error          *ServerErrorResponse // 2
	Flags          uint64               // 6
	Capabilities   uint64               // 7
	NewInstanceUID []byte               // 8: agent_identification.new_instance_uid
	// CustomCapabilities sends an empty custom_capabilities (10), as
	// opamp-go's server adds to every plain-HTTP answer.
	CustomCapabilities bool
}

// ServerErrorResponse is field 2 of ServerToAgent.
type ServerErrorResponse struct {
	Type    int32  // 1
	Message string // 2
}

// Marshal encodes m.
func (m *AgentToServer) Marshal() []byte {
	var b []byte
	b = appendBytes(b, 1, m.InstanceUID)
	b = appendVarint(b, 2, m.SequenceNum)
	if d := m.Description; d != nil {
		var db []byte
		for _, kv := range d.Identifying {
			db = appendMessage(db, 1, kv.marshal())
		}
		for _, kv := range d.NonIdentifying {
			db = appendMessage(db, 2, kv.marshal())
		}
		b = appendMessage(b, 3, db)
	}
	b = appendVarint(b, 4, m.Capabilities)
	if h := m.Health; h != nil {
		var hb []byte
		if h.Healthy {
			hb = appendVarint(hb, 1, 1)
		}
		hb = appendBytes(hb, 3, []byte(h.LastError))
		hb = appendBytes(hb, 4, []byte(h.Status))
		b = appendMessage(b, 5, hb)
	}
	if s := m.RemoteConfigStatus; s != nil {
		b = appendMessage(b, 7, appendVarint(nil, 2, uint64(s.Status)))
	}
	if m.Disconnect {
		b = appendMessage(b, 9, nil)
	}
	return appendVarint(b, 10, m.Flags)
}

func (kv KeyValue) marshal() []byte {
	b := appendBytes(nil, 1, []byte(kv.Key))
	// value: an AnyValue whose string_value is set (a oneof member is
	// written even when empty).
	return appendMessage(b, 2, appendMessage(nil, 1, []byte(kv.Value)))
}

// UnmarshalAgentToServer decodes an AgentToServer.
func UnmarshalAgentToServer(data []byte) (*AgentToServer, error) {
	m := &AgentToServer{}
	err := fields(data, func(f field) error {
		switch f.num {
		case 1:
			m.InstanceUID = f.bytes
		case 2:
			m.SequenceNum = f.varint
		case 3:
			m.Description = &AgentDescription{}
			return fields(f.bytes, func(g field) error {
				kv, err := unmarshalKeyValue(g)
				switch g.num {
				case 1:
					m.Description.Identifying = append(m.Description.Identifying, kv)
				case 2:
					m.Description.NonIdentifying = append(m.Description.NonIdentifying, kv)
				}
				return err
			})
		case 4:
			m.Capabilities = f.varint
		case 5:
			m.Health = &ComponentHealth{}
			return fields(f.bytes, func(g field) error {
				switch g.num {
				case 1:
					m.Health.Healthy = g.varint != 0
				case 3:
					m.Health.LastError = string(g.bytes)
				case 4:
					m.Health.Status = string(g.bytes)
				}
				return nil
			})
		case 7:
			m.RemoteConfigStatus = &RemoteConfigStatus{}
			return fields(f.bytes, func(g field) error {
				if g.num == 2 {
					m.RemoteConfigStatus.Status = int32(g.varint)
				}
				return nil
			})
		case 9:
			m.Disconnect = true
		case 10:
			m.Flags = f.varint
		}
		return nil
	})
	return m, err
}

// unmarshalKeyValue decodes a KeyValue field (its kind is not checked
// here: a field of another kind reads as empty).
func unmarshalKeyValue(f field) (KeyValue, error) {
	var kv KeyValue
	err := fields(f.bytes, func(g field) error {
		switch g.num {
		case 1:
			kv.Key = string(g.bytes)
		case 2:
			return fields(g.bytes, func(v field) error {
				if v.num == 1 && v.wire == wireBytes {
					kv.Value = string(v.bytes)
				}
				return nil
			})
		}
		return nil
	})
	return kv, err
}

// Marshal encodes m.
func (m *ServerToAgent) Marshal() []byte {
	var b []byte
	b = appendBytes(b, 1, m.InstanceUID)
	if e := m.Error; e != nil {
		eb := appendVarint(nil, 1, uint64(e.Type))
		eb = appendBytes(eb, 2, []byte(e.Message))
		b = appendMessage(b, 2, eb)
	}
	b = appendVarint(b, 6, m.Flags)
	b = appendVarint(b, 7, m.Capabilities)
	if m.NewInstanceUID != nil {
		b = appendMessage(b, 8, appendBytes(nil, 1, m.NewInstanceUID))
	}
	if m.CustomCapabilities {
		b = appendMessage(b, 10, nil)
	}
	return b
}

// UnmarshalServerToAgent decodes a ServerToAgent.
func UnmarshalServerToAgent(data []byte) (*ServerToAgent, error) {
	m := &ServerToAgent{}
	err := fields(data, func(f field) error {
		switch f.num {
		case 1:
			m.InstanceUID = f.bytes
		case 2:
			m.Error = &ServerErrorResponse{}
			return fields(f.bytes, func(g field) error {
				switch g.num {
				case 1:
					m.Error.Type = int32(g.varint)
				case 2:
					m.Error.Message = string(g.bytes)
				}
				return nil
			})
		case 6:
			m.Flags = f.varint
		case 7:
			m.Capabilities = f.varint
		case 8:
			return fields(f.bytes, func(g field) error {
				if g.num == 1 {
					m.NewInstanceUID = g.bytes
				}
				return nil
			})
		case 10:
			m.CustomCapabilities = true
		}
		return nil
	})
	return m, err
}
