#!/usr/bin/env bash
# The README's demo serve recipe, run as written: start the simulators in
# the background with --env-file, wait (bounded) for the file, source it,
# list Fleet tokens, stop the server. Usage: demo-serve-env.sh [BINARY]
# (default: built from this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
# The toolchain go.mod pins, whatever the machine's Go defaults to.
GOTOOLCHAIN=$(sed -n 's/^toolchain //p' go.mod)
export GOTOOLCHAIN

WORK=$(mktemp -d)
BIN=${1:-}
if [ -z "$BIN" ]; then
	BIN=$WORK/tokentui
	go build -o "$BIN" ./cmd/tokentui
fi
envfile=$WORK/demo.env
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "demo-serve-env: $*"; echo "--- server stderr ---"; cat "$WORK/server.log" || true; exit 1; }

"$BIN" demo serve --env-file "$envfile" >/dev/null 2>"$WORK/server.log" </dev/null &
server=$!
for _ in $(seq 100); do
	[ -f "$envfile" ] && break
	kill -0 "$server" 2>/dev/null || fail "the server exited before writing $envfile"
	sleep 0.1
done
[ -f "$envfile" ] || fail "no $envfile after 10 s"
[ "$(stat -c %a "$envfile")" = 600 ] || fail "$envfile has mode $(stat -c %a "$envfile"), want 600"

# shellcheck disable=SC1090
. "$envfile"
out=$("$BIN" fleet list) || fail "fleet list failed: $out"
echo "$out" | head -1 | grep -Eq '^ID +NAME +POLICY' || fail "fleet list has no table header: $out"
echo "$out" | grep -q ' active ' || fail "fleet list shows no active demo token: $out"
json=$("$BIN" fleet list -o json) || fail "fleet list -o json failed"
echo "$json" | grep -q '"policy_id": "policy-' || fail "fleet list -o json shows no token: $json"

kill "$server"
wait "$server" 2>/dev/null || true
server=
[ ! -e "$envfile" ] || fail "$envfile outlives the server"
echo "demo-serve-env: ok ($(echo "$out" | wc -l) lines from fleet list)"
