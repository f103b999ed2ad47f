package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A result set's plan, in three parts, as its read (result_set_read.go):
// planEntries (result_set_resource.go) decides the plan's entries from
// plain values; ModifyPlan hands it the plan through the framework, and
// modifyPlanValue through the provider's own server (server_plan.go),
// which answers a create's or a change's plan without the framework's
// walks over every value of the set. server_plan_test.go holds the two
// answers equal.

// modifyPlanValue is ModifyPlan on the protocol's values (directPlanner):
// plan is the planned state as the framework hands it to ModifyPlan
// (defaults set, computed values unknown, attribute plan modifiers run),
// state the prior one (null for a create). It returns the plan ModifyPlan
// would leave, plan itself when it leaves it alone (after an error too).
// ok is false, before any request is sent, for values it does not read
// as ModifyPlan would (the server then asks the framework).
func (r *resultSetResource) modifyPlanValue(ctx context.Context, _ schema.Schema, _, plan, state tftypes.Value, private privateData,
	diags *diag.Diagnostics) (newPlan tftypes.Value, ok bool) {
	newPlan = plan
	defer recoverSet(ctx, "plan", diags, nil)
	if plan.IsNull() || plan.Equal(state) {
		// Destroy, or nothing changed: the state's sourcedIds stand.
		return plan, true
	}
	var attrs, prior map[string]tftypes.Value
	if plan.As(&attrs) != nil || (!state.IsNull() && state.As(&prior) != nil) {
		return plan, false
	}
	results := attrs["results"]
	if !attrs["line_item_sourced_id"].IsKnown() || !results.IsKnown() || results.IsNull() {
		// Nothing to fill in before the line item and the results are known.
		return plan, true
	}
	p := setPlan{isNew: state.IsNull(), priorLineItem: types.StringNull(), prior: map[string]resultSetEntry{}}
	var okLine, okPrior, okExisting, okReleased bool
	p.lineItem, okLine = frameworkString(ctx, attrs["line_item_sourced_id"])
	p.existingResults, okExisting = frameworkString(ctx, attrs["existing_results"])
	p.released, okReleased = releasedFromTerraform(attrs["released_students"])
	if p.entries, ok = entriesFromTerraform(ctx, results); !ok || !okLine || !okExisting || !okReleased {
		return plan, false
	}
	if !p.isNew {
		p.priorLineItem, okPrior = frameworkString(ctx, prior["line_item_sourced_id"])
		if priorResults := prior["results"]; okPrior && !priorResults.IsNull() {
			p.prior, okPrior = entriesFromTerraform(ctx, priorResults)
		}
		if !okPrior {
			return plan, false
		}
	}
	// From here on the answer is this path's, a panic's (recoverSet) too:
	// the framework's would be the same, and a request may be sent.
	ok = true
	if !r.planEntries(ctx, &p, private, diags) {
		return plan, true
	}
	v, err := entriesToTerraform(ctx, p.entries, results.Type())
	if err != nil {
		diags.AddError("Cannot record the result set's plan", "The planned results could not be encoded; this is a bug in the provider: "+err.Error())
		return plan, true
	}
	attrs = maps.Clone(attrs) // As handed out the plan's own map
	attrs["results"] = v
	return tftypes.NewValue(plan.Type(), attrs), true
}

// frameworkString is v as the framework's string; false when v is not one.
func frameworkString(ctx context.Context, v tftypes.Value) (types.String, bool) {
	s, err := types.StringType.ValueFromTerraform(ctx, v)
	if err != nil {
		return types.String{}, false
	}
	out, ok := s.(types.String)
	return out, ok
}

// releasedFromTerraform is releasedOf on the protocol's value of
// released_students: its known students; false when v is not a set of
// strings.
func releasedFromTerraform(v tftypes.Value) (map[string]bool, bool) {
	out := map[string]bool{}
	if !v.Type().Equal(tftypes.Set{ElementType: tftypes.String}) {
		return nil, false
	}
	if !v.IsKnown() || v.IsNull() {
		return out, true
	}
	var elems []tftypes.Value
	if v.As(&elems) != nil {
		return nil, false
	}
	for _, e := range elems {
		var s string
		if !e.IsKnown() || e.IsNull() {
			continue
		}
		if e.As(&s) != nil {
			return nil, false
		}
		out[s] = true
	}
	return out, true
}

var _ directPlanner = (*resultSetResource)(nil)
