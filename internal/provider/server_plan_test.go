package provider_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The provider's server answers the result set's plans itself
// (server_plan.go): unchanged ones, creates and changes. Every plan,
// whether it takes that path or not, must get the framework's answer:
// byte for byte where the protocol carries bytes (the private state),
// value for value in the planned state, and the same diagnostics (with
// their paths), paths to replace and identity. Each case also says
// whether the provider's server answers it itself, so that the table
// cannot pass by handing everything to the framework. The prior states
// are real ones: a set created, then refreshed, then imported, through
// the framework's own server.
func TestResultSetPlansAnswerAsTheFramework(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	servers := newServerPair(t, sb.BaseURL, sb.TokenURL)
	servers12 := newServerPair(t, sb.BaseURLV1p2, sb.TokenURL)
	unconfigured := newServerPair(t, "", "") // the provider's connection is not known until apply
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
	for _, li := range []struct {
		id       string
		min, max *model.Number
	}{{id: "plan-eq"}, {id: "plan-eq-new"}, {id: "plan-eq-12"}, {id: "plan-eq-adopt"}, {id: "plan-eq-range", min: number(0), max: number(10)}} {
		if _, err := oneroster.LineItems.Put(ctx, client, li.id, &model.LineItem{
			Title: "Quiz", AssignDate: "2025-09-01", DueDate: "2025-09-08", ResultValueMin: li.min, ResultValueMax: li.max,
			Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category},
		}); err != nil {
			t.Fatal(err)
		}
	}
	students := sb.Server.ActiveSourcedIDs("students", 4)
	newcomer := students[3]
	// A score a teacher entered for the first student, under an id of the
	// SIS's own: a set created on its line item adopts it.
	if _, err := oneroster.Results.Put(ctx, client, "teacher-entered", &model.Result{Base: model.Base{SourcedID: "teacher-entered", Status: model.StatusActive},
		LineItem: &model.Ref{SourcedID: "plan-eq-adopt"}, Student: &model.Ref{SourcedID: students[0]}, ScoreStatus: "fully graded",
		Score: number(5), ScoreDate: "2025-09-09"}); err != nil {
		t.Fatal(err)
	}

	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(f float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, f) }
	unknownString := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	// value builds a result set's configuration from its top-level
	// attributes, the others null.
	value := func(attrs map[string]tftypes.Value) tftypes.Value {
		all := nullObject(setType)
		for k, v := range attrs {
			all[k] = v
		}
		return tftypes.NewValue(setType, all)
	}
	// entry is one entry of results: a graded score, changed by attrs.
	entry := func(score float64, attrs map[string]tftypes.Value) tftypes.Value {
		e := nullObject(entryType)
		e["score"], e["score_status"], e["score_date"], e["comment"] = num(score), str("fully graded"), str("2025-09-09"), str("")
		for k, v := range attrs {
			e[k] = v
		}
		return tftypes.NewValue(entryType, e)
	}
	// results are the entries of the first three students, each with
	// score, changed by changes (by student; a null value drops one).
	results := func(score float64, changes map[string]tftypes.Value) tftypes.Value {
		m := map[string]tftypes.Value{}
		for _, s := range students[:3] {
			m[s] = entry(score, nil)
		}
		for s, e := range changes {
			if e.IsNull() {
				delete(m, s)
				continue
			}
			m[s] = e
		}
		return tftypes.NewValue(resultsType, m)
	}
	set := func(lineItem tftypes.Value, results tftypes.Value, attrs map[string]tftypes.Value) tftypes.Value {
		all := map[string]tftypes.Value{"line_item_sourced_id": lineItem, "results": results}
		for k, v := range attrs {
			all[k] = v
		}
		return value(all)
	}
	dyn := func(v tftypes.Value) *tfprotov6.DynamicValue {
		d, err := tfprotov6.NewDynamicValue(setType, v)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	stateValue := func(d *tfprotov6.DynamicValue) tftypes.Value {
		v, err := d.Unmarshal(setType)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	config := set(str("plan-eq"), results(7, nil), nil)

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
	if applied.NewIdentity == nil || refreshed.NewIdentity == nil {
		t.Fatal("the apply and the refresh gave the result set no identity")
	}
	prior := stateValue(refreshed.NewState)
	var state map[string]tftypes.Value
	if err := prior.As(&state); err != nil {
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
	// proposed is the proposed new state Terraform sends for config over
	// prior: the configuration, with existing_results and each entry's
	// sourced_id (computed) the prior state's where the configuration
	// leaves them null.
	proposed := func(config, prior tftypes.Value) tftypes.Value {
		if prior.IsNull() {
			return config
		}
		var c, p map[string]tftypes.Value
		_ = config.As(&c)
		_ = prior.As(&p)
		out := map[string]tftypes.Value{}
		for k, v := range c {
			out[k] = v
		}
		if c["existing_results"].IsNull() {
			out["existing_results"] = p["existing_results"]
		}
		var ce, pe map[string]tftypes.Value
		if c["results"].IsKnown() && !c["results"].IsNull() {
			_ = c["results"].As(&ce)
			_ = p["results"].As(&pe)
			entries := map[string]tftypes.Value{}
			for s, e := range ce {
				entries[s] = e
				var ea, pa map[string]tftypes.Value
				if before, ok := pe[s]; ok && e.IsKnown() && e.As(&ea) == nil && before.As(&pa) == nil {
					ea["sourced_id"] = pa["sourced_id"]
					entries[s] = tftypes.NewValue(entryType, ea)
				}
			}
			out["results"] = tftypes.NewValue(resultsType, entries)
		}
		return tftypes.NewValue(setType, out)
	}
	dates := func(applied, server map[string]string) []byte {
		a, _ := json.Marshal(applied)
		s, _ := json.Marshal(server)
		out, _ := json.Marshal(map[string]string{"applied_dates": base64.StdEncoding.EncodeToString(a),
			"server_dates": base64.StdEncoding.EncodeToString(s)})
		return out
	}
	timeoutsType := setType.AttributeTypes["timeouts"].(tftypes.Object)
	timeouts := nullObject(timeoutsType)
	timeouts["create"] = str("5m")
	drop := tftypes.NewValue(entryType, nil)
	full12 := entry(7, map[string]tftypes.Value{"text_score": str("B+"), "in_progress": tftypes.NewValue(tftypes.Bool, true),
		"learning_objective_scores": tftypes.NewValue(entryType.AttributeTypes["learning_objective_scores"], []tftypes.Value{
			tftypes.NewValue(entryType.AttributeTypes["learning_objective_scores"].(tftypes.List).ElementType, map[string]tftypes.Value{
				"source": str("case"), "id": str("lo-1"), "score": num(3), "text_score": tftypes.NewValue(tftypes.String, nil)}),
		})})
	bare := tftypes.NewValue(entryType, func() map[string]tftypes.Value { e := nullObject(entryType); e["score"] = num(5); return e }())
	released := tftypes.NewValue(setType.AttributeTypes["released_students"], []tftypes.Value{str(students[2])})
	unknownEntry := tftypes.NewValue(entryType, tftypes.UnknownValue)
	// plansAround checks that the plan leaves student's entry, wholly
	// unknown in the configuration, unknown, plans the others, and fails
	// on nothing.
	plansAround := func(student string) func(*testing.T, *tfprotov6.PlanResourceChangeResponse) {
		return func(t *testing.T, framework *tfprotov6.PlanResourceChangeResponse) {
			assertPlansAroundAnUnknownEntry(t, framework, setType, student)
		}
	}

	nullSet := tftypes.NewValue(setType, nil)
	update := func(name string, config tftypes.Value, wantDiagnostics int) planCase {
		return planCase{name: name, servers: servers, prior: prior, config: config, private: refreshed.Private, identity: refreshed.NewIdentity,
			direct: true, wantDiagnostics: wantDiagnostics}
	}
	create := func(name string, servers serverPair, config tftypes.Value, wantDiagnostics int) planCase {
		return planCase{name: name, servers: servers, prior: nullSet, config: config, direct: true, wantDiagnostics: wantDiagnostics}
	}
	applyState := stateValue(applied.NewState)
	importState := stateValue(importRead.NewState)
	destroyed := nullSet
	cases := []planCase{
		{name: "unchanged, after apply", servers: servers, prior: applyState, proposed: &applyState, config: config, private: applied.Private, direct: true},
		{name: "unchanged, after apply, with the identity the apply gave", servers: servers, prior: applyState, proposed: &applyState,
			config: config, private: applied.Private, identity: applied.NewIdentity, direct: true},
		{name: "unchanged, after refresh", servers: servers, prior: prior, config: config, private: refreshed.Private, direct: true},
		{name: "unchanged, after import", servers: servers, prior: importState, proposed: &importState, config: config, private: importRead.Private, direct: true},
		{name: "unchanged, private state of several keys", servers: servers, prior: prior, config: config,
			private: []byte(`{"z":"eyJhIjoxfQ==","a":"WzEsMl0="}`), direct: true},
		{name: "unchanged, private state the framework refuses", servers: servers, prior: prior, config: config, private: []byte(`{"a":"bm90IGpzb24="}`)},
		{name: "unchanged, private state not JSON", servers: servers, prior: prior, config: config, private: []byte(`not json`)},
		{name: "existing_results fail in state, unset in configuration (the default applies)", servers: servers,
			prior: with(map[string]tftypes.Value{"existing_results": str("fail")}), config: config, private: refreshed.Private, direct: true},

		create("create on 1.1", servers, set(str("plan-eq-new"), results(7, nil), nil), 0),
		create("create on 1.2: new results' sourcedIds are the server's", servers12, set(str("plan-eq-12"), results(7, nil), nil), 0),
		create("create on 1.2 with every 1.2 attribute", servers12, set(str("plan-eq-12"), results(7, map[string]tftypes.Value{students[0]: full12}), nil), 0),
		create("create on 1.2 without a score date", servers12,
			set(str("plan-eq-12"), results(7, map[string]tftypes.Value{students[1]: bare}), nil), 1),
		create("create on 1.1 with 1.2 attributes", servers, set(str("plan-eq-new"), results(7, map[string]tftypes.Value{students[0]: full12}), nil), 1),
		create("create adopting existing results", servers, set(str("plan-eq-adopt"), results(7, nil), nil), 1),
		create("create adopting existing results, on 1.2", servers12, set(str("plan-eq-adopt"), results(7, nil), nil), 1),
		create("create refusing existing results", servers,
			set(str("plan-eq-adopt"), results(7, nil), map[string]tftypes.Value{"existing_results": str("fail")}), 1),
		create("create where the results the set would write exist", servers, config, 0),
		create("create with explicit existing_results", servers,
			set(str("plan-eq-new"), results(7, nil), map[string]tftypes.Value{"existing_results": str("adopt")}), 0),
		create("create with timeouts", servers,
			set(str("plan-eq-new"), results(7, nil), map[string]tftypes.Value{"timeouts": tftypes.NewValue(timeoutsType, timeouts)}), 0),
		create("create with null optional attributes", servers, set(str("plan-eq-new"), results(7, map[string]tftypes.Value{students[0]: bare}), nil), 0),
		create("create with scores out of range", servers, set(str("plan-eq-range"), results(12, nil), nil), 1),
		create("create for a student not in the class", servers,
			set(str("plan-eq-new"), results(7, map[string]tftypes.Value{"not-a-student": entry(3, nil)}), nil), 1),
		create("create with blank optional strings", servers12, set(str("plan-eq-12"), results(7, map[string]tftypes.Value{
			students[0]: entry(4, map[string]tftypes.Value{"text_score": str(""), "score_scale_sourced_id": str("")})}), nil), 0),
		create("create, provider not configured", unconfigured, set(str("plan-eq-new"), results(7, nil), nil), 0),
		create("create with an unknown line item", servers, set(unknownString, results(7, nil), nil), 0),
		create("create with unknown results", servers, set(str("plan-eq-new"), tftypes.NewValue(resultsType, tftypes.UnknownValue), nil), 0),
		create("create with an unknown score", servers, set(str("plan-eq-new"), results(7, map[string]tftypes.Value{
			students[0]: entry(0, map[string]tftypes.Value{"score": tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)})}), nil), 0),

		update("a score changed", set(str("plan-eq"), results(8, nil), nil), 0),
		update("a student added", set(str("plan-eq"), results(7, map[string]tftypes.Value{newcomer: entry(9, nil)}), nil), 0),
		update("a student removed", set(str("plan-eq"), results(7, map[string]tftypes.Value{students[2]: drop}), nil), 0),
		update("a student released", set(str("plan-eq"), results(7, map[string]tftypes.Value{students[2]: drop}),
			map[string]tftypes.Value{"released_students": released}), 1),
		update("the line item changed: a replacement", set(str("plan-eq-new"), results(7, nil), nil), 0),
		update("an unknown line item", set(unknownString, results(7, nil), nil), 0),
		update("unknown results", set(str("plan-eq"), tftypes.NewValue(resultsType, tftypes.UnknownValue), nil), 0),
		update("an unknown score", set(str("plan-eq"), results(7, map[string]tftypes.Value{
			students[0]: entry(0, map[string]tftypes.Value{"score": tftypes.NewValue(tftypes.Number, tftypes.UnknownValue)})}), nil), 0),
		update("an unknown released student", set(str("plan-eq"), results(7, map[string]tftypes.Value{students[2]: drop}),
			map[string]tftypes.Value{"released_students": tftypes.NewValue(released.Type(), []tftypes.Value{unknownString})}), 0),
		update("the score date spelled otherwise, the same instant", set(str("plan-eq"), results(8, map[string]tftypes.Value{
			students[0]: entry(8, map[string]tftypes.Value{"score_date": str("2025-09-09T00:00:00.000Z")})}), nil), 0),
		update("existing_results fail in configuration, a student added", set(str("plan-eq"),
			results(7, map[string]tftypes.Value{newcomer: entry(9, nil)}), map[string]tftypes.Value{"existing_results": str("fail")}), 0),
		update("a score out of range is not checked on a line item without a range", set(str("plan-eq"), results(1e6, nil), nil), 0),
		update("timeouts set", set(str("plan-eq"), results(7, nil), map[string]tftypes.Value{"timeouts": tftypes.NewValue(timeoutsType, timeouts)}), 0),
		update("1.2 attributes against 1.1", set(str("plan-eq"), results(7, map[string]tftypes.Value{students[1]: full12}), nil), 1),
		{name: "a teacher's edit reverted", servers: servers, prior: prior, config: set(str("plan-eq"), results(8, nil), nil),
			private: dates(map[string]string{students[0]: "2025-01-01T00:00:00Z"}, map[string]string{students[0]: "2025-02-01T00:00:00Z"}),
			direct:  true, wantDiagnostics: 1},
		{name: "a change, no private state, no identity", servers: servers, prior: prior, config: set(str("plan-eq"), results(8, nil), nil), direct: true},
		{name: "a change, empty private state", servers: servers, prior: prior, config: set(str("plan-eq"), results(8, nil), nil),
			private: []byte(`{}`), direct: true},
		{name: "a change, private state of several keys", servers: servers, prior: prior, config: set(str("plan-eq"), results(8, nil), nil),
			private: []byte(`{"z":"eyJhIjoxfQ==","a":"WzEsMl0=",".f":"MQ=="}`), direct: true},
		{name: "a change, identity of a CLI without its data", servers: servers, prior: prior, config: set(str("plan-eq"), results(8, nil), nil),
			identity: &tfprotov6.ResourceIdentityData{}, direct: true},
		{name: "a change, private state of another SDK", servers: servers, prior: prior, config: set(str("plan-eq"), results(8, nil), nil),
			private: []byte(`{"a":{"b":1}}`)},
		{name: "a change, provider not configured", servers: unconfigured, prior: prior,
			config: set(str("plan-eq"), results(7, map[string]tftypes.Value{newcomer: entry(9, nil)}), nil), private: refreshed.Private, direct: true},
		{name: "an unknown entry", servers: servers, prior: prior, config: set(str("plan-eq"), results(7, map[string]tftypes.Value{newcomer: unknownEntry}), nil),
			private: refreshed.Private, check: plansAround(newcomer)},
		{name: "an unknown entry of a student in the set", servers: servers, prior: prior,
			config: set(str("plan-eq"), results(8, map[string]tftypes.Value{students[0]: unknownEntry}), nil), private: refreshed.Private,
			check: plansAround(students[0])},
		{name: "create with an unknown entry", servers: servers, prior: nullSet,
			config: set(str("plan-eq-new"), results(7, map[string]tftypes.Value{newcomer: unknownEntry}), nil), check: plansAround(newcomer)},
		{name: "create with an unknown entry, on 1.2", servers: servers12, prior: nullSet,
			config: set(str("plan-eq-12"), results(7, map[string]tftypes.Value{students[1]: unknownEntry}), nil), check: plansAround(students[1])},
		{name: "create adopting existing results, the adopted entry unknown", servers: servers, prior: nullSet,
			config: set(str("plan-eq-adopt"), results(7, map[string]tftypes.Value{students[0]: unknownEntry}), nil), check: plansAround(students[0])},
		{name: "destroy", servers: servers, prior: prior, proposed: &destroyed, config: nullSet, private: refreshed.Private},
	}
	checkPlansAnswerAsTheFramework(t, planSuite{typeName: "oneroster_result_set", stateType: setType, proposed: proposed, cases: cases})
}

func number(f float64) *model.Number {
	n := model.Number(f)
	return &n
}

// The gradebook records (the six kinds of the gradebook engine) answer
// their unchanged plans directly too, unless their ModifyPlan would act
// on them: a kind the server's version lacks (a score scale against 1.1)
// and attributes of another version held in state go to the framework,
// which refuses or clears them. The states are sampled, every attribute
// set or every optional one null, against a 1.1 server, a 1.2 server and
// a provider not configured yet (the CLI's validate walk); a plan of a
// record that stands as it is sends no request. The line item plans its
// creates and changes directly as well (planned below; its own cases are
// in TestLineItemPlansAnswerAsTheFramework).
func TestGradebookPlansAnswerAsTheFramework(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	for _, server := range []struct{ name, baseURL string }{{"1.1", sb.BaseURL}, {"1.2", sb.BaseURLV1p2}, {"unconfigured", ""}} {
		servers := newServerPair(t, server.baseURL, sb.TokenURL)
		schemas, err := servers.framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			t.Fatal(err)
		}
		kindsOfV1p1 := []string{"oneroster_category", "oneroster_line_item", "oneroster_result"}
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
				direct          bool // an unchanged plan the server answers itself
				every           bool // every attribute set, 1.2's too
				planned         bool // a kind that plans directly (the line item) answers it itself
			}{
				{name: "unchanged, optional attributes null", prior: required, proposed: required, direct: true},
				{name: "unchanged, optional attributes null, with identity", prior: required, proposed: required,
					identity: &tfprotov6.ResourceIdentityData{IdentityData: &identity}, direct: true},
				{name: "unchanged, optional attributes null, private state", prior: required, proposed: required,
					private: []byte(`{"z":"eyJhIjoxfQ==","a":"WzEsMl0="}`), direct: true},
				{name: "unchanged, private state the framework refuses", prior: required, proposed: required, private: []byte(`{"a":"bm90IGpzb24="}`)},
				{name: "unchanged, every attribute set", prior: full, proposed: full, direct: true, every: true, planned: true},
				{name: "a date spelled otherwise", prior: with(required, "date_last_modified", str("2025-09-01T00:00:00Z")),
					proposed: with(required, "date_last_modified", str("2025-09-01T00:00:00.000Z")), planned: true},
				{name: "sourced_id changed (replacement)", prior: required, proposed: with(required, "sourced_id", str("another")), planned: true},
				{name: "create", prior: null, proposed: required, planned: true},
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
					// The server answers the unchanged plans itself, but for a
					// kind or attributes of 1.2 against 1.1, which the
					// framework's plan refuses or clears.
					of1p2 := tc.every || !slices.Contains(kindsOfV1p1, typeName)
					direct := tc.direct && (server.name != "1.1" || !of1p2) || tc.planned && typeName == "oneroster_line_item"
					if got := provider.AnswersPlanItself(servers.ours, &tfprotov6.PlanResourceChangeRequest{
						TypeName: typeName, PriorState: value(tc.prior), ProposedNewState: value(tc.proposed), Config: config,
						PriorPrivate: tc.private, PriorIdentity: tc.identity,
					}); got != direct {
						t.Errorf("answered directly: %v, want %v", got, direct)
					}
				})
			}
		}
	}
}

