package provider

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"

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

// resultIDText is the text whose UUIDv5, in resultSetNamespace, is the
// derived sourcedId of a student's result on a line item (resultSourcedID).
//
// The rule was "<line item>/<student>", which is ambiguous once an id holds
// a slash: ("a/b", "c") and ("a", "b/c") both give "a/b/c". Ids without a
// slash, nearly all of them, keep that text, so the documented rule, the
// ids in existing states and those other systems computed do not change;
// a pair where either id holds a slash gets "<n>:<line item>/<student>"
// instead, n the line item id's length in bytes (UTF-8). The length
// decides where the line item id ends, and such a text has two slashes or
// more, so it never equals the one-slash text of a pair without them.
func resultIDText(lineItem, student string) string {
	if !strings.Contains(lineItem, "/") && !strings.Contains(student, "/") {
		return lineItem + "/" + student
	}
	return strconv.Itoa(len(lineItem)) + ":" + lineItem + "/" + student
}

// legacyResultSourcedID is the sourcedId that versions before
// resultIDText derived, for ids with a slash too: that of a state entry
// those versions wrote without recording it.
func legacyResultSourcedID(lineItem, student string) string {
	return uuid.NewSHA1(resultSetNamespace, []byte(lineItem+"/"+student)).String()
}

// resultIDSlashRule documents resultIDText's exception, after the rule.
const resultIDSlashRule = "When either id contains a slash, the text is `<n>:<line_item_sourced_id>/<student_sourced_id>` instead, " +
	"`n` being the line item id's length in bytes (UTF-8): line item `a/b` and student `c` give `\"3:a/b/c\"`, so that no two pairs share an id."
