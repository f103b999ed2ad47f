#!/usr/bin/env bash
# `make fresh-clone-check`: prove that a stranger's clone is self-contained.
#
# Clones the committed HEAD (uncommitted changes are deliberately left out:
# they are not what a user gets) into a new temporary directory that has no
# sibling directories, and runs `make <target>` there (default: unit).
# Go's module and build caches are shared with this machine, which only saves
# downloads: the Go module proxy is what a user's machine reaches too.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-unit}
parent=$(mktemp -d)
trap 'rm -rf "$parent"' EXIT

git clone --quiet --no-local "$root" "$parent/clone"
cd "$parent/clone"
echo "==> fresh clone of $(git rev-parse --short HEAD) in $parent/clone; its parent holds: $(ls -A "$parent")"
if [ "$target" != unit ] && [ -x "$root/bin/terraform" ] && [ -x "$root/bin/tofu" ]; then
	# The CLIs are built from the module proxy either way; reusing them only saves minutes.
	mkdir -p bin && cp "$root/bin/terraform" "$root/bin/tofu" bin/
fi
make "$target"
echo "==> make $target passed on a fresh clone"
