package provider

import (
	"context"
	"maps"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The provider's server answers a result set's applies itself
// (server_apply.go): around Create, Update and Delete, the framework
// converts the plan and the state into resultSetModel by reflection and
// the new state back, walking every value of the set with its path
// against the schema. The server hands the resource the protocol's values
// instead, which it reads here into the same model and entries, by name,
// and hands to the same create, update and deleteAll.
// server_apply_test.go holds the two answers equal.

// resultSetFields are the attributes of a set but results, and where
// resultSetModel keeps them; results goes through entriesFromTerraform
// and entriesToTerraform, as a read's.
var resultSetFields = []struct {
	name string
	// set stores v in m; false when v is not of the attribute's type.
	set func(m *resultSetModel, v attr.Value) bool
}{
	{"line_item_sourced_id", func(m *resultSetModel, v attr.Value) (ok bool) { m.LineItemSourcedID, ok = v.(types.String); return ok }},
	{"existing_results", func(m *resultSetModel, v attr.Value) (ok bool) { m.ExistingResults, ok = v.(types.String); return ok }},
	{"released_students", func(m *resultSetModel, v attr.Value) (ok bool) { m.ReleasedStudents, ok = v.(types.Set); return ok }},
	{"timeouts", func(m *resultSetModel, v attr.Value) (ok bool) { m.Timeouts, ok = v.(timeouts.Value); return ok }},
}

// resultSetAttrTypes are the types of a set's attributes, as its schema
// has them.
var resultSetAttrTypes = sync.OnceValue(func() map[string]attr.Type {
	var resp resource.SchemaResponse
	(&resultSetResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	t, ok := resp.Schema.Type().(attr.TypeWithAttributeTypes)
	if !ok {
		return nil
	}
	return t.AttributeTypes()
})

// setFromTerraform reads a set (a plan or a state) as Create, Update and
// Delete read it through the framework: the model (results left null)
// and the entries by student; false for anything else than a known
// object of the schema's attributes with known results.
func setFromTerraform(ctx context.Context, v tftypes.Value) (resultSetModel, map[string]resultSetEntry, bool) {
	var m resultSetModel
	var attrs map[string]tftypes.Value
	attrTypes := resultSetAttrTypes()
	if !v.IsKnown() || v.IsNull() || v.As(&attrs) != nil || len(attrs) != len(resultSetFields)+1 || len(attrTypes) != len(attrs) {
		return m, nil, false
	}
	for _, f := range resultSetFields {
		tv, found := attrs[f.name]
		if !found || attrTypes[f.name] == nil {
			return m, nil, false
		}
		av, err := attrTypes[f.name].ValueFromTerraform(ctx, tv)
		if err != nil || !f.set(&m, av) {
			return m, nil, false
		}
	}
	m.Results = types.MapNull(resultSetEntryType())
	entries, ok := entriesFromTerraform(ctx, attrs["results"])
	return m, entries, ok
}

// directSaver records the new state in *out: base, the planned set (or
// the prior one), with results.
func directSaver(base tftypes.Value, out *tftypes.Value) resultsSaver {
	return func(ctx context.Context, results map[string]resultSetEntry, diags *diag.Diagnostics) {
		var attrs map[string]tftypes.Value
		v, err := entriesToTerraform(ctx, results, entriesTerraformType)
		if err == nil {
			err = base.As(&attrs)
		}
		if err != nil {
			diags.AddError("Cannot record the result set's state", "The results could not be encoded; this is a bug in the provider: "+err.Error())
			return
		}
		attrs = maps.Clone(attrs) // As hands out base's own map
		attrs["results"] = v
		*out = tftypes.NewValue(base.Type(), attrs)
	}
}

// identitySetter sets *identity's line_item_sourced_id as setIdentity
// does through the framework; false, before any request, for an identity
// it cannot set (nil: the type has none, and the setter does nothing).
func identitySetter(identity *tftypes.Value) (func(types.String), bool) {
	if identity == nil {
		return func(types.String) {}, true
	}
	if _, ok := withIdentityAttribute(*identity, "line_item_sourced_id", tftypes.NewValue(tftypes.String, nil)); !ok {
		return nil, false
	}
	return func(id types.String) {
		if id.IsNull() || id.IsUnknown() {
			return
		}
		*identity, _ = withIdentityAttribute(*identity, "line_item_sourced_id", tftypes.NewValue(tftypes.String, id.ValueString()))
	}, true
}

// createValue is Create (directApplier): from the planned set, the new
// state (null when nothing settled); identity starts as the planned one.
func (r *resultSetResource) createValue(ctx context.Context, planned tftypes.Value, identity *tftypes.Value, private privateData,
	diags *diag.Diagnostics) (newState tftypes.Value, ok bool) {
	plan, configured, ok := setFromTerraform(ctx, planned)
	setID, idOK := identitySetter(identity)
	if !ok || !idOK {
		return planned, false
	}
	newState = tftypes.NewValue(planned.Type(), nil)
	defer recoverSet(ctx, "create", diags, nil)
	r.create(ctx, plan, configured, setID, directSaver(planned, &newState), private, diags)
	return newState, true
}

// updateValue is Update (directApplier): from the prior and the planned
// set, the new state (prior's until a change settles).
func (r *resultSetResource) updateValue(ctx context.Context, prior, planned tftypes.Value, identity *tftypes.Value, private privateData,
	diags *diag.Diagnostics) (newState tftypes.Value, ok bool) {
	plan, configured, ok := setFromTerraform(ctx, planned)
	_, priorEntries, priorOK := setFromTerraform(ctx, prior)
	setID, idOK := identitySetter(identity)
	if !ok || !priorOK || !idOK {
		return prior, false
	}
	newState = prior
	defer recoverSet(ctx, "update", diags, nil)
	r.update(ctx, plan, configured, priorEntries, setID, directSaver(planned, &newState), private, diags)
	return newState, true
}

// deleteValue is Delete (directApplier): from the prior set, the state
// left (prior's, with the results still there after a failure).
func (r *resultSetResource) deleteValue(ctx context.Context, prior tftypes.Value, diags *diag.Diagnostics) (newState tftypes.Value, ok bool) {
	state, priorEntries, ok := setFromTerraform(ctx, prior)
	if !ok {
		return prior, false
	}
	newState = prior
	defer recoverSet(ctx, "delete", diags, nil)
	r.deleteAll(ctx, state, priorEntries, directSaver(prior, &newState), diags)
	return newState, true
}

var _ directApplier = (*resultSetResource)(nil)
