#!/usr/bin/env bash
# `make bench`: the figures the issues ask for, from one run.
#
# 1. client: reading all users of a 100,000-user district (20 ms added
#    latency per request), one page at a time and with the default
#    concurrency: time and peak extra heap (a Go benchmark).
#    Then requests paced to 100 a minute from 4 goroutines, on a clock
#    that records each request's slot: the rate the slots make (never above
#    100) and the real cost of a paced request (a Go benchmark).
# 2. plan: a real `terraform plan` whose configuration reads all 100,000
#    users through data.oneroster_users, once with all fields and once with
#    `fields` narrowed to three: wall time, the CPU time of the CLI and of
#    the provider, and peak RSS (see timed).
# 3. gradebook: a real `terraform apply` of 1,000 scores of one line item,
#    once as one oneroster_result_set and once as 1,000 oneroster_result
#    resources, against a sandbox with the same latency: wall time, CPU and
#    RSS of each (as for the plan), each next to its network floor.
# 4. bulk: the same 1,000 scores as one oneroster_result_set over OneRoster
#    1.1 (one PUT per score) and over 1.2 (one POST per 250 scores), in one
#    run against one sandbox with the same latency: the provider's plan and
#    apply alone (a Go benchmark through the plugin protocol, with the
#    requests each sends), the client's writes alone (20 ms latency), then
#    a real `terraform apply` of each, and the ratios; for the real apply,
#    also its ceiling: the ratio were the 1.2 apply's provider CPU zero.
# 5. push: a district's grade push, BENCH_CLASSES classes each with one
#    oneroster_line_item and one oneroster_result_set of its students
#    (OneRoster 1.1, the same latency): a real `apply`, then a no-change
#    `plan`, each next to the same values held by Terraform's own
#    terraform_data (the control: what the CLI costs without this
#    provider), run one after the other in one run, with their ratio.
# 6. connections: a `plan` of BENCH_CONNECTIONS oneroster_connection
#    resources (one per district, all against the one sandbox, the same
#    latency): wall time, CPU and RSS, and the provider's CPU per
#    connection, next to the same values held by terraform_data.
#
# Environment: BENCH_CLI (default bin/terraform), BENCH_USERS (100000),
# BENCH_LATENCY (20ms), BENCH_SCORES (1000), BENCH_CLASSES (200),
# BENCH_CONNECTIONS (1000),
# BENCH_CONCURRENCY (the provider's max_concurrency for parts 2, 3 and 5;
# default: the provider's own default), BENCH_SKIP (parts to skip, e.g.
# "client plan bulk"; "each" skips only the separate oneroster_result
# resources, the slowest figure).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
cli=${BENCH_CLI:-$bin/terraform}
users=${BENCH_USERS:-100000}
latency=${BENCH_LATENCY:-20ms}
scores=${BENCH_SCORES:-1000}
classes=${BENCH_CLASSES:-200}
connections=${BENCH_CONNECTIONS:-1000}
concurrency=${BENCH_CONCURRENCY:-}
skip=" ${BENCH_SKIP:-} "
case $latency in
*ms) latency_s=$(awk -v v="${latency%ms}" 'BEGIN { print v / 1000 }') ;;
*s) latency_s=${latency%s} ;;
0) latency_s=0 ;;
*) echo "bench: BENCH_LATENCY=$latency: use e.g. 20ms or 0.02s" >&2; exit 2 ;;
esac
clk_tck=$(getconf CLK_TCK)
page_kib=$(($(getconf PAGESIZE) / 1024))
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
	"$built/oneroster-sandbox" -addr 127.0.0.1:0 -users "$1" -latency "$latency" >"$work/sandbox.log" 2>&1 &
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

