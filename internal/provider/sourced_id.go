package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// sourcedIDValidators check an attribute whose value the provider puts in
// a request path (a resource's sourced_id, a scoping argument): not empty,
// and not an id that a path-normalising server would resolve as a dot
// segment. The client refuses such paths in any case; this reports the
// value at plan time, against the attribute that holds it.
func sourcedIDValidators() []validator.String {
	return []validator.String{stringvalidator.LengthAtLeast(1), pathIDValidator{}}
}

type pathIDValidator struct{}

func (pathIDValidator) Description(context.Context) string {
	return `must not be "." or "..", nor contain such a part between slashes`
}

func (v pathIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (pathIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := oneroster.CheckSourcedID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Unusable sourcedId",
			fmt.Sprintf("%s is %q, which the provider cannot put in a request path: servers and proxies that normalise URLs (nginx, for one) "+
				"read \".\" and \"..\" as \"this\" and \"parent\" path segments, even when escaped, so the request would reach another endpoint "+
				"(\"/classes/../students\" is every student of the district). Use the record's real sourcedId.", req.Path, req.ConfigValue.ValueString()))
	}
}
