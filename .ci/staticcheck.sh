#!/usr/bin/env bash
# staticcheck over the module, with its default checks; installed into
# .ci/.tools. Where a finding is deliberate the code says why, with a
# //lint:ignore directive beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
# The toolchain go.mod pins, whatever the machine's Go defaults to.
GOTOOLCHAIN=$(sed -n 's/^toolchain //p' go.mod)
export GOTOOLCHAIN

STATICCHECK_VERSION=v0.8.2 # staticcheck 2026.2.2: knows Go 1.26
staticcheck=$PWD/.ci/.tools/staticcheck-$STATICCHECK_VERSION/staticcheck
if [ ! -x "$staticcheck" ]; then
	echo "install staticcheck $STATICCHECK_VERSION"
	GOBIN=${staticcheck%/*} go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
fi
"$staticcheck" -version
"$staticcheck" ./...
echo "staticcheck: no findings"
