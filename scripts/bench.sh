#!/usr/bin/env bash
# `make bench`: the figures the issues ask for, from one run.
#
# 1. client: reading all users of a 100,000-user district (20 ms added
#    latency per request), one page at a time and with the default
#    concurrency: time and peak extra heap (a Go benchmark).
# 2. plan: a real `terraform plan` whose configuration reads all 100,000
#    users through data.oneroster_users: wall time and peak RSS of the CLI
#    and the provider together, sampled every 100 ms.
# 3. gradebook: a real `terraform apply` of 1,000 scores of one line item,
#    once as one oneroster_result_set and once as 1,000 oneroster_result
#    resources, against a sandbox with the same latency: wall time of each.
#
# Environment: BENCH_CLI (default bin/terraform), BENCH_USERS (100000),
# BENCH_LATENCY (20ms), BENCH_SCORES (1000), BENCH_CONCURRENCY (the
# provider's max_concurrency for parts 2 and 3; default: the provider's own
# default), BENCH_SKIP (parts to skip, e.g. "client plan").
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
cli=${BENCH_CLI:-$bin/terraform}
users=${BENCH_USERS:-100000}
latency=${BENCH_LATENCY:-20ms}
scores=${BENCH_SCORES:-1000}
concurrency=${BENCH_CONCURRENCY:-}
skip=" ${BENCH_SKIP:-} "
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

work=$(mktemp -d)
sandbox_pid=
stop_sandbox() {
	if [ -n "$sandbox_pid" ]; then
		kill "$sandbox_pid" 2>/dev/null || true
		wait "$sandbox_pid" 2>/dev/null || true
		sandbox_pid=
	fi
}
trap 'stop_sandbox; rm -rf "$work"' EXIT

# start_sandbox USERS: starts the sandbox with $latency; sets base_url and
# token_url.
start_sandbox() {
	stop_sandbox
	"$bin/oneroster-sandbox" -addr 127.0.0.1:0 -users "$1" -latency "$latency" >"$work/sandbox.log" 2>&1 &
	sandbox_pid=$!
	base_url=
	for _ in $(seq 1 1200); do
		base_url=$(sed -n 's/^ready \([^ ]*\).*/\1/p' "$work/sandbox.log" | head -n1)
		[ -n "$base_url" ] && break
		sleep 0.1
	done
	[ -n "$base_url" ] || { cat "$work/sandbox.log" >&2; echo "bench: the sandbox did not start" >&2; exit 1; }
	token_url=$(sed -n 's/^token URL: *\([^ ]*\).*/\1/p' "$work/sandbox.log" | head -n1)
}

# config_header: terraform and provider blocks for the running sandbox.
config_header() {
	cat <<TF
terraform {
  required_providers {
    oneroster = { source = "edu-iac/oneroster" }
  }
}

provider "oneroster" {
  base_url = "$base_url"
  ${concurrency:+max_concurrency = $concurrency}
  oauth2_client_credentials = {
    client_id     = "sandbox-client"
    client_secret = "sandbox-client-secret"
    token_url     = "$token_url"
  }
}
TF
}

# timed NAME DIR ARGS...: runs the CLI in DIR and prints its wall time and
# the peak RSS of the CLI and the provider together (both process names
# start with terraform or tofu; the sandbox is not counted).
timed() {
	local name=$1 dir=$2
	shift 2
	local peak_file="$work/peak"
	echo 0 >"$peak_file"
	(
		peak=0
		while :; do
			rss=$(ps -eo rss=,comm= | awk '$2 ~ /^(terraform|tofu)/ {s += $1} END {print s + 0}')
			if [ "$rss" -gt "$peak" ]; then peak=$rss; echo "$peak" >"$peak_file"; fi
			sleep 0.1
		done
	) &
	local sampler=$! start end
	start=$(date +%s.%N)
	if ! (cd "$dir" && TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" "$@" -no-color -input=false >"$work/$name.log" 2>&1); then
		kill "$sampler" 2>/dev/null
		cat "$work/$name.log" >&2
		exit 1
	fi
	end=$(date +%s.%N)
	kill "$sampler" 2>/dev/null
	wait "$sampler" 2>/dev/null || true
	awk -v n="$name" -v s="$start" -v e="$end" -v p="$(cat "$peak_file")" \
		'BEGIN { printf "%-44s wall %6.1f s   peak RSS (CLI + provider) %5.0f MiB\n", n, e - s, p / 1024 }'
}

(cd "$root" && go build -o "$bin/terraform-provider-oneroster" . && go build -o "$bin/oneroster-sandbox" ./internal/cmd/oneroster-sandbox)
cat >"$work/bench.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "registry.terraform.io/edu-iac/oneroster" = "$bin"
    "registry.opentofu.org/edu-iac/oneroster" = "$bin"
  }
  direct {}
}
TFRC
echo "CLI: $(TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" version | head -n1); latency $latency per request; $(nproc) cores"

if [[ $skip != *" client "* ]]; then
	echo
	echo "==> client read of all users ($users users): concurrency 1 vs the default (4)"
	(cd "$root" && go test -run '^$' -bench 'BenchmarkListAllUsers' -benchtime 1x ./internal/oneroster/ | grep -E '^Benchmark|^ok')
fi

if [[ $skip != *" plan "* ]]; then
	echo
	echo "==> a real plan reading all users through data.oneroster_users"
	start_sandbox "$users"
	mkdir -p "$work/plan"
	{
		config_header
		cat <<'TF'

data "oneroster_users" "all" {}

output "users" {
  value = length(data.oneroster_users.all.users)
}
TF
	} >"$work/plan/main.tf"
	timed "plan of $users users" "$work/plan" plan
	grep -E 'users *=' "$work/plan of $users users.log" || true
fi

if [[ $skip != *" gradebook "* ]]; then
	echo
	echo "==> a real apply of $scores scores: one oneroster_result_set vs $scores oneroster_result"
	start_sandbox $((scores * 3 / 2 + 100))
	common='
data "oneroster_students" "all" {
  max_items = '"$scores"'
}

data "oneroster_classes" "first" {
  max_items = 1
}

data "oneroster_categories" "first" {
  max_items = 1
}

resource "oneroster_line_item" "quiz" {
  title               = "Benchmark quiz"
  assign_date         = "2025-09-01"
  due_date            = "2025-09-08"
  class_sourced_id    = data.oneroster_classes.first.classes[0].sourced_id
  category_sourced_id = data.oneroster_categories.first.categories[0].sourced_id
  result_value_min    = 0
  result_value_max    = 10
}
'
	mkdir -p "$work/set" "$work/each"
	{
		config_header
		echo "$common"
		cat <<'TF'
resource "oneroster_result_set" "quiz" {
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  results = {
    for s in data.oneroster_students.all.students :
    s.sourced_id => { score = 7, score_status = "fully graded" }
  }
}
TF
	} >"$work/set/main.tf"
	{
		config_header
		echo "$common"
		cat <<'TF'
resource "oneroster_result" "each" {
  for_each             = { for s in data.oneroster_students.all.students : s.sourced_id => s }
  line_item_sourced_id = oneroster_line_item.quiz.sourced_id
  student_sourced_id   = each.key
  score                = 7
  score_status         = "fully graded"
}
TF
	} >"$work/each/main.tf"
	timed "apply: 1 oneroster_result_set of $scores" "$work/set" apply -auto-approve
	timed "apply: $scores oneroster_result" "$work/each" apply -auto-approve
	grep -hE '^Apply complete' "$work/apply: "*.log || true
fi
