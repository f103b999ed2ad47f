package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// sourcedIDValidators check an attribute whose value the provider puts in
// a request path (a resource's sourced_id, a scoping argument): not empty,
// and not an id that a path-normalising server would resolve as a dot
// segment. The client refuses such paths in any case; this reports the
// value at plan time, against the attribute that holds it.
func sourcedIDValidators() []validator.String {
	return []validator.String{stringvalidator.LengthAtLeast(1), pathIDCheck}
}

// pathIDCheck refuses ids that read as dot segments.
var pathIDCheck = stringCheck{
	description: `must not be "." or "..", nor contain such a part between slashes`,
	summary:     "Unusable sourcedId",
	problem: func(p path.Path, v string) string {
		if err := oneroster.CheckSourcedID(v); err == nil {
			return ""
		}
		return fmt.Sprintf("%s is %q, which the provider cannot put in a request path: servers and proxies that normalise URLs (nginx, for one) "+
			"read \".\" and \"..\" as \"this\" and \"parent\" path segments, even when escaped, so the request would reach another endpoint "+
			"(\"/classes/../students\" is every student of the district). Use the record's real sourcedId.", p, v)
	},
}
