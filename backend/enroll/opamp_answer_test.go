package enroll

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend/opamp"
	"github.com/tokentui/tokentui/backend/transport"
)

// "connected" only for Fleet Server's answer to this collector: an empty
// 200 (a proxy's) or an answer for another instance is not a connection,
// and an error_response's text is redacted like every server text.
func TestOpAMPFirstPollChecksItsAnswer(t *testing.T) {
	uid := [16]byte{1, 2, 3}
	other := [16]byte{9}
	for name, c := range map[string]struct {
		body []byte
		want string
	}{
		"empty":   {nil, "not for this collector"},
		"other":   {(&opamp.ServerToAgent{InstanceUID: other[:]}).Marshal(), "not for this collector"},
		"echo":    {(&opamp.ServerToAgent{InstanceUID: uid[:], Error: &opamp.ServerErrorResponse{Type: opamp.ErrorUnavailable, Message: "no: sekrit-token-123"}}).Marshal(), "Fleet Server answered: no: [redacted]"},
		"connect": {(&opamp.ServerToAgent{InstanceUID: uid[:]}).Marshal(), ""},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/x-protobuf")
				w.Write(c.body)
			}))
			defer srv.Close()
			tr, err := transport.New(transport.Config{BaseURL: srv.URL, AllowPlainHTTP: true})
			if err != nil {
				t.Fatal(err)
			}
			tr.Redactor().Add("sekrit-token-123")
			step, err := opampFirstPoll(context.Background(), tr, "dG9rZW4=", uid, "id", "host")
			if c.want == "" {
				if err != nil || !strings.Contains(step, "connected") {
					t.Fatalf("step %q, err %v", step, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) && !strings.Contains(refusalReason(err), c.want) {
				t.Fatalf("step %q, err %v (reason %q), want %q", step, err, refusalReason(err), c.want)
			}
		})
	}
}

func refusalReason(err error) string {
	if re, ok := err.(*RefusedError); ok {
		return re.Reason
	}
	return ""
}
