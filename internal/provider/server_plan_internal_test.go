package provider

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The server answers the unchanged plans of the result set and of the
// gradebook records itself, and only those (server_plan_test.go holds
// every answer equal to the framework's; this test holds that the short
// path is the one taken).
func TestUnchangedPlansTakeTheShortPath(t *testing.T) {
	srv := newTestServer(t)
	set, ok := srv.unchangedPlans["oneroster_result_set"]
	if !ok {
		t.Fatalf("the result set does not answer its unchanged plans; types that do: %v", srv.unchangedPlans)
	}
	gradebook := []string{"oneroster_category", "oneroster_line_item", "oneroster_result", "oneroster_score_scale",
		"oneroster_assessment_line_item", "oneroster_assessment_result"}
	for _, name := range gradebook {
		if got, ok := srv.unchangedPlans[name]; !ok || got.plansNothing == nil {
			t.Errorf("%s does not answer its unchanged plans behind its guard", name)
		}
	}
	if len(srv.unchangedPlans) != 1+len(gradebook) {
		t.Errorf("types answering their unchanged plans: %v, want oneroster_result_set and the gradebook records %v", srv.unchangedPlans, gradebook)
	}
	if d := set.defaults["existing_results"]; len(set.defaults) != 1 || !d.Equal(tftypes.NewValue(tftypes.String, existingAdopt)) {
		t.Errorf("defaults: %v, want existing_results = %q", set.defaults, existingAdopt)
	}
	setType := set.stateType.(tftypes.Object)
	value := func(existing string, score any) *tfprotov6.DynamicValue {
		attrs := nullAttributes(setType)
		attrs["line_item_sourced_id"] = tftypes.NewValue(tftypes.String, "li")
		attrs["existing_results"] = tftypes.NewValue(tftypes.String, existing)
		resultsType := setType.AttributeTypes["results"].(tftypes.Map)
		entryType := resultsType.ElementType.(tftypes.Object)
		entry := nullAttributes(entryType)
		entry["score"] = tftypes.NewValue(tftypes.Number, score)
		attrs["results"] = tftypes.NewValue(resultsType, map[string]tftypes.Value{"s1": tftypes.NewValue(entryType, entry)})
		d, err := tfprotov6.NewDynamicValue(setType, tftypes.NewValue(setType, attrs))
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	for _, tc := range []struct {
		name            string
		prior, proposed *tfprotov6.DynamicValue
		private         []byte
		short           bool
	}{
		{"unchanged", value(existingAdopt, 7), value(existingAdopt, 7), []byte(`{"k":"e30="}`), true},
		{"a score changed", value(existingAdopt, 7), value(existingAdopt, 8), nil, false},
		{"existing_results other than its default", value(existingFail, 7), value(existingFail, 7), nil, false},
		{"an unknown value", value(existingAdopt, tftypes.UnknownValue), value(existingAdopt, tftypes.UnknownValue), nil, false},
		{"private state the framework refuses", value(existingAdopt, 7), value(existingAdopt, 7), []byte(`{"k":""}`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, ok := set.unchangedPlan(&tfprotov6.PlanResourceChangeRequest{
				TypeName: "oneroster_result_set", PriorState: tc.prior, ProposedNewState: tc.proposed, Config: tc.proposed, PriorPrivate: tc.private,
			})
			if ok != tc.short {
				t.Fatalf("short path taken: %v, want %v", ok, tc.short)
			}
			if ok && string(resp.PlannedState.MsgPack) != string(tc.proposed.MsgPack) {
				t.Errorf("planned state is not the proposed one")
			}
		})
	}
}

// The server plans a type itself only when the framework's steps over its
// schema are the ones server_plan.go takes: the result set's are read as
// such (its entries' computed sourced_id, its line item's RequiresReplace,
// its score dates' sameInstant), and a schema with anything else planned
// (a modifier of another kind, an object's own, something computed in a
// list) is left to the framework.
func TestDirectPlansReadTheSchemasSteps(t *testing.T) {
	srv := newTestServer(t)
	if got := slices.Sorted(maps.Keys(srv.directPlans)); !slices.Equal(got, []string{"oneroster_line_item", "oneroster_result_set"}) {
		t.Fatalf("types answering their plans: %v, want the result set and the line item (the gradebook kind that opts in)", got)
	}
	if got := slices.Sorted(maps.Keys(srv.directReads)); !slices.Equal(got, []string{"oneroster_line_item", "oneroster_result_set"}) {
		t.Errorf("types answering their reads: %v, want the result set and the line item (the gradebook kind that opts in)", got)
	}
	set := srv.directPlans["oneroster_result_set"]
	if len(set.computed) != 0 || len(set.modifiers) != 1 || len(set.modifiers["line_item_sourced_id"]) != 1 {
		t.Errorf("top-level steps: computed %v, modifiers %v; want only line_item_sourced_id's RequiresReplace", set.computed, set.modifiers)
	}
	entries := set.nestedMaps["results"]
	if len(set.nestedMaps) != 1 || !slices.Equal(entries.computed, []string{"sourced_id"}) || len(entries.modifiers) != 1 ||
		len(entries.modifiers["score_date"]) != 1 {
		t.Errorf("the entries' steps: %+v, want sourced_id computed and score_date's sameInstant", set.nestedMaps)
	}
	str := schema.StringAttribute{Optional: true}
	for name, attrs := range map[string]map[string]schema.Attribute{
		"a bool's plan modifier": {"b": schema.BoolAttribute{Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}}},
		"a map's own plan modifier": {"m": schema.MapNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{"s": str}}, PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()}}},
		"an entry object's plan modifier": {"m": schema.MapNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{"s": str}, PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplace()}}}},
		"a computed attribute in a list": {"l": schema.ListNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{"s": schema.StringAttribute{Computed: true}}}}},
		"a computed attribute in an entry's list": {"m": schema.MapNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{"l": schema.ListNestedAttribute{Optional: true, NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{"s": schema.StringAttribute{Computed: true}}}}}}}},
		"a write-only attribute": {"w": schema.StringAttribute{Optional: true, WriteOnly: true}},
	} {
		sch := schema.Schema{Attributes: attrs}
		unchanged, ok := newUnchangedPlanType(context.Background(), sch)
		if !ok {
			t.Fatalf("%s: no unchanged plan type", name)
		}
		if _, ok := newDirectPlanType(newResultSetResource, sch, unchanged); ok {
			t.Errorf("%s: the server would plan it itself", name)
		}
	}
}
