package main

import (
	"errors"
	"fmt"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/elasticsearch"
)

// fleetKeyInspector is the profile's Elasticsearch client, used by a Fleet
// delete to check each removed token's API key (Kibana removes the record
// even when invalidating the key failed). Without Elasticsearch settings it
// is nil and the results say the key was not verified; a broken section is
// a warning, not a reason to refuse the delete.
func (a *app) fleetKeyInspector() backend.APIKeyInspector {
	es, err := client[*elasticsearch.Client](a, backend.Elasticsearch)
	var nc *backend.NotConfiguredError
	switch {
	case errors.As(err, &nc):
		return nil
	case err != nil:
		printError(a.stderr, fmt.Errorf("warning: the Elasticsearch settings cannot be used to check the tokens' API keys: %w", err))
		return nil
	}
	return es
}
