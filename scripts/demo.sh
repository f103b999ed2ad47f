#!/usr/bin/env bash
# `make demo`: the provider against the OneRoster sandbox, end to end.
#
# Builds the provider and the sandbox into ./bin, starts the sandbox on
# loopback, and runs a real CLI (`plan`, then `apply`) on a scratch copy of
# examples/demo/ through a dev_overrides configuration (no init, no registry).
# Then it shows the failing case, examples/demo/failing/ (a wrong secret),
# whose plan must fail. In between it applies examples/demo/rosters/, whose
# output class_groups lists the students of each class of one school as
# would-be group memberships, and examples/demo/v1p2/, a OneRoster 1.2 read
# (the teachers of one school with their roles). examples/demo/ itself
# validates connections over OneRoster 1.1 and 1.2. The sandbox is stopped
# on exit, whatever happens.
#
# Environment: DEMO_CLI (the CLI to drive; `make demo` sets it from
# scripts/demo-cli.sh: a terraform or tofu >= 1.5 on PATH, else bin/'s),
# SANDBOX_ADDR (default 127.0.0.1:0: the sandbox picks a free port and says
# which in its 'ready' line), SANDBOX_ARGS (extra sandbox flags).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
cli=${DEMO_CLI:-$bin/terraform}
addr=${SANDBOX_ADDR:-127.0.0.1:0}
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

color=() bold= plain=
if [ -t 1 ]; then bold=$(printf '\033[1m') plain=$(printf '\033[0m'); else color=(-no-color); fi
step() { printf '\n%s==> %s%s\n' "$bold" "$*" "$plain"; }

work=$(mktemp -d)
sandbox_pid=
cleanup() {
	if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
		kill "$sandbox_pid" 2>/dev/null || true
		wait "$sandbox_pid" 2>/dev/null || true
		echo "==> sandbox stopped"
	fi
	rm -rf "$work"
}
trap cleanup EXIT

step "building the provider and the sandbox into bin/"
mkdir -p "$bin"
(cd "$root" && go build -o "$bin/terraform-provider-oneroster" . &&
	go build -o "$bin/oneroster-sandbox" ./internal/cmd/oneroster-sandbox)

step "starting the sandbox on ${SANDBOX_ADDR:-a free loopback port}"
# shellcheck disable=SC2086 # SANDBOX_ARGS is a list of flags
"$bin/oneroster-sandbox" -addr "$addr" ${SANDBOX_ARGS:-} >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
base_url=
for _ in $(seq 1 1200); do # up to 2 minutes: large districts take a while to generate
	base_url=$(sed -n 's/^ready \([^ ]*\).*/\1/p' "$work/sandbox.log" | head -n1)
	[ -n "$base_url" ] && break
	kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.log" >&2; echo "demo: the sandbox exited" >&2; exit 1; }
	sleep 0.1
done
[ -n "$base_url" ] || { cat "$work/sandbox.log" >&2; echo "demo: the sandbox did not say 'ready' within 2 minutes" >&2; exit 1; }
cat "$work/sandbox.log"

token_url=${DEMO_TOKEN_URL:-$(sed -n 's/^token URL: *\([^ ]*\).*/\1/p' "$work/sandbox.log" | head -n1)}
[ -n "$token_url" ] || { echo "demo: no 'token URL:' line in the sandbox output; set DEMO_TOKEN_URL" >&2; exit 1; }
base_url_v1p2=${DEMO_BASE_URL_V1P2:-$(sed -n 's/^1\.2 base URL[^:]*: *\([^ ]*\).*/\1/p' "$work/sandbox.log" | head -n1)}
[ -n "$base_url_v1p2" ] || { echo "demo: no '1.2 base URL' line in the sandbox output; set DEMO_BASE_URL_V1P2" >&2; exit 1; }
vars=(-var "base_url=$base_url" -var "token_url=$token_url")
vars_v1p2=(-var "base_url_v1p2=$base_url_v1p2" -var "token_url=$token_url")

