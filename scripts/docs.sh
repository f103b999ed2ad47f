#!/usr/bin/env bash
# Regenerates docs/ from templates/, examples/ and the provider's schema.
#
# The schema is exported with the newest Terraform CLI in ./bin
# (terraform-latest: it knows provider functions, ephemeral resources,
# resource identity and list resources, which OpenTofu's schema lacks)
# through a dev_overrides configuration, so nothing is initialised or
# downloaded. Run through `make docs`, which builds the tools first; BIN
# names another directory of tools (the provider is built into it).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin="${BIN:-$root/bin}"
schema="$bin/providers-schema.json"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> building the provider into bin/"
(cd "$root" && go build -o "$bin/terraform-provider-oneroster" .)

# OpenTofu resolves `edu-iac/oneroster` on registry.opentofu.org, Terraform on
# registry.terraform.io: override both so the same file serves either CLI.
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.opentofu.org/edu-iac/oneroster"  = "$bin"
    "registry.terraform.io/edu-iac/oneroster" = "$bin"
  }
  direct {}
}
EOF

export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1

cat >"$work/main.tf" <<'EOF'
terraform {
  required_providers {
    oneroster = {
      source = "edu-iac/oneroster"
    }
  }
}
EOF

echo "==> exporting the provider schema with $("$bin/terraform-latest" version | head -n1)"
"$bin/terraform-latest" -chdir="$work" providers schema -json >"$work/schema.json"

# tfplugindocs looks the provider up by its short name (or under
# registry.terraform.io/hashicorp/), so rename the address key.
sed 's#"registry\.terraform\.io/edu-iac/oneroster":#"oneroster":#' "$work/schema.json" >"$schema"
grep -q '"provider_schemas":{"oneroster":' "$schema" || {
	echo "docs.sh: provider schema for edu-iac/oneroster not found in the terraform-latest output" >&2
	exit 1
}

"$bin/tfplugindocs" generate \
	--provider-dir "$root" \
	--providers-schema "$schema" \
	--provider-name oneroster \
	--rendered-provider-name OneRoster \
	--website-source-dir templates \
	--examples-dir examples \
	--rendered-website-dir docs
