#!/usr/bin/env bash
# Release artifacts into dist/ (or $DIST), for version VERSION:
#   tokentui_VERSION_OS_ARCH.tar.gz   Linux and macOS (amd64, arm64)
#   tokentui_VERSION_windows_amd64.zip
#       each: the static binary, LICENSE, NOTICE, README.md, CHANGELOG.md,
#       man/ (one page per command) and completions/ (bash, zsh, fish)
#   tokentui_VERSION_ARCH.deb, tokentui-VERSION-1.ARCH.rpm   Linux packages
#   SHA256SUMS                        each file above, once
#
#   .ci/release.sh [VERSION]     VERSION defaults to the git tag (v1.2.3),
#                                else 0.0.0-dev
#
# Runs on Linux (GNU tar, date and find). Needs Go and, the first time, the
# Go module proxy (nfpm is installed with go install into .ci/.tools; nothing
# is added to the product's go.mod); installs zip with apt-get where it is
# missing. .ci/package-check.sh checks what this makes.
set -euo pipefail
cd "$(dirname "$0")/.."
# The toolchain go.mod pins, whatever the machine's Go defaults to.
GOTOOLCHAIN=$(sed -n 's/^toolchain //p' go.mod)
export GOTOOLCHAIN

NFPM_VERSION=v2.45.2 # newer releases need modules outside the Go proxy
# .ci/notice.sh reads the next line: keep it one literal list.
TARGETS="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64"

VERSION=${1:-$(git describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null || echo 0.0.0-dev)}
VERSION=${VERSION#v}
COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	COMMIT="$COMMIT-dirty"
fi
# Timestamps inside archives and packages: the commit's, so that a rebuild
# of the same commit gives the same files.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
DIST=$(mkdir -p "${DIST:-dist}" && cd "${DIST:-dist}" && pwd)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
# The package maintainer: a name and an e-mail address (Debian policy).
MAINTAINER=${MAINTAINER:-tokentui maintainers <maintainers@tokentui.dev>}
export VERSION DIST STAGE SOURCE_DATE_EPOCH MAINTAINER

command -v zip >/dev/null || { apt-get update -qq && apt-get install -y -qq zip >/dev/null; }

# NOTICE must name what this build compiles in.
.ci/notice.sh --check
LICENSE_SPDX=$(.ci/notice.sh --spdx)
export LICENSE_SPDX

rm -rf "${DIST:?}"/tokentui[_-]* "$DIST"/SHA256SUMS

ldflags="-s -w -X main.version=v$VERSION -X main.commit=$COMMIT"
for t in $TARGETS; do
	os=${t%/*} arch=${t#*/}
	exe=tokentui
	[ "$os" = windows ] && exe=tokentui.exe
	echo "build $os/$arch"
	mkdir -p "$STAGE/bin/${os}_$arch"
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags "$ldflags" -o "$STAGE/bin/${os}_$arch/$exe" ./cmd/tokentui
done

# Man pages and completions come from the command tree itself, through a
# binary for this machine.
host="$STAGE/tokentui"
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$host" ./cmd/tokentui
"$host" __man "$STAGE/man"
mkdir "$STAGE/completions"
"$host" completion bash >"$STAGE/completions/tokentui.bash"
"$host" completion zsh >"$STAGE/completions/_tokentui"
"$host" completion fish >"$STAGE/completions/tokentui.fish"

# Archives: one directory named as the archive, files in a fixed order,
# owned by root, dated by the commit.
for t in $TARGETS; do
	os=${t%/*} arch=${t#*/}
	name="tokentui_${VERSION}_${os}_$arch"
	dir="$STAGE/archive/$name"
	mkdir -p "$dir/man"
	cp "$STAGE/bin/${os}_$arch"/* "$dir/"
	cp LICENSE NOTICE README.md CHANGELOG.md "$dir/"
	cp "$STAGE"/man/*.1 "$dir/man/"
	cp -r "$STAGE/completions" "$dir/"
	find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	if [ "$os" = windows ]; then
		(cd "$STAGE/archive" && find "$name" | LC_ALL=C sort | zip -q -X -@ "$DIST/$name.zip")
	else
		tar -C "$STAGE/archive" --sort=name --owner=0 --group=0 --numeric-owner \
			--mtime="@$SOURCE_DATE_EPOCH" -cf - "$name" | gzip -9n >"$DIST/$name.tar.gz"
	fi
done

# Packages: the same files in the places Debian and Fedora look for them,
# plus the Debian copyright file and changelog.
gzip -9n "$STAGE"/man/*.1
mkdir "$STAGE/doc"
gzip -9nc CHANGELOG.md >"$STAGE/doc/changelog.gz"
gzip -9nc NOTICE >"$STAGE/doc/NOTICE.gz"
debversion=$VERSION
case $VERSION in *-*) debversion="${VERSION%%-*}~${VERSION#*-}" ;; esac
cat >"$STAGE/doc/changelog.Debian" <<EOF
tokentui ($debversion-1) unstable; urgency=medium

  * Release $VERSION (commit $COMMIT); the changes are in
    /usr/share/doc/tokentui/changelog.gz.

 -- $MAINTAINER  $(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")
EOF
gzip -9n "$STAGE/doc/changelog.Debian"
sed "s/@LICENSE_SPDX@/$LICENSE_SPDX/" .ci/debian-copyright >"$STAGE/doc/copyright"

nfpm=".ci/.tools/nfpm-$NFPM_VERSION/nfpm"
if [ ! -x "$nfpm" ]; then
	echo "install nfpm $NFPM_VERSION"
	GOBIN="$PWD/${nfpm%/nfpm}" go install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION"
fi
sed "s/@LICENSE_SPDX@/$LICENSE_SPDX/" .ci/nfpm.yaml >"$STAGE/nfpm.yaml"
for arch in amd64 arm64; do
	for packager in deb rpm; do
		ARCH=$arch "$nfpm" package --config "$STAGE/nfpm.yaml" --packager "$packager" --target "$DIST/"
	done
done

(cd "$DIST" && find . -maxdepth 1 -type f -name 'tokentui[_-]*' -printf '%f\n' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)
echo "release $VERSION ($COMMIT) in $DIST:"
ls -l "$DIST"
