package enrollcmd

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tokentui/tokentui/backend"
)

const (
	fleetTok = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="
	fleetURL = "https://fleet-server.example.com:8220"
)

func TestFleetCommandPerPlatform(t *testing.T) {
	in := FleetInput{URL: fleetURL, Version: "9.1.0"}
	args := "--url=" + fleetURL + " --enrollment-token=" + fleetTok
	dl := "curl -L -O https://artifacts.elastic.co/downloads/beats/elastic-agent/"
	want := map[Platform]string{
		Linux: dl + "elastic-agent-9.1.0-linux-x86_64.tar.gz\ntar xzvf elastic-agent-9.1.0-linux-x86_64.tar.gz\n" +
			"cd elastic-agent-9.1.0-linux-x86_64\nsudo ./elastic-agent install " + args,
		LinuxAarch64: dl + "elastic-agent-9.1.0-linux-arm64.tar.gz\ntar xzvf elastic-agent-9.1.0-linux-arm64.tar.gz\n" +
			"cd elastic-agent-9.1.0-linux-arm64\nsudo ./elastic-agent install " + args,
		MacAarch64: dl + "elastic-agent-9.1.0-darwin-aarch64.tar.gz\ntar xzvf elastic-agent-9.1.0-darwin-aarch64.tar.gz\n" +
			"cd elastic-agent-9.1.0-darwin-aarch64\nsudo ./elastic-agent install " + args,
		MacX8664: dl + "elastic-agent-9.1.0-darwin-x86_64.tar.gz\ntar xzvf elastic-agent-9.1.0-darwin-x86_64.tar.gz\n" +
			"cd elastic-agent-9.1.0-darwin-x86_64\nsudo ./elastic-agent install " + args,
		Windows: "$ProgressPreference = 'SilentlyContinue'\n" +
			"Invoke-WebRequest -Uri https://artifacts.elastic.co/downloads/beats/elastic-agent/elastic-agent-9.1.0-windows-x86_64.zip -OutFile elastic-agent-9.1.0-windows-x86_64.zip\n" +
			`Expand-Archive .\elastic-agent-9.1.0-windows-x86_64.zip -DestinationPath .` + "\n" +
			"cd elastic-agent-9.1.0-windows-x86_64\n" + `.\elastic-agent.exe install ` + args,
		DEB: dl + "elastic-agent-9.1.0-amd64.deb\nsudo dpkg -i elastic-agent-9.1.0-amd64.deb\n" +
			"sudo systemctl enable elastic-agent\nsudo systemctl start elastic-agent\nsudo elastic-agent enroll " + args,
		DEBAarch64: dl + "elastic-agent-9.1.0-arm64.deb\nsudo dpkg -i elastic-agent-9.1.0-arm64.deb\n" +
			"sudo systemctl enable elastic-agent\nsudo systemctl start elastic-agent\nsudo elastic-agent enroll " + args,
		RPM: dl + "elastic-agent-9.1.0-x86_64.rpm\nsudo rpm -vi elastic-agent-9.1.0-x86_64.rpm\n" +
			"sudo systemctl enable elastic-agent\nsudo systemctl start elastic-agent\nsudo elastic-agent enroll " + args,
		RPMAarch64: dl + "elastic-agent-9.1.0-aarch64.rpm\nsudo rpm -vi elastic-agent-9.1.0-aarch64.rpm\n" +
			"sudo systemctl enable elastic-agent\nsudo systemctl start elastic-agent\nsudo elastic-agent enroll " + args,
		Docker: "docker run --env FLEET_ENROLL=1 --env FLEET_URL=" + fleetURL + " --env FLEET_ENROLLMENT_TOKEN=" + fleetTok +
			" --rm docker.elastic.co/elastic-agent/elastic-agent:9.1.0",
		Kubernetes: "curl -L -O https://raw.githubusercontent.com/elastic/elastic-agent/v9.1.0/deploy/kubernetes/elastic-agent-managed-kubernetes.yaml\n" +
			"# in the elastic-agent DaemonSet's env, set:\n#   - name: FLEET_ENROLL\n#     value: \"1\"\n" +
			"#   - name: FLEET_URL\n#     value: \"" + fleetURL + "\"\n#   - name: FLEET_ENROLLMENT_TOKEN\n#     value: \"" + fleetTok + "\"\n" +
			"kubectl apply -f elastic-agent-managed-kubernetes.yaml",
	}
	if len(want)+len(fleetVariants) != len(Platforms(Fleet)) {
		t.Fatalf("%d platforms pinned, %d offered", len(want)+len(fleetVariants), len(Platforms(Fleet)))
	}
	for _, p := range Platforms(Fleet)[:len(want)] {
		got, err := FleetCommand(p, in, backend.NewSecret(fleetTok))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got.Reveal() != want[p] {
			t.Errorf("%s:\n got %q\nwant %q", p, got.Reveal(), want[p])
		}
		if s := fmt.Sprint(got); strings.Contains(s, fleetTok) {
			t.Errorf("%s: printing the command shows the token", p)
		}
	}
}

