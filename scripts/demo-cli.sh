#!/usr/bin/env bash
# Prints the CLI `make demo` should drive, or nothing when there is none
# and one must be built (make's $(BIN)/terraform target).
#
# A newcomer should not wait a quarter of an hour for Terraform to compile
# when one is already installed: in order, DEMO_CLI if set, then `terraform`
# and `tofu` on PATH when they are 1.5 or later (the oldest version the
# provider is tested with), then bin/terraform or bin/tofu if already built.
# `make test` does not use this: it keeps its pinned CLIs in bin/.
set -euo pipefail

bin=$(cd "$(dirname "$0")/.." && pwd)/bin

# at_least_1_5 <cli>: true when the CLI runs and says it is 1.5 or later.
at_least_1_5() {
	local first version major minor
	first=$(CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null | head -n1) || return 1
	# "Terraform v1.5.7" or "OpenTofu v1.12.6" (maybe followed by "-dev").
	version=$(sed -n 's/^[A-Za-z]* v\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' <<<"$first")
	[ -n "$version" ] || return 1
	major=${version%%.*} minor=${version#*.}
	[ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 5 ]; }
}

if [ -n "${DEMO_CLI:-}" ]; then
	echo "$DEMO_CLI"
	exit 0
fi
for name in terraform tofu; do
	if path=$(command -v "$name") && [ "$path" != "$bin/$name" ] && at_least_1_5 "$path"; then
		echo "$path"
		exit 0
	fi
done
for name in terraform tofu; do
	if [ -x "$bin/$name" ]; then
		echo "$bin/$name"
		exit 0
	fi
done
