package main

import (
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/ece"
	"github.com/tokentui/tokentui/backend/elasticsearch"
	"github.com/tokentui/tokentui/backend/fleet"
	"github.com/tokentui/tokentui/backend/transport"
	"github.com/tokentui/tokentui/config"
)

// services builds a client per configured system, in tab order
// (Elasticsearch, ECE, Fleet), with hints for the others.
type services struct {
	list      [3]backend.Service
	hints     [3]string
	endpoints [3]string
	insecure  bool
}

func buildServices(cfg config.Config, timeout time.Duration, userAgent string, trail func(string)) (services, error) {
	var s services
	s.hints = [3]string{config.HintElasticsearch, config.HintECE, config.HintKibana}
	tc := func(sys *config.System, auth transport.Auth) (transport.Config, error) {
		c := transport.Config{BaseURL: sys.URL, Auth: auth, CAFingerprint: sys.CAFingerprint,
			Insecure: sys.Insecure, Timeout: timeout, UserAgent: userAgent, Trail: trail}
		if sys.Timeout > 0 {
			c.Timeout = sys.Timeout
		}
		for _, f := range sys.CACertFiles {
			pem, err := os.ReadFile(f)
			if err != nil {
				return c, fmt.Errorf("reading the CA certificate: %w", err)
			}
			c.CACertPEM = append(append(c.CACertPEM, pem...), '\n')
		}
		s.insecure = s.insecure || sys.Insecure
		return c, nil
	}
	auth := func(sys *config.System) transport.Auth {
		if sys.APIKey != "" {
			return transport.APIKey{Key: sys.APIKey}
		}
		return transport.Basic{Username: sys.Username, Password: sys.Password}
	}
	if sys := cfg.Elasticsearch; sys != nil {
		t, err := tc(sys, auth(sys))
		if err != nil {
			return s, fmt.Errorf("Elasticsearch: %w", err)
		}
		c, err := elasticsearch.New(elasticsearch.Config{Transport: t})
		if err != nil {
			return s, fmt.Errorf("Elasticsearch: %w", err)
		}
		s.list[0], s.endpoints[0] = c, sys.URL
	}
	if sys := cfg.ECE; sys != nil {
		var a transport.Auth
		if sys.APIKey != "" {
			a = transport.APIKey{Key: sys.APIKey}
		}
		t, err := tc(sys, a)
		if err != nil {
			return s, fmt.Errorf("ECE: %w", err)
		}
		c, err := ece.New(ece.Config{Transport: t, Username: sys.Username, Password: sys.Password, Region: regionOf(sys)})
		if err != nil {
			return s, fmt.Errorf("ECE: %w", err)
		}
		s.list[1], s.endpoints[1] = c, sys.URL
	}
	if sys := cfg.Kibana; sys != nil {
		t, err := tc(sys, auth(sys))
		if err != nil {
			return s, fmt.Errorf("Kibana: %w", err)
		}
		c, err := fleet.New(fleet.Config{Transport: t, Space: sys.Space})
		if err != nil {
			return s, fmt.Errorf("Kibana: %w", err)
		}
		s.list[2], s.endpoints[2] = c, sys.URL
	}
	return s, nil
}

// regionOf is ecctl's rule: with no region set, a host other than the
// Elastic Cloud API uses the region path form with "ece-region".
func regionOf(sys *config.System) string {
	if sys.Region != "" {
		return sys.Region
	}
	return "ece-region"
}

// of is one system's client (nil when not configured), hint and
// endpoint.
func (s services) of(sys backend.System) (svc backend.Service, hint, endpoint string) {
	i := slices.Index([]backend.System{backend.Elasticsearch, backend.ECE, backend.Fleet}, sys)
	if i < 0 {
		return nil, "", ""
	}
	return s.list[i], s.hints[i], s.endpoints[i]
}
