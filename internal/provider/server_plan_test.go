package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The provider's server answers unchanged plans of result sets itself
// (server_plan.go): every plan, whether it takes that path or not, must
// get the framework's answer, byte for byte where the protocol carries
// bytes (the private state) and value for value in the planned state.
// The prior states are real ones: a set created, then refreshed, then
// imported, through the framework's own server.
func TestResultSetPlansAnswerAsTheFramework(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	servers := newServerPair(t, sb.BaseURL, sb.TokenURL)
	framework := servers.framework
	schemas, err := framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	setType := schemas.ResourceSchemas["oneroster_result_set"].ValueType().(tftypes.Object)
	resultsType := setType.AttributeTypes["results"].(tftypes.Map)
	entryType := resultsType.ElementType.(tftypes.Object)
	x := sb.Server.Sample()
	client := sandboxClient(t, sb, sb.BaseURL)
	if _, err := oneroster.LineItems.Put(ctx, client, "plan-eq", &model.LineItem{
		Title: "Quiz", AssignDate: "2025-09-01", DueDate: "2025-09-08",
		Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category},
	}); err != nil {
		t.Fatal(err)
	}
	students := sb.Server.ActiveSourcedIDs("students", 3)

	// value builds a result set's configuration (or state) from its
	// top-level attributes, the others null.
	value := func(attrs map[string]tftypes.Value) tftypes.Value {
		all := nullObject(setType)
		for k, v := range attrs {
			all[k] = v
		}
		return tftypes.NewValue(setType, all)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	entries := func(score float64, withIDs map[string]tftypes.Value) tftypes.Value {
		m := map[string]tftypes.Value{}
		for _, s := range students {
			e := nullObject(entryType)
			e["score"] = tftypes.NewValue(tftypes.Number, score)
			e["score_status"] = str("fully graded")
			e["score_date"] = str("2025-09-09")
			e["comment"] = str("")
			if id, ok := withIDs[s]; ok {
				e["sourced_id"] = id
			}
			m[s] = tftypes.NewValue(entryType, e)
		}
		return tftypes.NewValue(resultsType, m)
	}
	dyn := func(v tftypes.Value) *tfprotov6.DynamicValue {
		d, err := tfprotov6.NewDynamicValue(setType, v)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	config := value(map[string]tftypes.Value{"line_item_sourced_id": str("plan-eq"), "results": entries(7, nil)})

	// A real state: created through the framework.
	none := dyn(tftypes.NewValue(setType, nil))
	plan, err := framework.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "oneroster_result_set", PriorState: none, ProposedNewState: dyn(config), Config: dyn(config),
	})
	if err != nil || hasError(plan.Diagnostics) {
		t.Fatalf("plan: %v %v", err, plan.Diagnostics)
	}
	applied, err := framework.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "oneroster_result_set", PriorState: none, PlannedState: plan.PlannedState, Config: dyn(config), PlannedPrivate: plan.PlannedPrivate,
	})
	if err != nil || hasError(applied.Diagnostics) {
		t.Fatalf("apply: %v %v", err, applied.Diagnostics)
	}
	refreshed, err := framework.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: "oneroster_result_set", CurrentState: applied.NewState, Private: applied.Private,
	})
	if err != nil || hasError(refreshed.Diagnostics) {
		t.Fatalf("read: %v %v", err, refreshed.Diagnostics)
	}
	imported, err := framework.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "oneroster_result_set", ID: "plan-eq"})
	if err != nil || hasError(imported.Diagnostics) || len(imported.ImportedResources) != 1 {
		t.Fatalf("import: %v %v", err, imported)
	}
	importRead, err := framework.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
		TypeName: "oneroster_result_set", CurrentState: imported.ImportedResources[0].State, Private: imported.ImportedResources[0].Private,
	})
	if err != nil || hasError(importRead.Diagnostics) {
		t.Fatalf("read after import: %v %v", err, importRead.Diagnostics)
	}
	stateValue := func(d *tfprotov6.DynamicValue) tftypes.Value {
		v, err := d.Unmarshal(setType)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var state map[string]tftypes.Value
	if err := stateValue(refreshed.NewState).As(&state); err != nil {
		t.Fatal(err)
	}
	with := func(attrs map[string]tftypes.Value) tftypes.Value {
		all := map[string]tftypes.Value{}
		for k, v := range state {
			all[k] = v
		}
		for k, v := range attrs {
			all[k] = v
		}
		return tftypes.NewValue(setType, all)
	}
	ids := map[string]tftypes.Value{}
	var results map[string]tftypes.Value
	if err := state["results"].As(&results); err != nil {
		t.Fatal(err)
	}
	for s, e := range results {
		var attrs map[string]tftypes.Value
		if err := e.As(&attrs); err != nil {
			t.Fatal(err)
		}
		ids[s] = attrs["sourced_id"]
	}
	unknownScore := entries(7, ids)
	{
		var m map[string]tftypes.Value
		_ = unknownScore.As(&m)
		var e map[string]tftypes.Value
		_ = m[students[0]].As(&e)
		e["score"] = tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)
		m[students[0]] = tftypes.NewValue(entryType, e)
		unknownScore = tftypes.NewValue(resultsType, m)
	}
	if applied.NewIdentity == nil || refreshed.NewIdentity == nil {
		t.Fatal("the apply and the refresh gave the result set no identity")
	}
	failing := with(map[string]tftypes.Value{"existing_results": str("fail")})
	replaced := with(map[string]tftypes.Value{"line_item_sourced_id": str("plan-eq-2")})

	for _, tc := range []struct {
		name                    string
		prior, proposed, config tftypes.Value
		private                 []byte
		identity                *tfprotov6.ResourceIdentityData // the prior identity; nil as from a CLI without identities
	}{
		{name: "unchanged, after apply", prior: stateValue(applied.NewState), proposed: stateValue(applied.NewState), config: config, private: applied.Private},
		{name: "unchanged, after apply, with the identity the apply gave", prior: stateValue(applied.NewState), proposed: stateValue(applied.NewState),
			config: config, private: applied.Private, identity: applied.NewIdentity},
		{name: "unchanged, after refresh, with the identity the refresh gave", prior: with(nil), proposed: with(nil), config: config,
			private: refreshed.Private, identity: refreshed.NewIdentity},
		{name: "unchanged, after refresh", prior: with(nil), proposed: with(nil), config: config, private: refreshed.Private},
		{name: "unchanged, after import", prior: stateValue(importRead.NewState), proposed: stateValue(importRead.NewState), config: config,
			private: importRead.Private},
		{name: "unchanged, no private state", prior: with(nil), proposed: with(nil), config: config},
		{name: "unchanged, empty private state", prior: with(nil), proposed: with(nil), config: config, private: []byte(`{}`)},
		{name: "unchanged, private state of several keys", prior: with(nil), proposed: with(nil), config: config,
			private: []byte(`{"z":"eyJhIjoxfQ==","a":"WzEsMl0="}`)},
		{name: "unchanged, private state the framework refuses", prior: with(nil), proposed: with(nil), config: config, private: []byte(`{"a":"bm90IGpzb24="}`)},
		{name: "unchanged, private state of another SDK", prior: with(nil), proposed: with(nil), config: config, private: []byte(`{"a":{"b":1}}`)},
		{name: "unchanged, private state not JSON", prior: with(nil), proposed: with(nil), config: config, private: []byte(`not json`)},
		{name: "a score changed", prior: with(nil), proposed: with(map[string]tftypes.Value{"results": entries(8, ids)}),
			config: value(map[string]tftypes.Value{"line_item_sourced_id": str("plan-eq"), "results": entries(8, nil)}), private: refreshed.Private},
		{name: "an unknown score", prior: with(nil), proposed: with(map[string]tftypes.Value{"results": unknownScore}),
			config: value(map[string]tftypes.Value{"line_item_sourced_id": str("plan-eq"), "results": unknownScore}), private: refreshed.Private},
		{name: "existing_results fail in state, unset in configuration (the default applies)", prior: failing, proposed: failing, config: config,
			private: refreshed.Private},
		{name: "existing_results fail in state and configuration", prior: failing, proposed: failing,
			config:  value(map[string]tftypes.Value{"line_item_sourced_id": str("plan-eq"), "results": entries(7, nil), "existing_results": str("fail")}),
			private: refreshed.Private},
		{name: "replacement", prior: with(nil), proposed: replaced,
			config: value(map[string]tftypes.Value{"line_item_sourced_id": str("plan-eq-2"), "results": entries(7, nil)}), private: refreshed.Private},
		{name: "create", prior: tftypes.NewValue(setType, nil), proposed: config, config: config},
		{name: "destroy", prior: with(nil), proposed: tftypes.NewValue(setType, nil), config: tftypes.NewValue(setType, nil), private: refreshed.Private},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := func() *tfprotov6.PlanResourceChangeRequest {
				return &tfprotov6.PlanResourceChangeRequest{
					TypeName: "oneroster_result_set", PriorState: dyn(tc.prior), ProposedNewState: dyn(tc.proposed), Config: dyn(tc.config),
					PriorPrivate: tc.private, PriorIdentity: tc.identity,
				}
			}
			got, want := askBoth(t, servers, func(s tfprotov6.ProviderServer) (*tfprotov6.PlanResourceChangeResponse, error) {
				return s.PlanResourceChange(ctx, req())
			})
			assertSameAnswer(t, setType, planAnswer(got), planAnswer(want))
		})
	}
}

