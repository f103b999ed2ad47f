//go:build tools

// Package tools pins the newest Terraform CLI that `make tools` builds into
// ./bin/terraform-latest (see go.mod for why it needs a module of its own).
package tools

import _ "github.com/hashicorp/terraform"