func TestFleetCommandRefusesMissingInput(t *testing.T) {
	tok := backend.NewSecret(fleetTok)
	for name, in := range map[string]FleetInput{"no url": {Version: "9.1.0"}, "no version": {URL: fleetURL}} {
		if _, err := FleetCommand(Linux, in, tok); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := FleetCommand(Linux, FleetInput{URL: fleetURL, Version: "9.1.0"}, backend.Secret{}); err == nil {
		t.Error("empty token: no error")
	}
	var pe *PlatformError
	if _, err := FleetCommand(Archive, FleetInput{URL: fleetURL, Version: "9.1.0"}, tok); !errors.As(err, &pe) {
		t.Errorf("archive is not a Fleet platform: %v", err)
	}
}

func TestFleetURLFromServerIsQuoted(t *testing.T) {
	got, err := FleetCommand(Docker, FleetInput{URL: "https://x/;rm$(id)", Version: "9.1.0"}, backend.NewSecret(fleetTok))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Reveal(), "'FLEET_URL=https://x/;rm$(id)'") {
		t.Errorf("URL not quoted: %q", got.Reveal())
	}
	if _, err := FleetCommand(Docker, FleetInput{URL: "https://x;rm -rf /", Version: "9.1.0"}, backend.NewSecret(fleetTok)); err == nil {
		t.Error("a URL with whitespace is refused")
	}
}

const esTok = "eyJ2ZXIiOiI4LjE0LjAiLCJhZHIiOlsiMTI3LjAuMC4xOjkyMDAiLCJbOjoxXTo5MjAwIl0sImZnciI6ImNlNDgwZDUzNzI4NjA1Njc0ZmNmZDhmZmI1MTAwMGQ4YTMzYmYzMmRlN2M3ZjFlMjZiNGQ0MjhmOGE5MTM2MmQiLCJrZXkiOiJKSC0zNkhvQm80RVlJb1ZoSGgyRjp1RW80ZGtzQVJNcV9CU0hhQUhVcjhRIn0="

func TestElasticsearchCommandPerPlatform(t *testing.T) {
	want := map[Kind]map[Platform]string{
		Node: {
			Archive: "bin/elasticsearch --enrollment-token " + esTok,
			Windows: `bin\elasticsearch.bat --enrollment-token ` + esTok,
			DEB:     "sudo /usr/share/elasticsearch/bin/elasticsearch-reconfigure-node --enrollment-token " + esTok,
			RPM:     "sudo /usr/share/elasticsearch/bin/elasticsearch-reconfigure-node --enrollment-token " + esTok,
			Docker:  `docker run -e ENROLLMENT_TOKEN="` + esTok + `" --name es02 --net elastic -it -m 1GB docker.elastic.co/elasticsearch/elasticsearch:8.14.0`,
		},
		Kibana: {
			Archive: "bin/kibana-setup --enrollment-token " + esTok,
			Windows: `bin\kibana-setup.bat --enrollment-token ` + esTok,
			DEB:     "sudo /usr/share/kibana/bin/kibana-setup --enrollment-token " + esTok,
			RPM:     "sudo /usr/share/kibana/bin/kibana-setup --enrollment-token " + esTok,
			Docker: "docker run --name kib01 --net elastic -p 5601:5601 docker.elastic.co/kibana/kibana:8.14.0\n" +
				"# open the URL the container prints and paste this enrollment token:\n# " + esTok,
		},
	}
	for k, byP := range want {
		if len(byP) != len(Platforms(k)) {
			t.Fatalf("%s: %d platforms pinned, %d offered", k, len(byP), len(Platforms(k)))
		}
		for _, p := range Platforms(k) {
			got, err := ElasticsearchCommand(k, p, "8.14.0", backend.NewSecret(esTok))
			if err != nil {
				t.Fatalf("%s %s: %v", k, p, err)
			}
			if got.Reveal() != byP[p] {
				t.Errorf("%s %s:\n got %q\nwant %q", k, p, got.Reveal(), byP[p])
			}
		}
	}
	if _, err := ElasticsearchCommand(Node, Docker, "", backend.NewSecret(esTok)); err == nil {
		t.Error("docker without a version: no error")
	}
	if _, err := ElasticsearchCommand(Node, Linux, "8.14.0", backend.NewSecret(esTok)); err == nil {
		t.Error("linux is not an Elasticsearch platform: no error")
	}
}

