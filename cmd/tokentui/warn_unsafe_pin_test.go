package main

import (
	"bytes"
	"testing"

	"github.com/tokentui/tokentui/config"
)

// warnUnsafe's lines, word for word and in order, for every system:
// pinned before the systems moved into the registry (backend/system).
func TestWarnUnsafePinnedWordForWord(t *testing.T) {
	var buf bytes.Buffer
	a := &app{stderr: &buf}
	plain := func(url string) *config.System {
		return &config.System{URL: url, AllowPlainHTTP: true, Insecure: true, Source: "config file"}
	}
	cfg := config.Config{Elasticsearch: plain("http://es:9200"), Kibana: plain("http://kb:5601"),
		ECE: &config.System{URL: "https://ece", Insecure: true, Source: "ecctl ~/.ecctl/config.yaml"}}
	a.warnUnsafe(&cfg)
	want := `tokentui: warning: Elasticsearch credentials travel in clear text over http://es:9200 (allow_plain_http)
tokentui: warning: Elasticsearch: insecure is on (insecure = true in the config file, or EC_INSECURE): TLS certificates are not verified; anyone on the path can read the credentials
tokentui: warning: Kibana credentials travel in clear text over http://kb:5601 (allow_plain_http)
tokentui: warning: Kibana: insecure is on (insecure = true in the config file, or EC_INSECURE): TLS certificates are not verified; anyone on the path can read the credentials
tokentui: warning: ECE: insecure is on (insecure in ~/.ecctl/config.yaml): TLS certificates are not verified; anyone on the path can read the credentials
`
	if buf.String() != want {
		t.Errorf("warnUnsafe wrote:\n%s\nwant:\n%s", buf.String(), want)
	}
}
