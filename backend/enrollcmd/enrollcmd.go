// Package enrollcmd builds the exact command a person runs to use an
// enrollment token, per platform, as Kibana's and Elastic's own install
// instructions give it: Elastic Agent (Fleet), a new Elasticsearch node, a
// Kibana instance, an ECE host. The functions are pure; every command holds
// the token, so it is returned as a backend.Secret.
package enrollcmd

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd/quote"
)

// Kind is what consumes the token.
type Kind string

const (
	Fleet  Kind = "fleet"  // Elastic Agent
	Node   Kind = "node"   // a new Elasticsearch node
	Kibana Kind = "kibana" // a Kibana instance
	ECE    Kind = "ece"    // an ECE host
)

// Platform names where the consumer is installed; the names are the CLI's
// --platform values.
type Platform string

const (
	Linux        Platform = "linux" // tar.gz, x86_64
	LinuxAarch64 Platform = "linux-aarch64"
	MacAarch64   Platform = "macos-aarch64"
	MacX8664     Platform = "macos-x86_64"
	Windows      Platform = "windows"
	DEB          Platform = "deb" // x86_64 (amd64)
	DEBAarch64   Platform = "deb-aarch64"
	RPM          Platform = "rpm" // x86_64
	RPMAarch64   Platform = "rpm-aarch64"
	Docker       Platform = "docker"
	Kubernetes   Platform = "kubernetes"
	Archive      Platform = "archive" // Elasticsearch or Kibana tar.gz/zip on Linux or macOS
	Installer    Platform = "installer"
)

var titles = map[Platform]string{
	Linux: "Linux x86_64 (tar.gz)", LinuxAarch64: "Linux aarch64 (tar.gz)",
	MacAarch64: "macOS aarch64", MacX8664: "macOS x86_64", Windows: "Windows (PowerShell)",
	DEB: "DEB x86_64", DEBAarch64: "DEB aarch64", RPM: "RPM x86_64", RPMAarch64: "RPM aarch64",
	Docker: "Docker", Kubernetes: "Kubernetes", Archive: "Linux/macOS archive", Installer: "installation script",
}

// Title is the platform as a person reads it.
func (p Platform) Title() string {
	if t, ok := titles[p]; ok {
		return t
	}
	return string(p)
}

// Platforms lists the platforms of a kind in the order a picker cycles
// through them; the first is the fallback default.
func Platforms(k Kind) []Platform {
	switch k {
	case Fleet:
		return append([]Platform{Linux, LinuxAarch64, MacAarch64, MacX8664, Windows, DEB, DEBAarch64, RPM, RPMAarch64, Docker, Kubernetes}, fleetVariants...)
	case Node, Kibana:
		return []Platform{Archive, Windows, DEB, RPM, Docker}
	case ECE:
		return []Platform{Installer}
	}
	return nil
}

// Next is the platform after p in the kind's cycle (the UI's switch key).
func Next(k Kind, p Platform) Platform {
	ps := Platforms(k)
	for i, q := range ps {
		if q == p {
			return ps[(i+1)%len(ps)]
		}
	}
	if len(ps) > 0 {
		return ps[0]
	}
	return p
}

// PlatformError is a --platform value the kind does not offer; its text
// lists the choices.
type PlatformError struct {
	Kind  Kind
	Value string
}

func (e *PlatformError) Error() string {
	names := make([]string, 0, len(Platforms(e.Kind)))
	for _, p := range Platforms(e.Kind) {
		names = append(names, string(p))
	}
	return fmt.Sprintf("unknown platform %q for a %s token; choose one of: %s", e.Value, e.Kind, strings.Join(names, ", "))
}

// ParsePlatform checks a --platform value; "" means the default.
func ParsePlatform(k Kind, s string) (Platform, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range Platforms(k) {
		if string(p) == s {
			return p, nil
		}
	}
	return "", &PlatformError{Kind: k, Value: s}
}

