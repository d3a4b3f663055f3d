// Package builtin registers the rows of the systems tokentui ships:
// Elasticsearch, Kibana (Fleet) and ECE, in the order configuration
// problems and warnings name them. Importing it is enough; config and
// backend/childenv do.
package builtin

import (
	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/system"
	"github.com/tokentui/tokentui/backend/transport"
)

func init() {
	system.Register(Elasticsearch)
	system.Register(Fleet)
	system.Register(ECE)
}

// Elasticsearch: node and Kibana enrollment tokens.
var Elasticsearch = system.Row{
	System: backend.Elasticsearch, Title: "Elasticsearch", Section: "elasticsearch", Server: "Elasticsearch",
	Env:   system.Env{URL: "ELASTICSEARCH_URL", Username: "ELASTICSEARCH_USERNAME", Password: "ELASTICSEARCH_PASSWORD", APIKey: "ELASTICSEARCH_API_KEY"},
	Check: checkElasticsearch,
	// It lives 30 minutes: there is nothing to rotate.
	NoRotate: "only Fleet and ECE tokens can be rotated (an Elasticsearch enrollment token lives 30 minutes: create a new one)",
	Hint:     "set ELASTICSEARCH_URL, and ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD (creating tokens needs a user with manage_security), or ELASTICSEARCH_API_KEY to list and revoke only; or add an [profiles.<name>.elasticsearch] section to the config file (tokentui config init)",
	New: func(t transport.Config, s system.Settings) (backend.Service, error) {
		t.Auth = BasicOrAPIKey(s)
		return elasticsearch.New(elasticsearch.Config{Transport: t})
	},
}

// Fleet: Fleet enrollment API keys, reached through Kibana.
var Fleet = system.Row{
	System: backend.Fleet, Title: "Fleet", Section: "kibana", Server: "Kibana",
	Env:   system.Env{URL: "KIBANA_URL", Username: "KIBANA_USERNAME", Password: "KIBANA_PASSWORD", APIKey: "KIBANA_API_KEY"},
	Check: checkFleet, Replace: replaceFleet,
	Hint: "set KIBANA_URL, and KIBANA_USERNAME and KIBANA_PASSWORD, or KIBANA_API_KEY; or add a [profiles.<name>.kibana] section to the config file (tokentui config init)",
	New: func(t transport.Config, s system.Settings) (backend.Service, error) {
		t.Auth = BasicOrAPIKey(s)
		return fleet.New(fleet.Config{Transport: t, Space: s.Space, DefaultExpiration: s.DefaultExpiration})
	},
}

// ECE: roles tokens. Its variables are ecctl's.
var ECE = system.Row{
	System: backend.ECE, Title: "ECE", Section: "ece", Server: "ECE",
	Env:   system.Env{URL: "EC_HOST", Username: "EC_USER", Password: "EC_PASS", APIKey: "EC_API_KEY"},
	Check: checkECE, Replace: replaceECE,
	Hint: "set EC_HOST, and EC_API_KEY or EC_USER and EC_PASS (an ecctl configuration in ~/.ecctl is read too); or add a [profiles.<name>.ece] section to the config file (tokentui config init)",
	New: func(t transport.Config, s system.Settings) (backend.Service, error) {
		if s.APIKey != "" {
			t.Auth = transport.APIKey{Key: s.APIKey}
		} // else the client logs in with the username and password
		return ece.New(ece.Config{Transport: t, Username: s.Username, Password: s.Password, Region: regionOf(s)})
	},
}

// BasicOrAPIKey is an API key when s has one, else Basic.
func BasicOrAPIKey(s system.Settings) transport.Auth {
	if s.APIKey != "" {
		return transport.APIKey{Key: s.APIKey}
	}
	return transport.Basic{Username: s.Username, Password: s.Password}
}

// regionOf is ecctl's rule: with no region set, a host other than the
// Elastic Cloud API uses the region path form with "ece-region".
func regionOf(s system.Settings) string {
	if s.Region != "" {
		return s.Region
	}
	return "ece-region"
}
