package main

import (
	"os"
	"testing"

	"github.com/tokentui/tokentui/backend/sim"
)

// The demo's config file, byte for byte: pinned before its sections came
// from the registry's simulators.
func TestDemoConfigPinnedByteForByte(t *testing.T) {
	s := &sim.Stack{ESURL: "https://127.0.0.1:1", KibanaURL: "https://127.0.0.1:2", ECEURL: "https://127.0.0.1:3", CAFile: "/x/ca.pem",
		Creds: sim.Credentials{ESUsername: "elastic", ESPassword: `p"w`, KibanaUsername: "kuser", KibanaPass: "kp", ECEAPIKey: "k"}}
	path, err := writeDemoConfig(t.TempDir(), []*sim.Stack{s, s})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	section := func(p string) string {
		return `    [profiles.` + p + `.elasticsearch]
      url = "https://127.0.0.1:1"
      username = "elastic"
      password = "p\"w"
      ca_cert = "/x/ca.pem"
    [profiles.` + p + `.kibana]
      url = "https://127.0.0.1:2"
      username = "kuser"
      password = "kp"
      ca_cert = "/x/ca.pem"
    [profiles.` + p + `.ece]
      url = "https://127.0.0.1:3"
      api_key = "k"
      ca_cert = "/x/ca.pem"
`
	}
	want := `# Written by tokentui demo serve --profiles; removed when it stops.
default_profile = "demo1"

[profiles]
  [profiles.demo1]
` + section("demo1") + `  [profiles.demo2]
` + section("demo2")
	if string(got) != want {
		t.Errorf("demo config:\n%s\nwant:\n%s", got, want)
	}
}
