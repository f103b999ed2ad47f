#!/usr/bin/env bash
# `make bench`: the figures the issues ask for, from one run.
#
# 1. Reading all users of a 100,000-user district (20 ms added latency per
#    request) with the client, one page at a time and with the default
#    concurrency: time and peak extra heap (Go benchmark).
# 2. A real `terraform plan` whose configuration reads all 100,000 users
#    through data.oneroster_users: wall time and peak RSS of the CLI and
#    the provider together, sampled every 100 ms.
# Further benchmarks (gradebook write-back) add themselves below.
#
# Environment: BENCH_CLI (default bin/terraform), BENCH_USERS (100000),
# BENCH_LATENCY (20ms).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
cli=${BENCH_CLI:-$bin/terraform}
users=${BENCH_USERS:-100000}
latency=${BENCH_LATENCY:-20ms}
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

work=$(mktemp -d)
sandbox_pid=
cleanup() {
	[ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

echo "==> client read of all users ($users users, $latency latency): concurrency 1 vs default"
(cd "$root" && go test -run '^$' -bench 'BenchmarkListAllUsers' -benchtime 1x ./internal/oneroster/ | grep -E '^Benchmark|^ok')

echo
echo "==> real plan reading all users through data.oneroster_users ($(basename "$cli"))"
(cd "$root" && go build -o "$bin/terraform-provider-oneroster" . && go build -o "$bin/oneroster-sandbox" ./internal/cmd/oneroster-sandbox)
"$bin/oneroster-sandbox" -addr 127.0.0.1:0 -users "$users" -latency "$latency" >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
base_url=
for _ in $(seq 1 1200); do
	base_url=$(sed -n 's/^ready \([^ ]*\).*/\1/p' "$work/sandbox.log" | head -n1)
	[ -n "$base_url" ] && break
	sleep 0.1
done
[ -n "$base_url" ] || { cat "$work/sandbox.log" >&2; echo "bench: the sandbox did not start" >&2; exit 1; }
token_url=$(sed -n 's/^token URL: *\([^ ]*\).*/\1/p' "$work/sandbox.log" | head -n1)

cat >"$work/bench.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "registry.terraform.io/edu-iac/oneroster" = "$bin"
    "registry.opentofu.org/edu-iac/oneroster" = "$bin"
  }
  direct {}
}
TFRC
mkdir "$work/plan"
cat >"$work/plan/main.tf" <<TF
terraform {
  required_providers {
    oneroster = { source = "edu-iac/oneroster" }
  }
}

provider "oneroster" {
  base_url = "$base_url"
  oauth2_client_credentials = {
    client_id     = "sandbox-client"
    client_secret = "sandbox-client-secret"
    token_url     = "$token_url"
  }
}

data "oneroster_users" "all" {}

output "users" {
  value = length(data.oneroster_users.all.users)
}
TF

# Peak RSS of the CLI and the provider plugin together (both names start
# with "terraform"/"tofu"; the sandbox is another process and not counted).
peak_file="$work/peak"
echo 0 >"$peak_file"
(
	peak=0
	while :; do
		rss=$(ps -eo rss=,comm= | awk '$2 ~ /^(terraform|tofu)/ {s += $1} END {print s + 0}')
		if [ "$rss" -gt "$peak" ]; then peak=$rss; echo "$peak" >"$peak_file"; fi
		sleep 0.1
	done
) &
sampler=$!
start=$(date +%s.%N)
(cd "$work/plan" && TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" plan -no-color -input=false >"$work/plan.log" 2>&1) || { cat "$work/plan.log" >&2; kill "$sampler"; exit 1; }
end=$(date +%s.%N)
kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
grep -E 'users *=' "$work/plan.log" || true
awk -v s="$start" -v e="$end" -v p="$(cat "$peak_file")" 'BEGIN {
	printf "plan of %s users: wall %.1f s, peak RSS (CLI + provider) %.0f MiB\n", "'"$users"'", e - s, p / 1024 }'
