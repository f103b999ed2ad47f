package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Resource identity (Terraform 1.12+): what names a managed object apart
// from its configuration, so that `import { identity = {…} }`, `terraform
// query` and the state agree on it. Every gradebook object is named by
// its sourcedId, and a result set by its line item's. CLIs without
// identity (Terraform before 1.12, OpenTofu) never ask for it and ignore
// what the provider sends.

// identityAttribute is the one attribute of an identity: the state
// attribute of the same name, a sourcedId.
func identityAttribute(name, description string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		name: identityschema.StringAttribute{RequiredForImport: true, Description: description},
	}}
}

// setIdentity records id as the identity's attribute name. The framework
// gives every response of a resource with an identity schema an identity
// to fill, and refuses one left null after a create, read or update.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, name string, id types.String, diags *diag.Diagnostics) {
	if identity == nil || id.IsNull() || id.IsUnknown() {
		return
	}
	diags.Append(identity.SetAttribute(ctx, path.Root(name), id)...)
}

// importByIDOrIdentity imports from an import id (`terraform import`, an
// import block's id) or from an identity (an import block's identity, a
// block `terraform query` generated) into the state attribute name, which
// the identity attribute of the same name mirrors.
func importByIDOrIdentity(ctx context.Context, name string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root(name), path.Root(name), req, resp)
}

// gradebookIdentityDescription documents a gradebook kind's identity.
func gradebookIdentityDescription(title string) string {
	return fmt.Sprintf("The %s's sourcedId, as in `sourced_id`.", title)
}

// withIdentityAttribute is identity with its attribute name set to v, as
// setIdentity sets it through the framework (a null identity becomes one
// whose other attributes are null), for the reads the provider's server
// answers itself (server_read.go); false when identity is not an object
// with such an attribute of v's type.
func withIdentityAttribute(identity tftypes.Value, name string, v tftypes.Value) (tftypes.Value, bool) {
	t, ok := identity.Type().(tftypes.Object)
	if !ok || t.AttributeTypes[name] == nil || !t.AttributeTypes[name].Equal(v.Type()) {
		return identity, false
	}
	attrs := make(map[string]tftypes.Value, len(t.AttributeTypes))
	if !identity.IsNull() {
		var prior map[string]tftypes.Value
		if !identity.IsKnown() || identity.As(&prior) != nil {
			return identity, false
		}
		maps.Copy(attrs, prior) // As hands out the value's own map
	}
	for n, at := range t.AttributeTypes {
		if _, found := attrs[n]; !found {
			attrs[n] = tftypes.NewValue(at, nil)
		}
	}
	attrs[name] = v
	return tftypes.NewValue(t, attrs), true
}
