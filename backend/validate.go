package backend

import "errors"

// SpecValidator is offered by a service that can check a create spec
// before sending it, so a form shows each problem beside its field
// instead of after a round trip.
type SpecValidator interface {
	// ValidateSpec returns one problem per wrong field (Field names it),
	// none when the spec may be sent.
	ValidateSpec(spec CreateSpec) []*InvalidInputError
}

// Problems collects the invalid-input errors among errs (nil ones are
// skipped); any other error becomes a problem without a field.
func Problems(errs ...error) []*InvalidInputError {
	var out []*InvalidInputError
	for _, err := range errs {
		if err == nil {
			continue
		}
		var ie *InvalidInputError
		if !errors.As(err, &ie) {
			ie = &InvalidInputError{Reason: err.Error()}
		}
		out = append(out, ie)
	}
	return out
}
