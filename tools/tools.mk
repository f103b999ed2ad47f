# Pinned versions of the developer tools built into ./bin by `make tools`.
# The OpenTofu CLI is pinned by its own module in tools/opentofu.
TERRAFORM_VERSION     := 1.5.7
TFPLUGINDOCS_VERSION  := v0.25.0
GOLANGCI_LINT_VERSION := v2.15.0
GORELEASER_VERSION    := v2.16.0
ACTIONLINT_VERSION    := v1.7.12

TFPLUGINDOCS_PKG  := github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs
GOLANGCI_LINT_PKG := github.com/golangci/golangci-lint/v2/cmd/golangci-lint
GORELEASER_PKG    := github.com/goreleaser/goreleaser/v2
ACTIONLINT_PKG    := github.com/rhysd/actionlint/cmd/actionlint