cat >"$bin/demo.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/edu-iac/oneroster" = "$bin"
    "registry.opentofu.org/edu-iac/oneroster"  = "$bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$bin/demo.tfrc"

mkdir -p "$work/demo" "$work/rosters" "$work/v1p2" "$work/failing"
cp "$root"/examples/demo/*.tf "$work/demo/"
cp "$root"/examples/demo/rosters/*.tf "$work/rosters/"
cp "$root"/examples/demo/v1p2/*.tf "$work/v1p2/"
cp "$root"/examples/demo/failing/*.tf "$work/failing/"

# -compact-warnings: the dev_overrides warning once per command is enough.
step "$("$cli" version | head -n1): plan on examples/demo"
"$cli" -chdir="$work/demo" plan -input=false -compact-warnings -out=demo.tfplan "${color[@]}" "${vars[@]}" -var "base_url_v1p2=$base_url_v1p2"

step "apply the saved plan; its Outputs are the validated connections, over OneRoster 1.1 and 1.2"
"$cli" -chdir="$work/demo" apply -input=false -compact-warnings "${color[@]}" demo.tfplan

step "rosters feeding provisioning (examples/demo/rosters): the students of each class of one school, as would-be group memberships"
# The apply only records the output (no resources); print the output alone.
"$cli" -chdir="$work/rosters" apply -input=false -auto-approve -compact-warnings "${color[@]}" "${vars[@]}" >"$work/rosters.log" 2>&1 ||
	{ cat "$work/rosters.log"; echo "demo: the rosters apply failed" >&2; exit 1; }
"$cli" -chdir="$work/rosters" output "${color[@]}" class_groups
# Each member reads "Given Family <username>"; student usernames are s<number>.
members=$("$cli" -chdir="$work/rosters" output -json class_groups | grep -o 's[0-9]\{6\}' | wc -l)
[ "$members" -gt 0 ] || { echo "demo: class_groups lists no student" >&2; exit 1; }

step "a OneRoster 1.2 read (examples/demo/v1p2): the teachers of one school, each with all their roles"
"$cli" -chdir="$work/v1p2" apply -input=false -auto-approve -compact-warnings "${color[@]}" "${vars_v1p2[@]}" >"$work/v1p2.log" 2>&1 ||
	{ cat "$work/v1p2.log"; echo "demo: the OneRoster 1.2 apply failed" >&2; exit 1; }
"$cli" -chdir="$work/v1p2" output "${color[@]}" school_teachers
# Every teacher holds a primary role; some hold a secondary one elsewhere.
primaries=$("$cli" -chdir="$work/v1p2" output -json school_teachers | grep -o '"primary teacher at' | wc -l)
[ "$primaries" -gt 0 ] || { echo "demo: school_teachers lists no teacher with a primary teacher role" >&2; exit 1; }
connections=$("$cli" -chdir="$work/demo" output -json connections)
grep -q '"oneroster_version":"1.2"' <<<"$connections" || { echo "demo: no connection reports OneRoster 1.2" >&2; exit 1; }
# Score scales exist only in 1.2's gradebook, which the 1.2 connection probes.
grep -q '"scoreScales"' <<<"$connections" || { echo "demo: the OneRoster 1.2 connection found no score scales" >&2; exit 1; }

step "failing case: plan on examples/demo/failing (a wrong secret) must fail"
if "$cli" -chdir="$work/failing" plan -input=false -compact-warnings "${color[@]}" "${vars[@]}" >"$work/failing.log" 2>&1; then
	cat "$work/failing.log"
	echo "demo: the plan with a wrong secret succeeded; it should have failed" >&2
	exit 1
fi
cat "$work/failing.log"
grep -q 'Error' "$work/failing.log" || { echo "demo: the failing plan printed no error diagnostic" >&2; exit 1; }
step "the plan failed as expected; demo finished"