// The gradebook records (the six kinds of the gradebook engine) answer
// their unchanged plans directly too, unless their ModifyPlan would act
// on them: a kind the server's version lacks (a score scale against 1.1)
// and attributes of another version held in state go to the framework,
// which refuses or clears them. The states are sampled, every attribute
// set or every optional one null, against a 1.1 server, a 1.2 server and
// a provider not configured yet (the CLI's validate walk); a plan of a
// record that stands as it is sends no request.
func TestGradebookPlansAnswerAsTheFramework(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	for _, server := range []struct{ name, baseURL string }{{"1.1", sb.BaseURL}, {"1.2", sb.BaseURLV1p2}, {"unconfigured", ""}} {
		servers := newServerPair(t, server.baseURL, sb.TokenURL)
		schemas, err := servers.framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, typeName := range []string{"oneroster_category", "oneroster_line_item", "oneroster_result", "oneroster_score_scale",
			"oneroster_assessment_line_item", "oneroster_assessment_result"} {
			sch, ok := schemas.ResourceSchemas[typeName]
			if !ok {
				t.Fatalf("no resource type %s", typeName)
			}
			typ := sch.ValueType().(tftypes.Object)
			// full has every attribute set; required keeps only the
			// required ones and the computed ones that cannot be
			// configured, the others null.
			var full map[string]tftypes.Value
			if err := sampleValue(typ, 1).As(&full); err != nil {
				t.Fatal(err)
			}
			required := map[string]tftypes.Value{}
			configOf := func(state map[string]tftypes.Value) map[string]tftypes.Value {
				config := map[string]tftypes.Value{}
				for name, v := range state {
					config[name] = v
				}
				for _, a := range sch.Block.Attributes {
					if a.Computed && !a.Optional {
						config[a.Name] = tftypes.NewValue(typ.AttributeTypes[a.Name], nil)
					}
				}
				return config
			}
			for _, a := range sch.Block.Attributes {
				required[a.Name] = full[a.Name]
				if a.Optional {
					required[a.Name] = tftypes.NewValue(typ.AttributeTypes[a.Name], nil)
				}
			}
			with := func(base map[string]tftypes.Value, name string, v tftypes.Value) map[string]tftypes.Value {
				out := map[string]tftypes.Value{}
				for k, x := range base {
					out[k] = x
				}
				out[name] = v
				return out
			}
			str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
			identityType := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"sourced_id": tftypes.String}}
			identity, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{"sourced_id": full["sourced_id"]}))
			if err != nil {
				t.Fatal(err)
			}
			null := map[string]tftypes.Value(nil)
			for _, tc := range []struct {
				name            string
				prior, proposed map[string]tftypes.Value // nil: null
				private         []byte
				identity        *tfprotov6.ResourceIdentityData
			}{
				{name: "unchanged, optional attributes null", prior: required, proposed: required},
				{name: "unchanged, optional attributes null, with identity", prior: required, proposed: required,
					identity: &tfprotov6.ResourceIdentityData{IdentityData: &identity}},
				{name: "unchanged, optional attributes null, private state", prior: required, proposed: required,
					private: []byte(`{"z":"eyJhIjoxfQ==","a":"WzEsMl0="}`)},
				{name: "unchanged, private state the framework refuses", prior: required, proposed: required, private: []byte(`{"a":"bm90IGpzb24="}`)},
				{name: "unchanged, every attribute set", prior: full, proposed: full},
				{name: "a date spelled otherwise", prior: with(required, "date_last_modified", str("2025-09-01T00:00:00Z")),
					proposed: with(required, "date_last_modified", str("2025-09-01T00:00:00.000Z"))},
				{name: "sourced_id changed (replacement)", prior: required, proposed: with(required, "sourced_id", str("another"))},
				{name: "create", prior: null, proposed: required},
				{name: "destroy", prior: required, proposed: null},
			} {
				t.Run(server.name+"/"+typeName+"/"+tc.name, func(t *testing.T) {
					value := func(attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
						v := tftypes.NewValue(typ, nil)
						if attrs != nil {
							v = tftypes.NewValue(typ, attrs)
						}
						d, err := tfprotov6.NewDynamicValue(typ, v)
						if err != nil {
							t.Fatal(err)
						}
						return &d
					}
					config := value(nil)
					if tc.proposed != nil {
						config = value(configOf(tc.proposed))
					}
					got, want := askBoth(t, servers, func(s tfprotov6.ProviderServer) (*tfprotov6.PlanResourceChangeResponse, error) {
						return s.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
							TypeName: typeName, PriorState: value(tc.prior), ProposedNewState: value(tc.proposed), Config: config,
							PriorPrivate: tc.private, PriorIdentity: tc.identity,
						})
					})
					assertSameAnswer(t, typ, planAnswer(got), planAnswer(want))
				})
			}
		}
	}
}
