package enrollcmd

import (
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/sanitize/sanitizetest"
)

const otelYAML = "cat > otel-opamp.yaml <<'EOF'\nextensions:\n  opamp:\n    server:\n      http:\n" +
	"        endpoint: \"" + fleetURL + "/v1/opamp\"\n        headers:\n" +
	"          Authorization: \"ApiKey ${env:FLEET_ENROLLMENT_TOKEN}\"\n" +
	"    agent_description:\n      non_identifying_attributes:\n" +
	"        elastic.collector.group_name: \"OTel Collector Group\"\n        elastic.collector.group: \"otel-collector-group\"\n" +
	"        elastic.display.name: \"${env:HOSTNAME}\"\nservice:\n  extensions: [\"opamp\"]\nEOF\n"

const readLine = "read -rs FLEET_ENROLLMENT_TOKEN && export FLEET_ENROLLMENT_TOKEN   # paste the enrollment token, then Enter (not echoed, not kept in the history)"

func TestFleetVariantsPerPlatform(t *testing.T) {
	in := FleetInput{URL: fleetURL, Version: "9.1.0"}
	want := map[Platform]string{
		OTel:     otelYAML + "FLEET_ENROLLMENT_TOKEN='" + fleetTok + "' ./otelcol-contrib --config ./otel-opamp.yaml",
		OTelRead: otelYAML + readLine + "\n./otelcol-contrib --config ./otel-opamp.yaml",
		LinuxRead: "curl -L -O https://artifacts.elastic.co/downloads/beats/elastic-agent/elastic-agent-9.1.0-linux-x86_64.tar.gz\n" +
			"tar xzvf elastic-agent-9.1.0-linux-x86_64.tar.gz\ncd elastic-agent-9.1.0-linux-x86_64\n" + readLine + "\n" +
			"# elastic-agent install still gets the token as an argument: it shows in the process list while the installer runs\n" +
			`sudo ./elastic-agent install --url=` + fleetURL + ` --enrollment-token="$FLEET_ENROLLMENT_TOKEN"`,
		DockerEnvFile: readLine + "\n(umask 077 && printf '%s=%s\\n' FLEET_ENROLLMENT_TOKEN \"$FLEET_ENROLLMENT_TOKEN\" > fleet.env) && unset FLEET_ENROLLMENT_TOKEN\n" +
			"docker run --env FLEET_ENROLL=1 --env FLEET_URL=" + fleetURL + " --env-file fleet.env --rm docker.elastic.co/elastic-agent/elastic-agent:9.1.0\n" +
			"rm fleet.env   # once the agent has enrolled",
		KubernetesSecret: readLine + "\nprintf '%s' \"$FLEET_ENROLLMENT_TOKEN\" | kubectl create secret generic fleet-enrollment-token -n kube-system --from-file=FLEET_ENROLLMENT_TOKEN=/dev/stdin && unset FLEET_ENROLLMENT_TOKEN\n" +
			"curl -L -O https://raw.githubusercontent.com/elastic/elastic-agent/v9.1.0/deploy/kubernetes/elastic-agent-managed-kubernetes.yaml\n" +
			"# in the elastic-agent DaemonSet's env, set FLEET_URL to \"" + fleetURL + "\" and take the token from the Secret, as ECK does:\n" +
			"#   - name: FLEET_ENROLLMENT_TOKEN\n#     valueFrom:\n#       secretKeyRef: {name: fleet-enrollment-token, key: FLEET_ENROLLMENT_TOKEN, optional: false}\n" +
			"kubectl apply -f elastic-agent-managed-kubernetes.yaml",
	}
	if len(want) != len(fleetVariants) {
		t.Fatalf("%d variants pinned, %d offered", len(want), len(fleetVariants))
	}
	for _, p := range fleetVariants {
		got, err := FleetCommand(p, in, backend.NewSecret(fleetTok))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got.Reveal() != want[p] {
			t.Errorf("%s:\n got %q\nwant %q", p, got.Reveal(), want[p])
		}
		if p != OTel && strings.Contains(got.Reveal(), fleetTok) {
			t.Errorf("%s: the token is on a command line", p)
		}
		if s := fmt.Sprint(got); strings.Contains(s, fleetTok) {
			t.Errorf("%s: printing the command shows the token", p)
		}
	}
}

// TestOTelConfigIsTheOpAMPExtension parses the heredoc's YAML.
func TestOTelConfigIsTheOpAMPExtension(t *testing.T) {
	body := strings.TrimSuffix(strings.TrimPrefix(OTelConfig(fleetURL+"/"), "cat > otel-opamp.yaml <<'EOF'\n"), "\nEOF")
	var cfg struct {
		Extensions struct {
			OpAMP struct {
				Server struct {
					HTTP struct {
						Endpoint string            `yaml:"endpoint"`
						Headers  map[string]string `yaml:"headers"`
					} `yaml:"http"`
				} `yaml:"server"`
			} `yaml:"opamp"`
		} `yaml:"extensions"`
		Service struct {
			Extensions []string `yaml:"extensions"`
		} `yaml:"service"`
	}
	if err := yaml.Unmarshal([]byte(body), &cfg); err != nil {
		t.Fatal(err)
	}
	h := cfg.Extensions.OpAMP.Server.HTTP
	if h.Endpoint != fleetURL+"/v1/opamp" || h.Headers["Authorization"] != "ApiKey ${env:FLEET_ENROLLMENT_TOKEN}" || strings.Join(cfg.Service.Extensions, ",") != "opamp" {
		t.Fatalf("config: %+v", cfg)
	}
}

func TestFleetVariantsRefuseHostileValues(t *testing.T) {
	tok := backend.NewSecret(fleetTok)
	urls := []string{"", "ftp://x", "https://", "https://x/'; rm -rf ~", "https://x/$(id)", "https://x/`id`", "https://x/\"y", "https://x\ny"}
	for _, h := range sanitizetest.Hostile {
		urls = append(urls, "https://fleet"+h+".example.com")
	}
	for _, p := range fleetVariants {
		for _, u := range urls {
			if _, err := FleetCommand(p, FleetInput{URL: u, Version: "9.1.0"}, tok); err == nil {
				t.Errorf("%s: URL %q accepted", p, u)
			}
		}
		if p == OTel || p == OTelRead {
			continue // no version in a collector's command
		}
		for _, v := range []string{"", "9.1.0; id", "9.1.0\n", "../9"} {
			if _, err := FleetCommand(p, FleetInput{URL: fleetURL, Version: v}, tok); err == nil {
				t.Errorf("%s: version %q accepted", p, v)
			}
		}
	}
	// A token with characters no token has is refused, as in Kibana's own
	// platforms (quote.Token); a real one is single-quoted on OTel's run line.
	if _, err := FleetCommand(OTel, FleetInput{URL: fleetURL}, backend.NewSecret("a'b $(id)\nc")); err == nil {
		t.Fatal("a hostile token was accepted")
	}
	got, err := FleetCommand(OTel, FleetInput{URL: fleetURL}, tok)
	if err != nil || !strings.Contains(got.Reveal(), `FLEET_ENROLLMENT_TOKEN='`+fleetTok+`' ./otelcol-contrib`) {
		t.Fatalf("token: %v %q", err, got.Reveal())
	}
	// Credentials in a Fleet Server URL never reach a command.
	if _, err := FleetCommand(LinuxRead, FleetInput{URL: "https://user:pw@fleet.example.com", Version: "9.1.0"}, tok); err == nil {
		t.Fatal("a URL with credentials was accepted")
	}
}
