#!/usr/bin/env bash
# Installs the linux/amd64 .deb from dist/ (or $1) as an admin would, checks
# the installed binary, man pages and completions against what dpkg says the
# package holds, runs the demo serve recipe with the installed binary, and
# removes the package. Needs root and dpkg (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}

fail() { echo "package-check: $*"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"
command -v dpkg >/dev/null || fail "needs dpkg (Debian, Ubuntu)"
debs=("$DIST"/tokentui_*_amd64.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "want one amd64 .deb in $DIST, found: ${debs[*]}"
if dpkg -s tokentui >/dev/null 2>&1; then
	fail "tokentui is already installed; not replacing it"
fi
dpkg -i "${debs[0]}"
trap 'dpkg -r tokentui >/dev/null 2>&1 || true' EXIT

bin=/usr/bin/tokentui
commit=$(git rev-parse --short=12 HEAD)
version=$("$bin" --version)
echo "$version"
echo "$version" | grep -Eq "^tokentui version v[0-9][^ ]* \(commit $commit(-dirty)?\)$" ||
	fail "--version does not name a version and commit $commit: $version"
"$bin" --help | grep -q '^Usage:' || fail "--help prints no usage"

listed=$(dpkg -L tokentui)
# Image builds often tell dpkg to skip documentation; then the man pages are
# listed but not on disk.
man_excluded=$(grep -hs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/* || true)
want=(
	"$bin"
	/usr/share/bash-completion/completions/tokentui
	/usr/share/zsh/vendor-completions/_tokentui
	/usr/share/fish/vendor_completions.d/tokentui.fish
)
# One man page per command, exactly the commands the binary has.
pages=$(mktemp -d)
"$bin" __man "$pages"
for p in "$pages"/*.1; do
	want+=("/usr/share/man/man1/$(basename "$p").gz")
done
rm -rf "$pages"
for f in "${want[@]}"; do
	echo "$listed" | grep -qxF "$f" || fail "dpkg -L tokentui does not list $f"
	if [ -n "$man_excluded" ] && [[ $f == /usr/share/man/* ]]; then
		continue
	fi
	[ -s "$f" ] || fail "$f is listed but missing or empty"
done
nman=$(echo "$listed" | grep -c '^/usr/share/man/man1/.*\.1\.gz$')
[ "$nman" = $((${#want[@]} - 4)) ] || fail "$nman man pages installed, want $((${#want[@]} - 4))"
if [ -z "$man_excluded" ] && command -v groff >/dev/null; then
	for f in /usr/share/man/man1/tokentui*.1.gz; do
		warn=$(zcat "$f" | groff -man -Tutf8 -ww -z 2>&1) || fail "groff failed on $f: $warn"
		[ -z "$warn" ] || fail "groff warns on $f: $warn"
	done
fi
bash -c '. /usr/share/bash-completion/completions/tokentui && complete -p tokentui' >/dev/null ||
	fail "the bash completion does not register"
grep -q '^#compdef tokentui' /usr/share/zsh/vendor-completions/_tokentui || fail "the zsh completion has no #compdef"
grep -q 'complete -c tokentui' /usr/share/fish/vendor_completions.d/tokentui.fish || fail "the fish completion completes nothing"

# The README's second-shell recipe, with the installed binary.
bash .ci/demo-serve-env.sh "$bin"

trap - EXIT
dpkg -r tokentui
[ ! -e "$bin" ] || fail "$bin is still there after dpkg -r"
echo "package-check: ok (${debs[0]}, $nman man pages)"
