package main

import (
	"testing"
)

// tokentui ece --config NAME reads ~/.ecctl/NAME.* as ecctl does; a path
// stays tokentui's config file.
func TestECEConfigNameIsEcctls(t *testing.T) {
	s, full := stackEnv(t)
	home := full["HOME"]
	writeFile(t, home, ".ecctl/prod.yaml", "host: "+s.ECEURL+"\napi_key: "+s.Creds.ECEAPIKey+"\ninsecure: true\n")
	env := map[string]string{"HOME": home}
	cli(t, env, "", "ece", "list", "--config", "prod").want(t, 0, "TOKEN ID")
	cli(t, env, "", "ece", "list").want(t, exitFailure) // no ~/.ecctl/config.*: ECE is not configured
	cli(t, env, "", "ece", "list", "--config", "prod.toml").want(t, exitFailure, "prod.toml")
	cli(t, env, "", "ece", "--help").want(t, 0, "--config NAME, as ecctl takes it")
}
