#!/usr/bin/env bash
# The remove-one-safety-call sweep (docs/development.md): removes each call
# of the sanitizer, the redactor and the read-back and guard functions from
# the non-test code, one at a time, runs the tests that should notice, and
# prints "site → caught by PACKAGE TEST" or "NOT CAUGHT". Not part of
# .ci/run: it builds and tests once per site (about an hour on 2 cores).
# Arguments go to the sweep: -list, -only REGEXP, -run REGEXP, -extra PKGS.
set -euo pipefail
cd "$(dirname "$0")/.."
GOTOOLCHAIN=$(sed -n 's/^toolchain //p' go.mod)
export GOTOOLCHAIN
# It edits files in place (and restores them): start from a clean tree.
if [ -n "$(git status --porcelain -- '*.go' ':!.ci')" ]; then
	echo "safety-sweep: commit or stash your changes to Go files first" >&2
	exit 2
fi
(cd .ci/safetysweep && go build -o ../.tools/safetysweep .)
exec .ci/.tools/safetysweep -root . "$@"