// assertPlansAroundAnUnknownEntry checks a plan whose configuration holds
// student's entry wholly unknown: no error, that entry still unknown, and
// every other entry planned, with a score and a sourcedId (known or not).
func assertPlansAroundAnUnknownEntry(t *testing.T, resp *tfprotov6.PlanResourceChangeResponse, setType tftypes.Object, student string) {
	t.Helper()
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("the plan failed: %s: %s", d.Summary, d.Detail)
		}
	}
	planned, err := resp.PlannedState.Unmarshal(setType)
	if err != nil {
		t.Fatal(err)
	}
	var attrs, entries map[string]tftypes.Value
	if err := planned.As(&attrs); err != nil {
		t.Fatal(err)
	}
	if err := attrs["results"].As(&entries); err != nil {
		t.Fatal(err)
	}
	if e, ok := entries[student]; !ok || e.IsKnown() {
		t.Errorf("the entry of %s is %v in the plan, want unknown", student, e)
	}
	if len(entries) < 2 {
		t.Fatalf("the plan holds %d entries, want the others too", len(entries))
	}
	for s, e := range entries {
		var ea map[string]tftypes.Value
		if s == student {
			continue
		}
		if err := e.As(&ea); err != nil || !ea["score"].IsKnown() || ea["score"].IsNull() || ea["sourced_id"].IsNull() {
			t.Errorf("the entry of %s is %v in the plan, want one planned", s, e)
		}
	}
}