# timed NAME DIR ARGS...: runs the CLI in DIR and prints, one line per
# figure: wall time, the CPU time (user + system) of the CLI and of the
# provider processes it starts, the peak RSS of the CLI and the provider
# together, and the provider's own peak. Figures come from /proc, sampled
# every 100 ms, for the CLI's process and its children only (the provider
# processes; the sandbox and anything else on the machine is not counted):
# a process's CPU time is its last sample, so each may miss up to 0.1 s.
timed() {
	local name=$1 dir=$2
	shift 2
	local start end cli_pid rc=0 pid stat rest state ticks rss total prov_rss
	local peak=0 prov_peak=0 cli_ticks=0
	local -A prov_ticks=()
	start=$(date +%s.%N)
	(cd "$dir" && exec env TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" "$@" -no-color -input=false) >"$work/$name.log" 2>&1 &
	cli_pid=$!
	while :; do
		total=0 prov_rss=0 state=
		for pid in "$cli_pid" $(pgrep -P "$cli_pid" 2>/dev/null); do
			stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
			rest=${stat##*) }                # fields 3… (comm may hold spaces)
			read -r -a f <<<"$rest"
			ticks=$((f[11] + f[12]))          # utime + stime (fields 14, 15)
			rss=$((f[21] * page_kib))         # rss in pages (field 24)
			if [ "$pid" = "$cli_pid" ]; then
				state=${f[0]}
				cli_ticks=$ticks
			else
				prov_ticks[$pid]=$ticks
				prov_rss=$((prov_rss + rss))
			fi
			total=$((total + rss))
		done
		[ "$total" -gt "$peak" ] && peak=$total
		[ "$prov_rss" -gt "$prov_peak" ] && prov_peak=$prov_rss
		if [ -z "$state" ] || [ "$state" = Z ]; then break; fi
		sleep 0.1
	done
	wait "$cli_pid" || rc=$?
	end=$(date +%s.%N)
	if [ "$rc" -ne 0 ]; then
		cat "$work/$name.log" >&2
		exit 1
	fi
	local prov_sum=0
	for pid in "${!prov_ticks[@]}"; do prov_sum=$((prov_sum + prov_ticks[$pid])); done
	awk -v n="$name" -v s="$start" -v e="$end" -v c="$cli_ticks" -v p="$prov_sum" -v hz="$clk_tck" \
		-v peak="$peak" -v pp="$prov_peak" 'BEGIN {
		printf "%-46s %-28s %7.1f s\n", n, "wall", e - s
		printf "%-46s %-28s %7.1f s\n", n, "CLI CPU", c / hz
		printf "%-46s %-28s %7.1f s\n", n, "provider CPU", p / hz
		printf "%-46s %-28s %7.0f MiB\n", n, "peak RSS, CLI + provider", peak / 1024
		printf "%-46s %-28s %7.0f MiB\n", n, "peak RSS, provider", pp / 1024
	}'
}

# floor NAME REQUESTS PARALLEL: the network floor of NAME, REQUESTS requests
# of $latency each, PARALLEL at a time.
floor() {
	awk -v n="$1" -v r="$2" -v c="$3" -v l="$latency_s" -v lat="$latency" \
		'BEGIN { printf "%-46s %-28s %7.1f s   (%d requests x %s / %d at a time)\n", n, "network floor", r * l / c, r, lat, c }'
}

# The provider and the sandbox are built for this run only, beside its
# workspaces: bin/ keeps the CLIs, which other checkouts may share.
built="$work/bin"
(cd "$root" && go build -o "$built/terraform-provider-oneroster" . && go build -o "$built/oneroster-sandbox" ./internal/cmd/oneroster-sandbox)
cat >"$work/bench.tfrc" <<TFRC
provider_installation {
  dev_overrides {
    "registry.terraform.io/edu-iac/oneroster" = "$built"
    "registry.opentofu.org/edu-iac/oneroster" = "$built"
  }
  direct {}
}
TFRC
echo "CLI: $(TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" version | head -n1); latency $latency per request; $(nproc) cores"

if [[ $skip != *" client "* ]]; then
	echo
	echo "==> client read of all users ($users users): concurrency 1 vs the default (4)"
	(cd "$root" && go test -run '^$' -bench 'BenchmarkListAllUsers$' -benchtime 1x ./internal/oneroster/ | grep -E '^Benchmark|^ok')
	echo
	echo "==> max_requests_per_minute = 100 (the Ed-Fi OneRoster API's default), 4 callers: unpaced and paced: the rate the server sees, and what pacing costs"
	(cd "$root" && go test -run '^$' -bench 'BenchmarkMaxRequestsPerMinute$' -benchtime 500x ./internal/oneroster/ | grep -E '^Benchmark|^ok')
fi

# plan_users NAME DIR ARGUMENT: a plan reading all users of the running
# sandbox, with ARGUMENT in the data source block.
plan_users() {
	local name=$1 dir="$work/$2"
	mkdir -p "$dir"
	{
		config_header
		cat <<TF

data "oneroster_users" "all" {
  $3
}

output "users" {
  value = length(data.oneroster_users.all.users)
}
TF
	} >"$dir/main.tf"
	timed "$name" "$dir" plan
	grep -E 'users *=' "$work/$name.log" || true
}

