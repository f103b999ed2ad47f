package provider

import (
	"testing"

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
