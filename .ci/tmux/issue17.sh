#!/usr/bin/env bash
# The screen is true when it is read (issue 17), driven through tmux at
# 80×24 and 120×35 (both sizes at once, each on its own tmux server):
#   - c under tmux's defaults (allow-passthrough off) never shows ✓, and
#     says ✗ with the fix;
#   - a created Fleet token's secret, shown in the result panel, hides
#     after the secret timeout (30 s);
#   - a token made with expiration 1m flips to expired on screen within
#     2 s of its expiry, with no refresh, and y then refuses;
#   - a revoke the proxy answers with an HTML page says "✗ NAME NOT revoked".
# Every wait polls the screen within a deadline; no fixed sleep decides.
set -euo pipefail
cd "$(dirname "$0")/../.."

WORK=$(mktemp -d)
BIN=$WORK/tokentui
go build -o "$BIN" ./cmd/tokentui
PIDS=()
cleanup() {
	for s in "${SOCKS[@]:-}"; do [ -z "$s" ] || tmux -L "$s" kill-server 2>/dev/null || true; done
	rm -rf "$WORK"
}
SOCKS=()
trap cleanup EXIT

# size COLS ROWS: every check at one size, on its own tmux server.
size() {
	local cols=$1 rows=$2 sock=tokentui-i17-$$-$1
	T() { tmux -L "$sock" "$@"; }
	screen() { T capture-pane -p -t "$1"; }
	fail() { echo "issue17 ${cols}x${rows}: $2"; echo "--- screen ---"; screen "$1" || true; exit 1; }
	wait_for() { # wait_for SESSION REGEX SECONDS
		local deadline=$(($(date +%s) + $3))
		until screen "$1" | grep -Eq -- "$2"; do
			[ "$(date +%s)" -ge "$deadline" ] && fail "$1" "timed out waiting for: $2"
			sleep 0.1
		done
	}
	keys() { local s=$1; shift; T send-keys -t "$s" "$@"; }
	say() { echo "issue17 ${cols}x${rows}: $*"; }

	# tmux's defaults (-f /dev/null): set-clipboard external, allow-passthrough off.
	T -f /dev/null new-session -d -s live -x "$cols" -y "$rows" "$BIN --demo --clipboard osc52"
	T new-session -d -s fault -x "$cols" -y "$rows" \
		"$BIN --demo --fault 'kibana DELETE /api/fleet/enrollment_api_keys/* html:502'"

	wait_for live 'Elasticsearch' 20
	keys live 3
	wait_for live 'edge-2026' 20
	keys live c
	wait_for live 'NOT copied: tmux drops OSC 52 \(fix: tmux set -g allow-passthrough on\)' 10
	screen live | grep -q '✓' && fail live "a copy tmux drops shows ✓"
	say "c under allow-passthrough off: ✗ with the fix, no ✓"

	wait_for fault 'Elasticsearch' 20
	keys fault 3
	wait_for fault 'edge-2026' 20
	keys fault x
	wait_for fault 'Revoke 1 Fleet token' 10
	keys fault y
	wait_for fault '^✗ edge-2026 NOT revoked' 20
	say "failed revoke: the status line starts with ✗ and the name"

	keys live n
	wait_for live 'New Fleet enrollment token' 10
	T send-keys -t live -l "exp-1m"
	keys live Tab Tab
	T send-keys -t live -l "1m"
	local before
	before=$(date +%s.%N)
	keys live Enter
	wait_for live 'New Fleet token' 20
	local after
	after=$(date +%s.%N)
	keys live s
	wait_for live 'hides in' 10
	screen live | grep -q '(s shows it)' && fail live "s did not show the secret"
	wait_for live '\(s shows it\)' 40 # the secret timeout is 30 s
	screen live | grep -q 'hides in' && fail live "the countdown stayed after the secret hid"
	say "the result panel's secret hid after its timeout"
	keys live Enter
	wait_for live 'exp-1m .*● active' 10
	# The token expires 60 s after the server made it, between before and
	# after: it must read expired by after+60+2 s, and not before before+60.
	while awk "BEGIN{exit !($(date +%s.%N) < $before + 59)}"; do
		screen live | grep -Eq 'exp-1m .*expired' && fail live "expired before its time"
		sleep 0.2
	done
	until screen live | grep -Eq 'exp-1m .*◌ expired'; do
		awk "BEGIN{exit !($(date +%s.%N) > $after + 62)}" && fail live "not expired 2 s after its expiry"
		sleep 0.1
	done
	say "expired on screen within 2 s of its expiry, with no refresh"
	keys live y
	wait_for live 'expired [0-9]+s ago: it enrolls nothing' 5
	say "y refuses the expired token, saying why"
	# Quit both; the panes (and with the last, the server) may be gone
	# by the time the second key is sent.
	keys live q 2>/dev/null || true
	keys fault q 2>/dev/null || true
	return 0
}

for s in "80 24" "120 35"; do
	set -- $s
	SOCKS+=("tokentui-i17-$$-$1")
	size "$1" "$2" &
	PIDS+=($!)
done
status=0
for p in "${PIDS[@]}"; do wait "$p" || status=1; done
exit $status
