package main

// commandExamples is each command's Examples section (--help and the man
// page), by command path. TestEveryCommandHasExamples fails on a command
// missing here.
var commandExamples = map[string]string{
	"tokentui": `  # Open the terminal UI on the configured systems, or on the simulators
  tokentui
  tokentui --demo
  # Use another profile of the config file
  tokentui --profile prod`,
	"tokentui version": `  tokentui version
  tokentui version -o json`,
	"tokentui config": `  tokentui config init
  tokentui config check`,
	"tokentui config init": `  # Write ~/.config/tokentui/config.toml (mode 0600), then edit it
  tokentui config init
  tokentui config init --config ./tokentui.toml`,
	"tokentui config check": `  tokentui config check
  tokentui config check --profile prod -o json`,
	"tokentui demo": `  tokentui demo serve --env-file /tmp/demo.env &
  . /tmp/demo.env && tokentui demo enroll "$(tokentui es create -s node)"`,
	"tokentui demo serve": `  tokentui demo serve
  tokentui demo serve --env-file /tmp/demo.env --seed 7
  tokentui demo serve --fault 'kibana DELETE /api/fleet/* status:500'`,
	"tokentui demo enroll": `  tokentui demo enroll "$(tokentui fleet create --policy policy-linux-servers --expiration 1h)"
  tokentui demo enroll --collector "$(tokentui fleet show ID)"
  tokentui es create -s kibana | tokentui demo enroll --scope kibana -`,
	"tokentui es": `  tokentui es create -s node
  tokentui es list`,
	"tokentui es create": `  # A token for a new node; for a Kibana instance
  tokentui es create -s node
  tokentui es create -s kibana -o json
  # The command to run on the new node, for DEB packages
  tokentui es create -s node --command --platform deb
  # On a node host, as bin/elasticsearch-create-enrollment-token
  ES_PATH_CONF=/etc/elasticsearch tokentui es create -s node`,
	"tokentui es list": `  tokentui es list
  tokentui es list -o json | jq -r '.[] | select(.status == "active") | .id'`,
	"tokentui es revoke": `  tokentui es revoke VuaCfGcBCdbkQm-e5aOx
  tokentui es revoke --yes -o json ID1 ID2`,
	"tokentui es inspect": `  tokentui es inspect "$TOKEN"
  # Read it from stdin (kept out of the process list) and check it works
  tokentui es inspect --verify - < token.txt`,
	"tokentui ece": `  tokentui ece list
  # With an ecctl configuration ~/.ecctl/prod.yaml
  EC_CONFIG=prod tokentui ece list`,
	"tokentui ece create": `  tokentui ece create --role allocator --role proxy
  # An ephemeral token, valid for two hours
  tokentui ece create --role director --validity 2h
  tokentui ece create --role allocator --command`,
	"tokentui ece list": `  tokentui ece list
  tokentui ece list --format '{{.TokenID}}'`,
	"tokentui ece delete": `  tokentui ece delete 4c8990df-0cc5-41f6-a0b6-b3b6f7a0a611
  tokentui ece delete --force TOKEN-ID`,
	"tokentui fleet": `  tokentui fleet list
  tokentui fleet create --policy "Linux servers" --name ci --expiration 30d`,
	"tokentui fleet list": `  tokentui fleet list
  tokentui fleet list --all --policy "Linux servers"
  tokentui fleet list --kuery 'name:ci*' -o json`,
	"tokentui fleet create": `  tokentui fleet create --policy "Linux servers" --expiration 7d
  # A token that never expires must be asked for (or set default_expiration)
  tokentui fleet create --policy "Linux servers" --no-expiration
  tokentui fleet create --policy policy-linux-servers --name ci --expiration 30d -o json`,
	"tokentui fleet show": `  tokentui fleet show 6c1b2a10-8d2e-4f0a-9b1c-0d5e7f3a2b41
  # The agent install command for Windows
  tokentui fleet show 6c1b2a10-8d2e-4f0a-9b1c-0d5e7f3a2b41 --command --platform windows`,
	"tokentui fleet revoke": `  tokentui fleet revoke 6c1b2a10-8d2e-4f0a-9b1c-0d5e7f3a2b41
  tokentui fleet revoke --yes -o json ID1 ID2`,
	"tokentui fleet delete": `  tokentui fleet delete 6c1b2a10-8d2e-4f0a-9b1c-0d5e7f3a2b41
  tokentui fleet delete --yes --include-hidden ID1 ID2`,
	"tokentui fleet purge": `  # See what would go, then delete it
  tokentui fleet purge --policy "Linux servers" --dry-run
  tokentui fleet purge --policy "Linux servers" --yes`,
	"tokentui fleet rotate": `  # A replacement on the same policy, then the old token revoked (asks first)
  tokentui fleet rotate 6c1b2a10-8d2e-4f0a-9b1c-0d5e7f3a2b41 --expiration 30d
  # Keep the old one for now; print both ids and outcomes
  tokentui fleet rotate --keep-old --yes -o json 6c1b2a10-8d2e-4f0a-9b1c-0d5e7f3a2b41
  tokentui fleet rotate --dry-run 6c1b2a10-8d2e-4f0a-9b1c-0d5e7f3a2b41`,
	"tokentui ece rotate": `  tokentui ece rotate 4c8990df-0cc5-41f6-a0b6-b3b6f7a0a611
  tokentui ece rotate --yes -o json 4c8990df-0cc5-41f6-a0b6-b3b6f7a0a611`,
	"tokentui audit": `  # Risky tokens of the current profile; exit 3 when one is high or worse
  tokentui audit
  # Every profile and Kibana space, for cron or CI
  tokentui audit --all-profiles --all-spaces --fail-on medium -o json
  tokentui audit --unused-for 30d --expiring-within 7d --older-than 180d
  # Report what could be checked even when a profile is down
  tokentui audit --all-profiles --partial-ok`,
	"tokentui fleet policies": `  tokentui fleet policies
  tokentui fleet policies -o json | jq -r '.[].name'`,
	"tokentui completion": `  tokentui completion bash > /etc/bash_completion.d/tokentui
  tokentui completion zsh > "${fpath[1]}/_tokentui"
  tokentui completion fish > ~/.config/fish/completions/tokentui.fish`,
	"tokentui completion bash":       `  source <(tokentui completion bash)`,
	"tokentui completion zsh":        `  tokentui completion zsh > "${fpath[1]}/_tokentui"`,
	"tokentui completion fish":       `  tokentui completion fish | source`,
	"tokentui completion powershell": `  tokentui completion powershell | Out-String | Invoke-Expression`,
}
