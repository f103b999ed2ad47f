//go:build tools

// Package tools pins the OpenTofu CLI that `make tools` builds into ./bin.
package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
