package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// checkPlannedWriteScopes refuses, at plan time, a create, update or
// destroy of a gradebook object whose write the OAuth 2 token does not
// permit: the server would answer 403 at apply, perhaps part-way through
// a plan. The scopes granted are the token's (its response's "scope"),
// so the check costs at most one token request, and only when the plan
// writes; when they cannot be known (OAuth 1.0a, a fixed bearer token, a
// token endpoint that does not list them, or no token yet) nothing is
// said here and the apply reports a 403 as such. Every scope the plan
// needs and the token lacks is named in one message, along with the
// resource's other write scopes it lacks.
func checkPlannedWriteScopes(ctx context.Context, client *oneroster.Client, info *oneroster.Info, resourceType, title string,
	req resource.ModifyPlanRequest) diag.Diagnostics {
	var diags diag.Diagnostics
	if client == nil || info == nil || req.Plan.Raw.Equal(req.State.Raw) {
		return diags
	}
	switch client.AuthMethod() {
	case oneroster.AuthMethodOAuth2ClientCredentials, oneroster.AuthMethodOAuth2Password:
	default:
		return diags
	}
	var needed []oneroster.Operation
	var doing string
	switch {
	case req.Plan.Raw.IsNull():
		needed, doing = []oneroster.Operation{oneroster.OpDelete}, "destroying"
	case req.State.Raw.IsNull():
		needed, doing = []oneroster.Operation{oneroster.OpPut}, "creating"
	default:
		needed, doing = []oneroster.Operation{oneroster.OpPut}, "updating"
	}
	token, err := client.Token(ctx)
	if err != nil || len(token.GrantedScopes) == 0 {
		tflog.Debug(ctx, "gradebook write scopes not checked at plan", map[string]any{"resource": resourceType, "token_error": err != nil})
		return diags
	}
	granted := token.GrantedScopes
	var missing, others []string
	for _, op := range []oneroster.Operation{oneroster.OpPut, oneroster.OpDelete} {
		scope := info.ScopeFor(op, nil)
		if !info.Has(op) || scope == "" || slices.Contains(granted, scope) {
			continue
		}
		line := fmt.Sprintf("%s (%s %s/{sourcedId})", scope, op.Method(), info.Path())
		if slices.Contains(needed, op) {
			missing = append(missing, line)
		} else {
			others = append(others, line)
		}
	}
	if len(missing) == 0 {
		return diags
	}
	also := ""
	if len(others) > 0 {
		also = fmt.Sprintf(" A later replace or destroy also needs %s, which it lacks too.", strings.Join(others, " and "))
	}
	diags.AddError(fmt.Sprintf("Missing OAuth 2 scope for %s", resourceType),
		fmt.Sprintf("The access token grants %s, but not %s, which %s the %s needs on OneRoster %s: the server would answer 403 Forbidden. "+
			"Nothing was written.%s\n\nHave the SIS grant the scope to this client, and list it in the provider block's scopes if you set them; "+
			"applying again will not help until then.",
			strings.Join(granted, ", "), strings.Join(missing, " and "), doing, title, info.Version.Title(), also))
	return diags
}
