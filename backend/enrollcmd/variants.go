package enrollcmd

import (
	"errors"
	"net/url"
	"strings"

	"github.com/tokentui/tokentui/backend"
	"github.com/tokentui/tokentui/backend/enrollcmd/quote"
)

// Platforms that keep the token out of command lines and shell history,
// beside Kibana's own commands (which stay exact), and the OpenTelemetry
// Collector over OpAMP. The token is typed in with `read -rs` (bash, zsh)
// or comes from the environment; none of these commands holds it.
const (
	OTel             Platform = "otel"              // OTel Collector (OpAMP), Fleet Server's run form
	OTelRead         Platform = "otel-read"         // the same, token typed in
	LinuxRead        Platform = "linux-read"        // Linux tar, token typed in
	DockerEnvFile    Platform = "docker-env-file"   // docker run --env-file
	KubernetesSecret Platform = "kubernetes-secret" // a Secret and secretKeyRef, as ECK does
)

// fleetVariants are the Fleet platforms that are not Kibana's own.
var fleetVariants = []Platform{OTel, OTelRead, LinuxRead, DockerEnvFile, KubernetesSecret}

func init() {
	titles[OTel] = "OTel Collector (OpAMP)"
	titles[OTelRead] = "OTel Collector (OpAMP), token typed in"
	titles[LinuxRead] = "Linux x86_64 (tar.gz), token typed in"
	titles[DockerEnvFile] = "Docker (--env-file)"
	titles[KubernetesSecret] = "Kubernetes (Secret)"
}

// tokenEnv is the variable every variant keeps the token in, the name
// Elastic Agent's container, ECK and Fleet Server's OpAMP docs use.
const tokenEnv = "FLEET_ENROLLMENT_TOKEN"

// readToken types the token in without echo or history.
const readToken = "read -rs " + tokenEnv + " && export " + tokenEnv + "   # paste the enrollment token, then Enter (not echoed, not kept in the history)"

// fleetVariant builds a variant's command; ok is false for Kibana's own
// platforms.
func fleetVariant(p Platform, in FleetInput, token backend.Secret) (cmd backend.Secret, ok bool, err error) {
	switch p {
	case OTel, OTelRead, LinuxRead, DockerEnvFile, KubernetesSecret:
	default:
		return backend.Secret{}, false, nil
	}
	u, err := serverURL(in.URL)
	if err != nil {
		return backend.Secret{}, true, err
	}
	if err := quote.Token("the enrollment token", token.Reveal()); err != nil {
		return backend.Secret{}, true, err
	}
	if p != OTel && p != OTelRead && strings.TrimSpace(in.Version) == "" {
		return backend.Secret{}, true, errors.New("the agent version is unknown")
	}
	if p != OTel && p != OTelRead {
		if err := quote.Version("the agent version (Kibana's)", in.Version); err != nil {
			return backend.Secret{}, true, err
		}
	}
	v, arg := in.Version, quote.Sh(u)
	switch p {
	case OTel:
		// Fleet Server's documented run form: the token is in the
		// collector's environment (and this shell line), never in argv.
		return backend.NewSecret(lines(OTelConfig(u), tokenEnv+"="+singleQuote(token.Reveal())+" ./otelcol-contrib --config ./otel-opamp.yaml")), true, nil
	case OTelRead:
		return backend.NewSecret(lines(OTelConfig(u), readToken, "./otelcol-contrib --config ./otel-opamp.yaml")), true, nil
	case LinuxRead:
		dir := "elastic-agent-" + v + "-linux-x86_64"
		return backend.NewSecret(lines(
			"curl -L -O "+artifacts+"/"+dir+".tar.gz",
			"tar xzvf "+dir+".tar.gz",
			"cd "+dir,
			readToken,
			"# elastic-agent install still gets the token as an argument: it shows in the process list while the installer runs",
			`sudo ./elastic-agent install --url=`+arg+` --enrollment-token="$`+tokenEnv+`"`)), true, nil
	case DockerEnvFile:
		return backend.NewSecret(lines(
			readToken,
			"(umask 077 && printf '%s=%s\\n' "+tokenEnv+` "$`+tokenEnv+`" > fleet.env) && unset `+tokenEnv,
			"docker run --env FLEET_ENROLL=1 --env FLEET_URL="+arg+" --env-file fleet.env --rm "+agentImage+":"+v,
			"rm fleet.env   # once the agent has enrolled")), true, nil
	case KubernetesSecret:
		return backend.NewSecret(lines(
			readToken,
			`printf '%s' "$`+tokenEnv+`" | kubectl create secret generic fleet-enrollment-token -n kube-system --from-file=`+tokenEnv+"=/dev/stdin && unset "+tokenEnv,
			"curl -L -O "+k8sBase+"/v"+v+"/deploy/kubernetes/elastic-agent-managed-kubernetes.yaml",
			"# in the elastic-agent DaemonSet's env, set FLEET_URL to "+quote.YAML(u)+" and take the token from the Secret, as ECK does:",
			"#   - name: "+tokenEnv,
			"#     valueFrom:",
			"#       secretKeyRef: {name: fleet-enrollment-token, key: "+tokenEnv+", optional: false}",
			"kubectl apply -f elastic-agent-managed-kubernetes.yaml")), true, nil
	}
	return backend.Secret{}, false, nil
}

// OTelConfig writes otel-opamp.yaml: the opamp extension of Kibana's "Add
// collector (OpAMP)" flow (contracts/fleet-server.md §10.7) with the
// token from ${env:FLEET_ENROLLMENT_TOKEN}, as Fleet Server's own docs
// have it, so the file holds no secret. instance_uid is left out: the
// extension makes one. Receivers, exporters and pipelines are yours to
// add (Kibana's flow adds an OTLP receiver and an Elasticsearch exporter).
func OTelConfig(fleetServerURL string) string {
	endpoint := strings.TrimRight(fleetServerURL, "/") + "/v1/opamp"
	return lines(
		"cat > otel-opamp.yaml <<'EOF'",
		"extensions:",
		"  opamp:",
		"    server:",
		"      http:",
		"        endpoint: "+quote.YAML(endpoint),
		"        headers:",
		`          Authorization: "ApiKey ${env:`+tokenEnv+`}"`,
		"    agent_description:",
		"      non_identifying_attributes:",
		`        elastic.collector.group_name: "OTel Collector Group"`,
		`        elastic.collector.group: "otel-collector-group"`,
		`        elastic.display.name: "${env:HOSTNAME}"`,
		"service:",
		`  extensions: ["opamp"]`,
		"EOF")
}

// serverURL checks a Fleet Server URL before it goes into a command, a
// YAML file and a comment: an http(s) URL of printable ASCII, no spaces,
// quotes, backslashes or "$".
func serverURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("no Fleet Server URL: add a Fleet Server host in Kibana (Fleet → Settings)")
	}
	u, err := url.Parse(s)
	bad := strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune("'\"`\\$", r) })
	if err != nil || bad || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", errors.New("the Fleet Server URL Kibana gave is not a plain http(s) URL: fix it in Kibana (Fleet → Settings)")
	}
	// The one URL rule every enroll command obeys (no credentials in it, no
	// control or bidi characters), on top of this stricter one.
	return s, quote.URL("the Fleet Server URL", s)
}
