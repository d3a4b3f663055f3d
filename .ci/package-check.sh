#!/usr/bin/env bash
# Checks what .ci/release.sh made in dist/ (or $1):
# - SHA256SUMS lists every artifact exactly once, and each sum matches;
# - each platform's archive holds the binary, LICENSE, NOTICE, README.md,
#   CHANGELOG.md, the man pages and the completions, with the version in its
#   name;
# - lintian finds no error or warning in either .deb; each .rpm has a
#   License, a Group, a summary and ships LICENSE and NOTICE;
# then installs the linux/amd64 .deb as an admin would, checks the installed
# binary, man pages and completions against what dpkg says the package
# holds, runs the demo serve recipe with the installed binary, and removes
# the package. Needs root and dpkg (CI); installs lintian and rpm with
# apt-get where they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}

fail() { echo "package-check: $*"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"
command -v dpkg >/dev/null || fail "needs dpkg (Debian, Ubuntu)"
missing=()
command -v lintian >/dev/null || missing+=(lintian)
command -v rpm >/dev/null || missing+=(rpm)
command -v unzip >/dev/null || missing+=(unzip)
if [ ${#missing[@]} -gt 0 ]; then
	apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- SHA256SUMS: each artifact once, each sum right.
[ -s "$DIST/SHA256SUMS" ] || fail "no $DIST/SHA256SUMS"
listed=$(awk '{print $2}' "$DIST/SHA256SUMS" | sed 's/^\*//' | LC_ALL=C sort)
dups=$(echo "$listed" | uniq -d)
[ -z "$dups" ] || fail "SHA256SUMS lists these more than once: $dups"
artifacts=$(cd "$DIST" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | LC_ALL=C sort)
[ "$listed" = "$artifacts" ] || fail "SHA256SUMS does not list exactly the files in $DIST: $(diff <(echo "$listed") <(echo "$artifacts") || true)"
(cd "$DIST" && sha256sum --quiet -c SHA256SUMS) || fail "a checksum in SHA256SUMS does not match"
echo "package-check: SHA256SUMS lists $(echo "$listed" | wc -l) files, each once, all match"

# --- Archives: one per platform, version in the name, the same contents.
version=$(echo "$artifacts" | sed -n 's/^tokentui_\(.*\)_linux_amd64\.tar\.gz$/\1/p')
[ -n "$version" ] || fail "no tokentui_VERSION_linux_amd64.tar.gz in $DIST"
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
for platform in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64; do
	name=tokentui_${version}_$platform exe=tokentui
	if [ "$platform" = windows_amd64 ]; then
		exe=tokentui.exe
		unzip -q "$DIST/$name.zip" -d "$unpacked" || fail "cannot unpack $name.zip"
	else
		tar -C "$unpacked" -xzf "$DIST/$name.tar.gz" || fail "cannot unpack $name.tar.gz"
	fi
	for f in "$exe" LICENSE NOTICE README.md CHANGELOG.md man/tokentui.1 man/tokentui-fleet-create.1 \
		completions/tokentui.bash completions/_tokentui completions/tokentui.fish; do
		[ -s "$unpacked/$name/$f" ] || fail "$name has no $f"
	done
	cmp -s LICENSE "$unpacked/$name/LICENSE" && cmp -s NOTICE "$unpacked/$name/NOTICE" ||
		fail "$name: LICENSE or NOTICE differs from the repository's"
done
"$unpacked/tokentui_${version}_linux_amd64/tokentui" --version | grep -q "^tokentui version v$version " ||
	fail "the linux_amd64 archive's binary does not say version v$version"
echo "package-check: 5 archives of $version, each with the binary, LICENSE, NOTICE, README.md, CHANGELOG.md, man pages and completions"

# --- The .deb: lintian-clean (errors and warnings fail; pedantic notes are shown).
for deb in "$DIST"/*.deb; do
	echo "lintian $(basename "$deb"):"
	lintian --fail-on error,warning --display-info "$deb" || fail "lintian finds errors or warnings in $deb (above)"
done

# --- The .rpm: the header fields a distribution reads, and the licence files.
spdx=$(.ci/notice.sh --spdx)
for rpm in "$DIST"/*.rpm; do
	info=$(rpm -qip "$rpm" 2>/dev/null) || fail "rpm -qip cannot read $rpm"
	echo "$info" | grep -Eq "^License *: $spdx\$" || fail "$rpm: License is not $spdx: $(echo "$info" | grep ^License)"
	echo "$info" | grep -Eq '^Group *: Applications/System$' || fail "$rpm has no Group"
	echo "$info" | grep -Eq '^Summary *: Manage Elastic enrollment tokens' || fail "$rpm has no summary"
	files=$(rpm -qlp "$rpm" 2>/dev/null)
	for f in /usr/bin/tokentui /usr/share/licenses/tokentui/LICENSE /usr/share/licenses/tokentui/NOTICE; do
		echo "$files" | grep -qxF "$f" || fail "$rpm does not ship $f"
	done
	echo "package-check: $(basename "$rpm"): $(echo "$info" | grep -E '^(License|Group|Summary)' | sed 's/  */ /g' | paste -sd';')"
done

# --- Install the linux/amd64 .deb and use it.
debs=("$DIST"/tokentui_*_amd64.deb)
[ ${#debs[@]} = 1 ] && [ -f "${debs[0]}" ] || fail "want one amd64 .deb in $DIST, found: ${debs[*]}"
if dpkg -s tokentui >/dev/null 2>&1; then
	fail "tokentui is already installed; not replacing it"
fi
dpkg -i "${debs[0]}"
trap 'dpkg -r tokentui >/dev/null 2>&1 || true; rm -rf "$unpacked"' EXIT

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
# The licence: the copyright file always stays on disk (dpkg path-exclude
# rules keep it); NOTICE and the changelogs are listed.
[ -s /usr/share/doc/tokentui/copyright ] || fail "no /usr/share/doc/tokentui/copyright"
grep -q '^License: Apache-2.0$' /usr/share/doc/tokentui/copyright || fail "the copyright file names no Apache-2.0 licence"
for f in /usr/share/doc/tokentui/NOTICE.gz /usr/share/doc/tokentui/changelog.Debian.gz /usr/share/doc/tokentui/changelog.gz; do
	echo "$listed" | grep -qxF "$f" || fail "dpkg -L tokentui does not list $f"
done
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