// Hint is what the APIs tell about where a Fleet token will be used.
type Hint struct {
	PolicyName string
	// AgentOS are the OS platforms ("windows", "darwin", "ubuntu", …) or
	// families Kibana reports for the policy's agents
	// (local_metadata.os.platform); empty when unknown.
	AgentOS []string
	// Collectors is how many OpenTelemetry Collectors (agents of type
	// OPAMP) the policy has, when CollectorsKnown: they send an
	// enrollment token on every poll, so a revoke cuts them off.
	Collectors      int
	CollectorsKnown bool
}

var (
	windowsRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\bwin(dows)?\b|windows`) })
	macRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\bmac(os)?\b|darwin|macbook`) })
	k8sRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)kubernetes|\bk8s\b|\bgke\b|\beks\b|\baks\b`) })
	dockerRE  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)docker|container`) })
	debRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\bdeb(ian)?\b|ubuntu`) })
	rpmRE     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\brpm\b|rhel|red ?hat|centos|fedora|rocky|alma`) })
)

// platformOf maps a word (a policy name or an agent's OS) to a platform.
func platformOf(s string) (Platform, bool) {
	for _, r := range []struct {
		re func() *regexp.Regexp
		p  Platform
	}{{windowsRE, Windows}, {macRE, MacAarch64}, {k8sRE, Kubernetes}, {dockerRE, Docker}, {debRE, DEB}, {rpmRE, RPM}} {
		if r.re().MatchString(s) {
			return r.p, true
		}
	}
	return "", false
}

// DefaultPlatform is the platform first shown for a token: for Fleet, the
// one the policy's name says ("Windows desktops" → windows), else the most
// common OS of its agents, else Linux tar; for the others, the archive.
func DefaultPlatform(k Kind, h Hint) Platform {
	if k == Fleet {
		if p, ok := platformOf(h.PolicyName); ok {
			return p
		}
		counts := map[Platform]int{}
		best, bestN := Linux, 0
		for _, os := range h.AgentOS {
			p, ok := platformOf(os)
			if !ok {
				continue
			}
			if p == DEB || p == RPM {
				// An agent's OS says the distribution, not how it was
				// installed: keep the tar that works on all of them.
				p = Linux
			}
			counts[p]++
			if counts[p] > bestN {
				best, bestN = p, counts[p]
			}
		}
		return best
	}
	return Platforms(k)[0]
}

// FleetInput is what an Elastic Agent command needs.
type FleetInput struct {
	URL     string // the Fleet Server URL of the token's policy
	Version string // the agent version to download (Kibana's version)
}

const (
	artifacts  = "https://artifacts.elastic.co/downloads/beats/elastic-agent"
	agentImage = "docker.elastic.co/elastic-agent/elastic-agent"
	k8sBase    = "https://raw.githubusercontent.com/elastic/elastic-agent"
)