func TestECECommand(t *testing.T) {
	tok := backend.NewSecret("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig")
	got, err := ECECommand(ECEInput{Coordinator: "192.168.44.10", Roles: []string{"director", "coordinator", "proxy"}}, tok)
	if err != nil {
		t.Fatal(err)
	}
	want := "bash <(curl -fsSL https://download.elastic.co/cloud/elastic-cloud-enterprise.sh) install --coordinator-host 192.168.44.10 " +
		`--roles-token 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig' --roles director,coordinator,proxy`
	if got.Reveal() != want {
		t.Errorf("\n got %q\nwant %q", got.Reveal(), want)
	}
	got, _ = ECECommand(ECEInput{Coordinator: "ece.example.com", Version: "3.8.0"}, tok)
	if strings.Contains(got.Reveal(), "--roles ") || !strings.HasSuffix(got.Reveal(), " --cloud-enterprise-version 3.8.0") {
		t.Errorf("no roles, with version: %q", got.Reveal())
	}
	if _, err := ECECommand(ECEInput{}, tok); err == nil {
		t.Error("no coordinator: no error")
	}
}

func TestParsePlatformListsChoices(t *testing.T) {
	if p, err := ParsePlatform(Fleet, " Windows "); err != nil || p != Windows {
		t.Errorf("windows: %v %v", p, err)
	}
	_, err := ParsePlatform(Fleet, "solaris")
	if err == nil || !strings.Contains(err.Error(), "linux, linux-aarch64, macos-aarch64, macos-x86_64, windows, deb, deb-aarch64, rpm, rpm-aarch64, docker, kubernetes") {
		t.Errorf("error does not list the choices: %v", err)
	}
	if _, err := ParsePlatform(Node, "kubernetes"); err == nil || !strings.Contains(err.Error(), "archive, windows, deb, rpm, docker") {
		t.Errorf("node: %v", err)
	}
}

func TestDefaultPlatform(t *testing.T) {
	for _, c := range []struct {
		h    Hint
		want Platform
	}{
		{Hint{PolicyName: "Windows desktops"}, Windows},
		{Hint{PolicyName: "Linux servers"}, Linux},
		{Hint{PolicyName: "Edge proxies"}, Linux},
		{Hint{PolicyName: "macOS laptops"}, MacAarch64},
		{Hint{PolicyName: "k8s prod"}, Kubernetes},
		{Hint{PolicyName: "RHEL hosts"}, RPM},
		{Hint{PolicyName: "Edge proxies", AgentOS: []string{"windows", "windows", "ubuntu"}}, Windows},
		{Hint{PolicyName: "Edge proxies", AgentOS: []string{"ubuntu", "darwin", "centos"}}, Linux},
		{Hint{PolicyName: "Twin peaks"}, Linux}, // "win" inside a word is not Windows
		{Hint{}, Linux},
	} {
		if got := DefaultPlatform(Fleet, c.h); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.h, got, c.want)
		}
	}
	if DefaultPlatform(Node, Hint{PolicyName: "Windows"}) != Archive || DefaultPlatform(ECE, Hint{}) != Installer {
		t.Error("non-Fleet defaults")
	}
}

func TestNextCycles(t *testing.T) {
	p := Linux
	seen := map[Platform]bool{}
	for range Platforms(Fleet) {
		seen[p] = true
		p = Next(Fleet, p)
	}
	if p != Linux || len(seen) != len(Platforms(Fleet)) {
		t.Errorf("cycle ends at %s after seeing %d", p, len(seen))
	}
}
