package transport

import (
	"fmt"
	"net/http"

	"github.com/tokentui/tokentui/backend"
)

var _ backend.DetailedError = (*Error)(nil)

// Details lays the error out for the UI's error panel (backend.DetailedError).
func (e *Error) Details() []backend.Detail {
	var d []backend.Detail
	add := func(label, value string) {
		if value != "" {
			d = append(d, backend.Detail{Label: label, Value: value})
		}
	}
	if e.Status > 0 {
		add("Status", fmt.Sprintf("%d %s", e.Status, statusText(e.Status)))
	}
	add("Request", e.Method+" "+e.Path)
	add("Kind", string(e.Kind))
	add("Type", e.Type)
	add("Reason", e.Reason)
	add("Body", e.Excerpt)
	return d
}

// statusText names a status; 449 is ECE's own ("elevated permissions").
func statusText(status int) string {
	if status == 449 {
		return "Retry With"
	}
	return http.StatusText(status)
}
