#!/usr/bin/env bash
# govulncheck against the Go vulnerability database as the module proxy
# serves it (the golang.org/x/vulndb module, pinned below): fails when the
# code reaches a known vulnerability, in a module or in the standard library
# of the toolchain that builds it. The tools go into .ci/.tools.
#
# To check against newer advisories, move VULNDB_VERSION to a newer
# pseudo-version of golang.org/x/vulndb (go list -m -versions does not list
# pseudo-versions: take one from the module's commit history).
set -euo pipefail
cd "$(dirname "$0")/.."
# The toolchain go.mod pins, whatever the machine's Go defaults to.
GOTOOLCHAIN=$(sed -n 's/^toolchain //p' go.mod)
export GOTOOLCHAIN

GOVULNCHECK_VERSION=v1.9.0
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
tools=$PWD/.ci/.tools

govulncheck=$tools/govulncheck-$GOVULNCHECK_VERSION/govulncheck
if [ ! -x "$govulncheck" ]; then
	echo "install govulncheck $GOVULNCHECK_VERSION"
	GOBIN=${govulncheck%/*} go install "golang.org/x/vuln/cmd/govulncheck@$GOVULNCHECK_VERSION"
fi
# The module holds the advisories as OSV files (data/osv); its indexdb
# command lays them out as the database govulncheck -db file:// reads.
db=$tools/vulndb-$VULNDB_VERSION
if [ ! -f "$db/index/db.json" ]; then
	echo "build the vulnerability database from golang.org/x/vulndb@$VULNDB_VERSION"
	GOBIN=$tools/indexdb-$VULNDB_VERSION go install "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION"
	src=$(cd "$(mktemp -d)" && go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -d "$src/data/osv" ] || { echo "vulncheck: no data/osv in golang.org/x/vulndb@$VULNDB_VERSION ($src)"; exit 1; }
	rm -rf "$db.tmp"
	"$tools/indexdb-$VULNDB_VERSION/indexdb" -vulns "$src/data/osv" -out "$db.tmp"
	mv "$db.tmp" "$db"
fi
echo "govulncheck $GOVULNCHECK_VERSION, $(go env GOVERSION), golang.org/x/vulndb@$VULNDB_VERSION ($(ls "$db/ID" | grep -c "\.json$") advisories)"
# Exit status 3 when a vulnerability is reachable from the code.
"$govulncheck" -db "file://$db" ./...