// FleetCommand is the agent install command of a platform, as Kibana's
// "Add agent" flyout writes it: download, unpack, install (tar and zip
// packages) or install the package then `elastic-agent enroll` (DEB,
// RPM); Docker and Kubernetes pass the values as environment.
func FleetCommand(p Platform, in FleetInput, token backend.Secret) (backend.Secret, error) {
	if err := need(token, "the enrollment token"); err != nil {
		return backend.Secret{}, err
	}
	if cmd, ok, err := fleetVariant(p, in, token); ok {
		return cmd, err
	}
	if strings.TrimSpace(in.URL) == "" {
		return backend.Secret{}, errors.New("no Fleet Server URL: add a Fleet Server host in Kibana (Fleet → Settings)")
	}
	if strings.TrimSpace(in.Version) == "" {
		return backend.Secret{}, errors.New("the agent version is unknown")
	}
	v, tok := in.Version, token.Reveal()
	if err := quote.Version("the agent version (Kibana's)", v); err != nil {
		return backend.Secret{}, err
	}
	if err := quote.URL("the Fleet Server URL", in.URL); err != nil {
		return backend.Secret{}, err
	}
	if err := quote.Token("the enrollment token", tok); err != nil {
		return backend.Secret{}, err
	}
	// Every value is checked above and quoted for its shell here anyway.
	args := quote.Sh("--url="+in.URL) + " " + quote.Sh("--enrollment-token="+tok)
	tarball := func(arch string) string {
		dir := "elastic-agent-" + v + "-" + arch
		return lines(
			"curl -L -O "+artifacts+"/"+dir+".tar.gz",
			"tar xzvf "+dir+".tar.gz",
			"cd "+dir,
			"sudo ./elastic-agent install "+args)
	}
	pkg := func(file, install string) string {
		return lines(
			"curl -L -O "+artifacts+"/"+file,
			install+" "+file,
			"sudo systemctl enable elastic-agent",
			"sudo systemctl start elastic-agent",
			"sudo elastic-agent enroll "+args)
	}
	var cmd string
	switch p {
	case Linux:
		cmd = tarball("linux-x86_64")
	case LinuxAarch64:
		cmd = tarball("linux-arm64")
	case MacAarch64:
		cmd = tarball("darwin-aarch64")
	case MacX8664:
		cmd = tarball("darwin-x86_64")
	case Windows:
		dir := "elastic-agent-" + v + "-windows-x86_64"
		cmd = lines(
			"$ProgressPreference = 'SilentlyContinue'",
			"Invoke-WebRequest -Uri "+artifacts+"/"+dir+".zip -OutFile "+dir+".zip",
			`Expand-Archive .\`+dir+".zip -DestinationPath .",
			"cd "+dir,
			`.\elastic-agent.exe install `+quote.PowerShell("--url="+in.URL)+" "+quote.PowerShell("--enrollment-token="+tok))
	case DEB:
		cmd = pkg("elastic-agent-"+v+"-amd64.deb", "sudo dpkg -i")
	case DEBAarch64:
		cmd = pkg("elastic-agent-"+v+"-arm64.deb", "sudo dpkg -i")
	case RPM:
		cmd = pkg("elastic-agent-"+v+"-x86_64.rpm", "sudo rpm -vi")
	case RPMAarch64:
		cmd = pkg("elastic-agent-"+v+"-aarch64.rpm", "sudo rpm -vi")
	case Docker:
		cmd = "docker run --env FLEET_ENROLL=1 --env " + quote.Sh("FLEET_URL="+in.URL) + " --env " + quote.Sh("FLEET_ENROLLMENT_TOKEN="+tok) +
			" --rm " + agentImage + ":" + v
	case Kubernetes:
		// Kibana serves a filled-in manifest only through its UI; the
		// published one has the same env entries to fill in.
		cmd = lines(
			"curl -L -O "+k8sBase+"/v"+v+"/deploy/kubernetes/elastic-agent-managed-kubernetes.yaml",
			"# in the elastic-agent DaemonSet's env, set:",
			"#   - name: FLEET_ENROLL",
			`#     value: "1"`,
			"#   - name: FLEET_URL",
			"#     value: "+quote.YAML(in.URL),
			"#   - name: FLEET_ENROLLMENT_TOKEN",
			"#     value: "+quote.YAML(tok),
			"kubectl apply -f elastic-agent-managed-kubernetes.yaml")
	default:
		return backend.Secret{}, &PlatformError{Kind: Fleet, Value: string(p)}
	}
	return backend.NewSecret(cmd), nil
}

const (
	esImage     = "docker.elastic.co/elasticsearch/elasticsearch"
	kibanaImage = "docker.elastic.co/kibana/kibana"
)

