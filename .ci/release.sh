#!/usr/bin/env bash
# Release artifacts into dist/ (or $DIST): static binaries for Linux, macOS
# and Windows, .deb and .rpm packages for Linux (binary, one man page per
# command, bash/zsh/fish completions), and SHA256SUMS over all of them.
#
#   .ci/release.sh [VERSION]     VERSION defaults to the git tag (v1.2.3),
#                                else 0.0.0-dev
#
# Needs Go and, the first time, the Go module proxy (nfpm is installed with
# go install into .ci/.tools; nothing is added to the product's go.mod).
set -euo pipefail
cd "$(dirname "$0")/.."

NFPM_VERSION=v2.45.2 # newer releases need modules outside the Go proxy
TARGETS="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64"

VERSION=${1:-$(git describe --tags --exact-match --match 'v[0-9]*' 2>/dev/null || echo 0.0.0-dev)}
VERSION=${VERSION#v}
COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	COMMIT="$COMMIT-dirty"
fi
DIST=$(mkdir -p "${DIST:-dist}" && cd "${DIST:-dist}" && pwd)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
export VERSION DIST STAGE MAINTAINER=${MAINTAINER:-tokentui maintainers}

rm -f "$DIST"/tokentui_* "$DIST"/*.deb "$DIST"/*.rpm "$DIST"/SHA256SUMS

ldflags="-s -w -X main.version=v$VERSION -X main.commit=$COMMIT"
for t in $TARGETS; do
	os=${t%/*} arch=${t#*/}
	out="$DIST/tokentui_${os}_${arch}"
	[ "$os" = windows ] && out="$out.exe"
	echo "build $os/$arch"
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags "$ldflags" -o "$out" ./cmd/tokentui
done

# Man pages and completions come from the command tree itself, through a
# binary for this machine.
host="$STAGE/tokentui"
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$host" ./cmd/tokentui
"$host" __man "$STAGE/man"
gzip -9n "$STAGE"/man/*.1
mkdir "$STAGE/completions"
"$host" completion bash >"$STAGE/completions/tokentui.bash"
"$host" completion zsh >"$STAGE/completions/_tokentui"
"$host" completion fish >"$STAGE/completions/tokentui.fish"

nfpm=".ci/.tools/nfpm-$NFPM_VERSION/nfpm"
if [ ! -x "$nfpm" ]; then
	echo "install nfpm $NFPM_VERSION"
	GOBIN="$PWD/${nfpm%/nfpm}" go install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION"
fi
for arch in amd64 arm64; do
	for packager in deb rpm; do
		ARCH=$arch "$nfpm" package --config .ci/nfpm.yaml --packager "$packager" --target "$DIST/"
	done
done

sum=sha256sum
command -v sha256sum >/dev/null || sum="shasum -a 256" # macOS
(cd "$DIST" && $sum tokentui_* *.deb *.rpm >SHA256SUMS)
echo "release $VERSION ($COMMIT) in $DIST:"
ls -l "$DIST"