if [[ $skip != *" plan "* ]]; then
	echo
	echo "==> a real plan reading all users through data.oneroster_users"
	start_sandbox "$users"
	# The same read with all fields and with three: `fields` must make it
	# cheaper, never dearer.
	plan_users "plan of $users users, all fields" all ""
	plan_users "plan of $users users, 3 fields" three 'fields = ["sourcedId", "email", "role"]'
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
	# The floor of one apply is its writes: one PUT per score, at the
	# provider's max_concurrency for the result set and at the CLI's
	# parallelism (10) for separate resources.
	timed "apply: 1 oneroster_result_set of $scores" "$work/set" apply -auto-approve
	floor "apply: 1 oneroster_result_set of $scores" "$scores" "${concurrency:-4}"
	if [[ $skip != *" each "* ]]; then
		timed "apply: $scores oneroster_result" "$work/each" apply -auto-approve
		floor "apply: $scores oneroster_result" "$scores" 10
	fi
	grep -hE '^Apply complete' "$work/apply: "*.log || true
fi

if [[ $skip != *" bulk "* ]]; then
	echo
	echo "==> $scores scores as one oneroster_result_set: OneRoster 1.1 (PUT each) vs 1.2 (POST per 250), latency $latency"
	(cd "$root" && BENCH_SCORES=$scores BENCH_LATENCY=$latency go test -run '^$' -bench 'BenchmarkResultSetCreate$' -benchtime 1x ./internal/provider/) |
		tee "$work/bulk-go.log" | grep -E '^Benchmark'
	awk '/version=1.1/ { for (i = 1; i < NF; i++) if ($(i+1) == "s/op") v11 = $i }
		/version=1.2/ { for (i = 1; i < NF; i++) if ($(i+1) == "s/op") v12 = $i }
		END { if (v12 > 0) printf "%-46s %-28s %7.1f x\n", "provider plan+apply: 1.2 (POST) vs 1.1 (PUT)", "faster", v11 / v12 }' "$work/bulk-go.log"
	# The write path alone, through the client: what the bulk POST
	# replaces, without the plugin framework's plan and apply of the set.
	(cd "$root" && go test -run '^$' -bench 'BenchmarkWriteScores$' -benchtime 1x ./internal/oneroster/) |
		tee "$work/bulk-client.log" | grep -E '^Benchmark'
	awk '/version=1.1/ { for (i = 1; i < NF; i++) if ($(i+1) == "ns/op") v11 = $i }
		/version=1.2/ { for (i = 1; i < NF; i++) if ($(i+1) == "ns/op") v12 = $i }
		END { if (v12 > 0) printf "%-46s %-28s %7.1f x\n", "client writes: 1.2 (POST) vs 1.1 (PUT)", "faster", v11 / v12 }' "$work/bulk-client.log"

	start_sandbox $((scores * 3 / 2 + 100))
	base_v1p2=${base_url%/ims/oneroster/v1p1}/ims/oneroster/rostering/v1p2
	# A setup workspace writes the two line items (through 1.1, so that only
	# the result sets differ) and lists the students, untimed. Each version
	# then gets a workspace of its own holding only the result set, with
	# the students written out, so that its apply times the set alone.
	mkdir -p "$work/bulk-setup"
	{
		config_header
		cat <<TF

data "oneroster_students" "all" {
  max_items = $scores
}

data "oneroster_classes" "first" {
  max_items = 1
}

data "oneroster_categories" "first" {
  max_items = 1
}

resource "oneroster_line_item" "quiz" {
  for_each            = toset(["v1p1", "v1p2"])
  sourced_id          = "bench-\${each.key}"
  title               = "Benchmark quiz (\${each.key})"
  assign_date         = "2025-09-01"
  due_date            = "2025-09-08"
  class_sourced_id    = data.oneroster_classes.first.classes[0].sourced_id
  category_sourced_id = data.oneroster_categories.first.categories[0].sourced_id
}

output "students" {
  value = join(" ", data.oneroster_students.all.students[*].sourced_id)
}
TF
	} >"$work/bulk-setup/main.tf"
	(cd "$work/bulk-setup" && TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" apply -auto-approve -no-color -input=false >"$work/bulk-setup.log" 2>&1 &&
		TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" output -raw students >"$work/bulk-students") ||
		{ cat "$work/bulk-setup.log" >&2; exit 1; }
	for v in v1p1 v1p2; do
		dir="$work/bulk-$v"
		mkdir -p "$dir"
		{
			if [ "$v" = v1p1 ]; then
				config_header
			else
				config_header | sed "s|$base_url|$base_v1p2|"
			fi
			printf '\nresource "oneroster_result_set" "quiz" {\n  line_item_sourced_id = "bench-%s"\n  results = {\n' "$v"
			for s in $(cat "$work/bulk-students"); do
				printf '    "%s" = { score = 7, score_status = "fully graded", score_date = "2025-09-09" }\n' "$s"
			done
			printf '  }\n}\n'
		} >"$dir/main.tf"
	done
	# The floor of each apply is its writes, as in part 3.
	timed "apply: result_set of $scores on 1.1 (PUT)" "$work/bulk-v1p1" apply -auto-approve | tee "$work/bulk-times.log"
	floor "apply: result_set of $scores on 1.1 (PUT)" "$scores" "${concurrency:-4}"
	timed "apply: result_set of $scores on 1.2 (POST)" "$work/bulk-v1p2" apply -auto-approve | tee -a "$work/bulk-times.log"
	floor "apply: result_set of $scores on 1.2 (POST)" $(((scores + 249) / 250)) "${concurrency:-4}"
	grep -hE '^Apply complete' "$work/apply: result_set of"*.log || true
	# The ceiling of that ratio: the 1.1 apply against the 1.2 apply less
	# all of its provider's CPU, that is, the CLI's own cost of a
	# 1,000-entry value and the 1.2 writes, as if the provider cost nothing.
	awk '/ wall / { if (/on 1\.1/) a = $(NF-1); else b = $(NF-1) }
		/ provider CPU / { if (!/on 1\.1/) p = $(NF-1) }
		END { if (b > 0) printf "%-46s %-28s %7.1f x\n", "real apply: 1.2 (POST) vs 1.1 (PUT)", "faster", a / b
			if (b > p) printf "%-46s %-28s %7.1f x   (1.1 wall / (1.2 wall - 1.2 provider CPU))\n",
				"real apply: 1.2 vs 1.1, provider at no cost", "ceiling", a / (b - p) }' "$work/bulk-times.log"
fi

# versus NAME FIGURES CONTROL: prints NAME's figures (a file of timed's
# lines) each next to the control's same figure (another such file) and
# their ratio, then the provider's CPU as a share of the CLI's.
versus() {
	awk -v n="$1" '
		function figure(line) { f = substr(line, 48, 28); sub(/ +$/, "", f); return f }
		FNR == NR { c[figure($0)] = $(NF-1); next }
		{
			f = figure($0); v = $(NF-1); u = $NF
			if (f == "CLI CPU") cli = v
			if (f == "provider CPU") prov = v
			if (!(c[f] > 0)) { printf "%-46s %-28s %7.1f %s\n", n, f, v, u; next }
			r = sprintf("%5.2f x", v / c[f])
			printf "%-46s %-28s %7.1f %-3s vs terraform_data %7.1f %-3s  %s\n", n, f, v, u, c[f], u, r
		}
		END { if (cli > 0) printf "%-46s %-28s %7.2f x\n", n, "provider CPU / CLI CPU", prov / cli }' "$3" "$2"
}

if [[ $skip != *" push "* ]]; then
	echo
	echo "==> a district's grade push: $classes classes, each one oneroster_line_item + one oneroster_result_set of its students (1.1)"
	# About 25 students a class, each student in four classes.
	start_sandbox $((classes * 8 + 100))
	# A setup workspace lists the classes and their students, untimed, into
	# push.json; the timed workspaces read it, so that they hold the same
	# values and read nothing else.
	mkdir -p "$work/push-setup" "$work/push" "$work/push-control"
	{
		config_header
		cat <<TF

data "oneroster_classes" "some" {
  max_items = $classes
}

data "oneroster_categories" "first" {
  max_items = 1
}

data "oneroster_students" "of" {
  for_each         = toset(data.oneroster_classes.some.classes[*].sourced_id)
  class_sourced_id = each.key
}

output "push" {
  value = jsonencode({
    category = data.oneroster_categories.first.categories[0].sourced_id
    classes  = { for c, d in data.oneroster_students.of : c => d.students[*].sourced_id if length(d.students) > 0 }
  })
}
TF
	} >"$work/push-setup/main.tf"
	(cd "$work/push-setup" && TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" apply -auto-approve -no-color -input=false >"$work/push-setup.log" 2>&1 &&
		TF_CLI_CONFIG_FILE="$work/bench.tfrc" "$cli" output -raw push >"$work/push.json") ||
		{ cat "$work/push-setup.log" >&2; exit 1; }
	cp "$work/push.json" "$work/push/push.json"
	cp "$work/push.json" "$work/push-control/push.json"
	push_scores=$(jq '[.classes[] | length] | add' "$work/push.json")
	push_classes=$(jq '.classes | length' "$work/push.json")
	{
		config_header
		cat <<'TF'

locals {
  push = jsondecode(file("${path.module}/push.json"))
}

resource "oneroster_line_item" "quiz" {
  for_each            = local.push.classes
  sourced_id          = "push-${each.key}"
  title               = "Unit quiz"
  assign_date         = "2025-09-01"
  due_date            = "2025-09-08"
  class_sourced_id    = each.key
  category_sourced_id = local.push.category
  result_value_min    = 0
  result_value_max    = 10
}

resource "oneroster_result_set" "quiz" {
  for_each             = local.push.classes
  line_item_sourced_id = oneroster_line_item.quiz[each.key].sourced_id
  results = {
    for s in each.value : s => { score = 7, score_status = "fully graded", score_date = "2025-09-09" }
  }
}
TF
	} >"$work/push/main.tf"
	cat >"$work/push-control/main.tf" <<'TF'
locals {
  push = jsondecode(file("${path.module}/push.json"))
}

resource "terraform_data" "quiz" {
  for_each = local.push.classes
  input = {
    sourced_id          = "push-${each.key}"
    title               = "Unit quiz"
    assign_date         = "2025-09-01"
    due_date            = "2025-09-08"
    class_sourced_id    = each.key
    category_sourced_id = local.push.category
    result_value_min    = 0
    result_value_max    = 10
  }
}

resource "terraform_data" "scores" {
  for_each = local.push.classes
  input = {
    line_item_sourced_id = terraform_data.quiz[each.key].output.sourced_id
    results = {
      for s in each.value : s => { score = 7, score_status = "fully graded", score_date = "2025-09-09" }
    }
  }
}
TF
	push_name="push of $push_classes classes ($push_scores scores)"
	for step in apply plan; do
		args=(plan)
		[ "$step" = apply ] && args=(apply -auto-approve)
		timed "push $step" "$work/push" "${args[@]}" >"$work/push-$step.fig"
		timed "push control $step" "$work/push-control" "${args[@]}" >"$work/push-control-$step.fig"
		versus "$push_name: $step" "$work/push-$step.fig" "$work/push-control-$step.fig"
	done
	grep -hE '^Apply complete|^No changes|^Plan:' "$work/push apply.log" "$work/push plan.log" || true
fi

if [[ $skip != *" connections "* ]]; then
	echo
	echo "==> a plan of $connections oneroster_connection resources (one per district), latency $latency"
	start_sandbox 100
	mkdir -p "$work/connections" "$work/connections-control"
	# Terraform (1.5 at least) evaluates a resource's for_each again for
	# each of its instances: the districts are a local map, computed once,
	# as a real workspace would hold them, rather than an expression that
	# formats a thousand numbers into a set (which made half the CLI's CPU,
	# quadratic in the number of connections). The control plans the same
	# values as terraform_data, with the same for_each.
	districts="{ for i in range($connections) : format(\"district-%04d\", i) => i }"
	{
		config_header
		cat <<TF

locals {
  districts = $districts
}

resource "oneroster_connection" "district" {
  for_each = local.districts
  name     = each.key
  base_url = "$base_url"
  oauth2_client_credentials = {
    client_id     = "sandbox-client"
    client_secret = "sandbox-client-secret"
    token_url     = "$token_url"
  }
}
TF
	} >"$work/connections/main.tf"
	cat >"$work/connections-control/main.tf" <<TF
locals {
  districts = $districts
}

resource "terraform_data" "district" {
  for_each = local.districts
  input = {
    name     = each.key
    base_url = "$base_url"
    oauth2_client_credentials = {
      client_id     = "sandbox-client"
      client_secret = "sandbox-client-secret"
      token_url     = "$token_url"
    }
  }
}
TF
	connections_name="plan of $connections connections"
	timed "$connections_name" "$work/connections" plan >"$work/connections.fig"
	timed "$connections_name, control" "$work/connections-control" plan >"$work/connections-control.fig"
	versus "$connections_name" "$work/connections.fig" "$work/connections-control.fig"
	awk -v n="$connections_name" -v c="$connections" '/ provider CPU / {
		printf "%-46s %-28s %7.1f ms\n", n, "provider CPU per connection", $(NF-1) * 1000 / c }' "$work/connections.fig"
	grep -hE '^Plan:' "$work/$connections_name.log" || true
fi
