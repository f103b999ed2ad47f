package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringCheck validates one string attribute: the plumbing every check of
// this provider shares (skip null and unknown values, report against the
// attribute), around what differs: the rule's description, the
// diagnostic's summary, and the check itself.
type stringCheck struct {
	description string
	summary     string
	// problem says what is wrong with value, in a sentence that names the
	// attribute at p and how to fix it; "" when value is fine.
	problem func(p path.Path, value string) string
}

var _ validator.String = stringCheck{}

func (c stringCheck) Description(context.Context) string { return c.description }

func (c stringCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if detail := c.problem(req.Path, req.ConfigValue.ValueString()); detail != "" {
		resp.Diagnostics.AddAttributeError(req.Path, c.summary, detail)
	}
}
