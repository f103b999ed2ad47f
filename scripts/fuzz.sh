#!/usr/bin/env bash
# Runs every fuzz target for a short while (FUZZTIME, default 20000x: that
# many inputs each, a few seconds). The default is a count, not a duration:
# Go 1.26's fuzz coordinator can report a bare "context deadline exceeded"
# failure when a duration runs out while a worker is busy on a loaded
# machine (golang/go#75804, fixed in Go 1.27), and a count has no deadline
# to race. A duration (FUZZTIME=30s) still works for longer local runs. The
# committed seed corpora under */testdata/fuzz/ also run as plain tests in
# `go test ./...`; this adds new random inputs. A failing input is written
# to the package's testdata/fuzz/<FuzzName>/ by `go test`: commit it with
# the fix, so it stays a regression test.
#
# Usage: scripts/fuzz.sh [regexp of target names]   e.g. scripts/fuzz.sh Filter
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fuzztime=${FUZZTIME:-20000x}
only=${1:-.}

# package | target
targets=(
	"./internal/oneroster FuzzBuildFilter"
	"./internal/oneroster FuzzQuoteFilterValue"
	"./internal/oneroster FuzzParseLinkHeader"
	"./internal/oneroster FuzzDecodeStatusInfo"
	"./internal/oneroster FuzzDecodePage"
	"./internal/model FuzzRecordDecode"
	"./internal/sandbox FuzzGradebookBodyV1p2"
)

# Every Fuzz function in the module must be listed above.
listed=$(printf '%s\n' "${targets[@]}" | awk '{print $2}' | sort)
found=$(grep -rhoE '^func (Fuzz[A-Za-z0-9_]+)\(' --include='*_test.go' internal | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/' | sort)
if [ "$listed" != "$found" ]; then
	echo "fuzz.sh: the target list is out of date; fuzz functions in the code:" >&2
	echo "$found" >&2
	exit 1
fi

ran=0
for target in "${targets[@]}"; do
	read -r pkg name <<<"$target"
	[[ "$name" =~ $only ]] || continue
	echo "==> $name ($pkg, $fuzztime)"
	go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg"
	ran=$((ran + 1))
done
echo "==> $ran fuzz targets ran ($fuzztime each) without a failure"
