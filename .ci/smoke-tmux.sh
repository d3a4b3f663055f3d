#!/usr/bin/env bash
# Smoke test of the real binary in --demo, driven through tmux as a person
# would: switch tabs, create a Fleet token, show it, copy it (checked in
# tmux's paste buffer), revoke it with confirmation, quit; the screen is
# checked at each step, then the exit code. Then again at 80×24, a
# bastion's size: a Fleet token's secret, shown with s, is on the screen.
set -euo pipefail
cd "$(dirname "$0")/.."
# The toolchain go.mod pins, whatever the machine's Go defaults to.
GOTOOLCHAIN=$(sed -n 's/^toolchain //p' go.mod)
export GOTOOLCHAIN

WORK=$(mktemp -d)
BIN=$WORK/tokentui
STATUS=$WORK/exit-status
go build -o "$BIN" ./cmd/tokentui

SOCK=tokentui-smoke-$$
S=smoke
T() { tmux -L "$SOCK" "$@"; }
cleanup() { T kill-server 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

screen() { T capture-pane -p -t "$S"; }
fail() { echo "smoke: $*"; echo "--- screen ---"; screen || true; exit 1; }
wait_for() { # wait_for REGEX [SECONDS] — poll the screen, never a fixed sleep
	local deadline=$(($(date +%s) + ${2:-10}))
	until screen | grep -Eq -- "$1"; do
		[ "$(date +%s)" -ge "$deadline" ] && fail "timed out waiting for: $1"
		sleep 0.1
	done
}
wait_gone() { # wait_gone REGEX — poll until the screen no longer shows it
	local deadline=$(($(date +%s) + 10))
	while screen | grep -Eq -- "$1"; do
		[ "$(date +%s)" -ge "$deadline" ] && fail "still showing: $1"
		sleep 0.1
	done
}
wait_buffer() { # wait_buffer VALUE WHAT — poll tmux's paste buffer for VALUE
	for _ in $(seq 50); do
		[ "$(T show-buffer 2>/dev/null || true)" = "$1" ] && return
		sleep 0.1
	done
	fail "$2"
}
wait_exit() { # wait_exit — the program quits, with status 0
	local deadline=$(($(date +%s) + 10))
	until [ -s "$STATUS" ]; do
		[ "$(date +%s)" -ge "$deadline" ] && fail "did not exit after q"
		sleep 0.1
	done
	[ "$(cat "$STATUS")" = 0 ] || fail "exit status $(cat "$STATUS")"
}
keys() { T send-keys -t "$S" "$@"; }
type_() { T send-keys -t "$S" -l "$1"; }
step() { echo "smoke: $*"; }

# A private tmux server; set-clipboard on keeps OSC 52 copies in a paste
# buffer we can read. TMUX is unset for the program so it sends plain OSC 52.
# The exit status goes to a file: tmux may report a pane dead before it has
# reaped the process and learnt its status.
T -f /dev/null new-session -d -s "$S" -x 120 -y 35 "env -u TMUX $BIN --demo --clipboard osc52; echo \$? > $STATUS; sleep 30"
T set-option -g set-clipboard on

step "start"
wait_for '1 Elasticsearch 3'
wait_for 'DEMO'
wait_for 'KEY ID'

step "switch tabs"
keys 2
wait_for 'TOKEN ID +ROLES'
keys Tab
wait_for 'NAME +POLICY'
wait_for 'edge-2026'

step "create a Fleet token"
keys n
wait_for 'New Fleet enrollment token'
wait_for 'Linux servers +\(42 agents\)'
type_ smoke-test
keys Tab
type_ linux
keys Tab
type_ never # no default_expiration in the demo: a lifetime, or never, is chosen
keys Enter
wait_for 'New Fleet token'
wait_for 'smoke-test \(policy Linux servers\)'
screen | grep -q '••••' || fail "the new token is not masked"

step "show it"
keys s
wait_gone '\(s shows it\)'
wait_for 'sudo ./elastic-agent install --url=https://127\.0\.0\.1:[0-9]+'
# Shown, the panel has no side borders (nothing but the text on a line
# selected by hand) and the Token label carries the countdown.
secret=$(screen | grep -A1 '^ *Token  hides in' | tail -1 | tr -d ' ')
[ -n "$secret" ] || fail "no token on screen after s"
screen | grep -q -- "--enrollment-token=$secret" || fail "the enroll command does not carry the token on one line"

step "copy it"
keys c
wait_for 'token sent to the terminal via OSC 52'
wait_buffer "$secret" "tmux's paste buffer does not hold the token"

step "revoke it, with confirmation"
keys Enter
wait_for '3 Fleet 9'
wait_for '▌ smoke-test'
keys x
wait_for 'Revoke 1 Fleet token\?'
wait_for 'smoke-test \(policy Linux servers\)'
keys Enter # the default is No
wait_for 'nothing revoked'
keys x
wait_for 'Revoke 1 Fleet token\?'
keys y
wait_for '1 token revoked'
wait_for 'smoke-test.*revoked'
wait_for '3 Fleet 8'

step "quit"
keys q
wait_exit

step "80×24: show a Fleet secret"
rm -f "$STATUS"
# A second session before the first goes, so the server (and its
# set-clipboard option) stays.
T new-session -d -s small -x 80 -y 24 "env -u TMUX $BIN --demo --clipboard osc52; echo \$? > $STATUS; sleep 30"
T kill-session -t "$S"
S=small
wait_for '3 Fleet 8'
keys 3
wait_for 'NAME +POLICY'
keys s
wait_for 'hides in'
# The full-screen detail: the secret stands alone on the line after its
# note, with no border around it.
secret=$(screen | grep -A1 'hides in' | tail -1 | tr -d ' ')
[ -n "$secret" ] && ! grep -q '│' <<<"$secret" || fail "no secret on its own line at 80×24"
keys c
wait_for 'token sent to the terminal via OSC 52'
wait_buffer "$secret" "the secret on screen is not the one copied"
keys Escape
wait_for 'NAME +POLICY'
keys q
wait_exit
echo "smoke: 8 passed, 0 failed"