// ElasticsearchCommand is the command that consumes a node or kibana
// token on a platform. version is the token's "ver" (the cluster's
// version), used for the Docker image.
func ElasticsearchCommand(k Kind, p Platform, version string, token backend.Secret) (backend.Secret, error) {
	if err := need(token, "the enrollment token"); err != nil {
		return backend.Secret{}, err
	}
	tok := token.Reveal()
	if err := quote.Token("the enrollment token", tok); err != nil {
		return backend.Secret{}, err
	}
	if p == Docker && strings.TrimSpace(version) == "" {
		return backend.Secret{}, errors.New("the Elasticsearch version is unknown")
	}
	if p == Docker {
		if err := quote.Version("the Elasticsearch version (the token's ver)", version); err != nil {
			return backend.Secret{}, err
		}
	}
	var cmd string
	switch k {
	case Node:
		switch p {
		case Archive:
			cmd = "bin/elasticsearch --enrollment-token " + tok
		case Windows:
			cmd = `bin\elasticsearch.bat --enrollment-token ` + tok
		case DEB, RPM:
			// Before the node's first start.
			cmd = "sudo /usr/share/elasticsearch/bin/elasticsearch-reconfigure-node --enrollment-token " + tok
		case Docker:
			cmd = `docker run -e ENROLLMENT_TOKEN="` + tok + `" --name es02 --net elastic -it -m 1GB ` + esImage + ":" + version
		default:
			return backend.Secret{}, &PlatformError{Kind: Node, Value: string(p)}
		}
	case Kibana:
		switch p {
		case Archive:
			cmd = "bin/kibana-setup --enrollment-token " + tok
		case Windows:
			cmd = `bin\kibana-setup.bat --enrollment-token ` + tok
		case DEB, RPM:
			cmd = "sudo /usr/share/kibana/bin/kibana-setup --enrollment-token " + tok
		case Docker:
			// Kibana's image takes the token on its setup page, whose URL
			// (with a verification code) the container prints.
			cmd = lines(
				"docker run --name kib01 --net elastic -p 5601:5601 "+kibanaImage+":"+version,
				"# open the URL the container prints and paste this enrollment token:",
				"# "+tok)
		default:
			return backend.Secret{}, &PlatformError{Kind: Kibana, Value: string(p)}
		}
	default:
		return backend.Secret{}, fmt.Errorf("no Elasticsearch enroll command for %q tokens", k)
	}
	return backend.NewSecret(cmd), nil
}

// ECEInput is what the ECE installer command needs.
type ECEInput struct {
	Coordinator string   // the coordinator host (the ECE API's host)
	Roles       []string // the token's roles, passed as --roles
	Version     string   // the installation's version, when known
}

// ECECommand is the ECE installation script run on an additional host.
func ECECommand(in ECEInput, token backend.Secret) (backend.Secret, error) {
	if err := need(token, "the roles token"); err != nil {
		return backend.Secret{}, err
	}
	if strings.TrimSpace(in.Coordinator) == "" {
		return backend.Secret{}, errors.New("the coordinator host is unknown")
	}
	if err := quote.Token("the roles token", token.Reveal()); err != nil {
		return backend.Secret{}, err
	}
	if in.Version != "" {
		if err := quote.Version("the ECE version (its hosts' build_info)", in.Version); err != nil {
			return backend.Secret{}, err
		}
	}
	cmd := "bash <(curl -fsSL https://download.elastic.co/cloud/elastic-cloud-enterprise.sh) install" +
		" --coordinator-host " + quote.Sh(in.Coordinator) +
		" --roles-token " + singleQuote(token.Reveal())
	if len(in.Roles) > 0 {
		cmd += " --roles " + quote.Sh(strings.Join(in.Roles, ","))
	}
	if in.Version != "" {
		cmd += " --cloud-enterprise-version " + in.Version
	}
	return backend.NewSecret(cmd), nil
}

func need(s backend.Secret, what string) error {
	if s.IsZero() {
		return errors.New(what + " is empty")
	}
	return nil
}

func lines(ls ...string) string { return strings.Join(ls, "\n") }

// singleQuote is POSIX single quoting: a quote inside becomes quote, backslash-quote, quote.
func singleQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
