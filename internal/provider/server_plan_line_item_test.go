package provider_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The provider's server plans a line item's creates and changes itself
// (server_plan.go, with the line item's own ModifyPlan run on the
// protocol's values: its version rules, its write-scope check, the 1.2
// school read from the class, the stamp kept when nothing else changed).
// Every plan, whether it takes that path or not, must get the
// framework's answer, as TestResultSetPlansAnswerAsTheFramework holds
// the result set's: the planned state value for value, the private state
// byte for byte, the same diagnostics, paths to replace and identity.
// Each case says whether the provider's server answers it itself. The
// prior states are real: created through the framework on a 1.1 and on a
// 1.2 server, then refreshed.
func TestLineItemPlansAnswerAsTheFramework(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	servers := newServerPair(t, sb.BaseURL, sb.TokenURL)
	servers12 := newServerPair(t, sb.BaseURLV1p2, sb.TokenURL)
	unconfigured := newServerPair(t, "", "")
	// A token of only the roster's read scope: ModifyPlan refuses writes.
	readOnly := newServerPair(t, "", "")
	for _, s := range []tfprotov6.ProviderServer{readOnly.framework, readOnly.ours} {
		configureProvider(t, s, sb.BaseURL, sb.TokenURL, func(cfg map[string]tftypes.Value) {
			oauth := cfg["oauth2_client_credentials"]
			var attrs map[string]tftypes.Value
			if err := oauth.As(&attrs); err != nil {
				t.Fatal(err)
			}
			attrs["client_id"] = tftypes.NewValue(tftypes.String, sandbox.ReadOnlyClientID)
			attrs["client_secret"] = tftypes.NewValue(tftypes.String, sandbox.ReadOnlyClientSecret)
			cfg["oauth2_client_credentials"] = tftypes.NewValue(oauth.Type(), attrs)
		})
	}
	schemas, err := servers.framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	const typeName = "oneroster_line_item"
	itemType := schemas.ResourceSchemas[typeName].ValueType().(tftypes.Object)
	x := sb.Server.Sample()
	classes := sb.Server.ActiveSourcedIDs("classes", 2)
	otherClass := classes[0]
	if otherClass == x.Class {
		otherClass = classes[1]
	}

	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(f float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, f) }
	unknown := func(name string) tftypes.Value {
		return tftypes.NewValue(itemType.AttributeTypes[name], tftypes.UnknownValue)
	}
	null := func(name string) tftypes.Value { return tftypes.NewValue(itemType.AttributeTypes[name], nil) }
	// item is a configuration: the required attributes, changed by attrs.
	item := func(id string, attrs map[string]tftypes.Value) tftypes.Value {
		all := nullObject(itemType)
		all["sourced_id"], all["title"], all["assign_date"], all["due_date"] = str(id), str("Quiz"), str("2025-09-01"), str("2025-09-08")
		all["class_sourced_id"], all["category_sourced_id"] = str(x.Class), str(x.Category)
		if id == "" {
			all["sourced_id"] = null("sourced_id")
		}
		for k, v := range attrs {
			all[k] = v
		}
		return tftypes.NewValue(itemType, all)
	}
	dyn := func(v tftypes.Value) *tfprotov6.DynamicValue {
		d, err := tfprotov6.NewDynamicValue(itemType, v)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	stateValue := func(d *tfprotov6.DynamicValue) tftypes.Value {
		v, err := d.Unmarshal(itemType)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	nullItem := tftypes.NewValue(itemType, nil)
	// created creates config through the framework and refreshes it: the
	// state, private state and identity a CLI holds after an apply.
	created := func(servers serverPair, config tftypes.Value) *tfprotov6.ReadResourceResponse {
		framework := servers.framework
		plan, err := framework.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, PriorState: dyn(nullItem), ProposedNewState: dyn(config), Config: dyn(config),
		})
		if err != nil || hasError(plan.Diagnostics) {
			t.Fatalf("plan: %v %v", err, plan.Diagnostics)
		}
		applied, err := framework.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: typeName, PriorState: dyn(nullItem), PlannedState: plan.PlannedState, Config: dyn(config), PlannedPrivate: plan.PlannedPrivate,
		})
		if err != nil || hasError(applied.Diagnostics) {
			t.Fatalf("apply: %v %v", err, diagnosticsText(applied.Diagnostics))
		}
		read, err := framework.ReadResource(ctx, &tfprotov6.ReadResourceRequest{
			TypeName: typeName, CurrentState: applied.NewState, Private: applied.Private, CurrentIdentity: applied.NewIdentity,
		})
		if err != nil || hasError(read.Diagnostics) || read.NewIdentity == nil {
			t.Fatalf("read: %v %v", err, read)
		}
		return read
	}
	objectivesType := itemType.AttributeTypes["learning_objectives"].(tftypes.List)
	objectiveType := objectivesType.ElementType.(tftypes.Object)
	objectives := tftypes.NewValue(objectivesType, []tftypes.Value{tftypes.NewValue(objectiveType, map[string]tftypes.Value{
		"source": str("case"), "ids": tftypes.NewValue(objectiveType.AttributeTypes["ids"], []tftypes.Value{str("lo-1"), str("lo-2")})})})
	config11 := item("plan-li", map[string]tftypes.Value{"description": str("Chapter 1"), "result_value_min": num(0), "result_value_max": num(10)})
	config12 := item("plan-li-12", map[string]tftypes.Value{"learning_objectives": objectives})
	read11, read12 := created(servers, config11), created(servers12, config12)
	prior11, prior12 := stateValue(read11.NewState), stateValue(read12.NewState)

	// proposed is the proposed new state Terraform sends for config over
	// prior: the configuration, with each computed attribute the prior
	// state's where the configuration leaves it null.
	proposed := func(config, prior tftypes.Value) tftypes.Value {
		if prior.IsNull() || config.IsNull() {
			return config
		}
		var c, p map[string]tftypes.Value
		_ = config.As(&c)
		_ = prior.As(&p)
		out := map[string]tftypes.Value{}
		for k, v := range c {
			out[k] = v
		}
		for _, a := range schemas.ResourceSchemas[typeName].Block.Attributes {
			if a.Computed && c[a.Name].IsNull() {
				out[a.Name] = p[a.Name]
			}
		}
		return tftypes.NewValue(itemType, out)
	}
	timeoutsType := itemType.AttributeTypes["timeouts"].(tftypes.Object)
	timeouts := nullObject(timeoutsType)
	timeouts["create"], timeouts["update"] = str("5m"), str("1m")

	create := func(name string, servers serverPair, config tftypes.Value, wantDiagnostics int) planCase {
		return planCase{name: name, servers: servers, prior: nullItem, config: config, direct: true, wantDiagnostics: wantDiagnostics}
	}
	update := func(name string, config tftypes.Value, wantDiagnostics int) planCase {
		return planCase{name: name, servers: servers, prior: prior11, config: config, private: read11.Private, identity: read11.NewIdentity,
			direct: true, wantDiagnostics: wantDiagnostics}
	}
	update12 := func(name string, config tftypes.Value, wantDiagnostics int) planCase {
		return planCase{name: name, servers: servers12, prior: prior12, config: config, private: read12.Private, identity: read12.NewIdentity,
			direct: true, wantDiagnostics: wantDiagnostics}
	}
	with := func(c planCase, change func(*planCase)) planCase { change(&c); return c }
	retitled := item("plan-li", map[string]tftypes.Value{"title": str("Quiz 2"), "description": str("Chapter 1"),
		"result_value_min": num(0), "result_value_max": num(10)})
	cases := []planCase{
		create("create on 1.1, the required attributes", servers, item("", nil), 0),
		create("create on 1.1, every 1.1 attribute", servers, item("plan-li-new", map[string]tftypes.Value{"description": str("d"),
			"grading_period_sourced_id": str(x.GradingPeriod), "result_value_min": num(0), "result_value_max": num(100.5),
			"timeouts": tftypes.NewValue(timeoutsType, timeouts)}), 0),
		create("create on 1.1 with 1.2 attributes", servers, item("plan-li-new", map[string]tftypes.Value{"academic_session_sourced_id": str(x.Term),
			"learning_objectives": objectives}), 2),
		create("create on 1.1 with a 1.2 attribute not known yet", servers, item("plan-li-new", map[string]tftypes.Value{
			"score_scale_sourced_id": unknown("score_scale_sourced_id")}), 0),
		create("create on 1.2: the school read from the class", servers12, item("plan-li-new", nil), 0),
		create("create on 1.2 with the school and every 1.2 attribute", servers12, item("plan-li-new", map[string]tftypes.Value{
			"school_sourced_id": str(x.School), "academic_session_sourced_id": str(x.Term), "score_scale_sourced_id": str("scale"),
			"learning_objectives": objectives}), 0),
		create("create on 1.2, the class not known yet", servers12,
			item("plan-li-new", map[string]tftypes.Value{"class_sourced_id": unknown("class_sourced_id")}), 0),
		create("create on 1.2, a class the server lacks", servers12, item("plan-li-new", map[string]tftypes.Value{"class_sourced_id": str("no-such-class")}), 1),
		create("create with unknown values", servers, item("", map[string]tftypes.Value{"title": unknown("title"), "result_value_max": unknown("result_value_max"),
			"timeouts": unknown("timeouts")}), 0),
		create("create, provider not configured", unconfigured, item("plan-li-new", nil), 0),
		create("create, provider not configured, 1.2 attributes", unconfigured, item("plan-li-new", map[string]tftypes.Value{
			"academic_session_sourced_id": str(x.Term)}), 0),
		create("create without the write scope", readOnly, item("plan-li-new", nil), 1),

		update("the title changed", retitled, 0),
		update("the due date spelled otherwise, the same instant", item("plan-li", map[string]tftypes.Value{"description": str("Chapter 1"),
			"result_value_min": num(0), "result_value_max": num(10), "due_date": str("2025-09-08T00:00:00.000Z")}), 0),
		update("the due date spelled otherwise and the title changed", item("plan-li", map[string]tftypes.Value{"title": str("Quiz 3"),
			"description": str("Chapter 1"), "result_value_min": num(0), "result_value_max": num(10), "due_date": str("2025-09-08T00:00:00Z")}), 0),
		with(update("the sourced_id changed: a replacement", item("plan-li-other", nil), 0), func(c *planCase) { c.wantReplace = true }),
		update("the sourced_id left out of the configuration, optional ones null", item("", nil), 0),
		update("an unknown title and range",
			item("plan-li", map[string]tftypes.Value{"title": unknown("title"), "result_value_min": unknown("result_value_min")}), 0),
		update("timeouts set", item("plan-li", map[string]tftypes.Value{"description": str("Chapter 1"), "result_value_min": num(0),
			"result_value_max": num(10), "timeouts": tftypes.NewValue(timeoutsType, timeouts)}), 0),
		update("1.2 attributes against 1.1", item("plan-li", map[string]tftypes.Value{"school_sourced_id": str(x.School)}), 1),
		with(update("a change, no private state, no identity", retitled, 0), func(c *planCase) { c.private, c.identity = nil, nil }),
		with(update("a change, empty private state", retitled, 0), func(c *planCase) { c.private = []byte(`{}`) }),
		with(update("a change, private state of several keys", retitled, 0), func(c *planCase) {
			c.private = []byte(`{"z":"eyJhIjoxfQ==","a":"WzEsMl0=",".f":"MQ=="}`)
		}),
		with(update("a change, identity of a CLI without its data", retitled, 0), func(c *planCase) { c.identity = &tfprotov6.ResourceIdentityData{} }),
		with(update("a change, private state the framework refuses", retitled, 0), func(c *planCase) {
			c.private, c.direct = []byte(`{"a":"bm90IGpzb24="}`), false
		}),
		with(update("a change, private state of another SDK", retitled, 0), func(c *planCase) { c.private, c.direct = []byte(`{"a":{"b":1}}`), false }),
		with(update("a change, provider not configured", retitled, 0), func(c *planCase) { c.servers = unconfigured }),
		with(update("a change without the write scope", retitled, 1), func(c *planCase) { c.servers = readOnly }),
		with(update("a 1.2 state planned against 1.1: its 1.2 attributes cleared", item("plan-li-12", nil), 0), func(c *planCase) {
			c.prior, c.private, c.identity = prior12, read12.Private, read12.NewIdentity
		}),
		with(update("destroy", nullItem, 0), func(c *planCase) { c.direct = false }),

		update12("1.2: the title changed, the school kept",
			item("plan-li-12", map[string]tftypes.Value{"title": str("Quiz 2"), "learning_objectives": objectives}), 0),
		update12("1.2: the class changed, the school read again", item("plan-li-12", map[string]tftypes.Value{"class_sourced_id": str(otherClass),
			"learning_objectives": objectives}), 0),
		update12("1.2: the class not known yet", item("plan-li-12", map[string]tftypes.Value{"class_sourced_id": unknown("class_sourced_id")}), 0),
		update12("1.2: the learning objectives dropped", item("plan-li-12", nil), 0),
		update12("1.2: the school configured", item("plan-li-12", map[string]tftypes.Value{"school_sourced_id": str(x.OtherSchool),
			"learning_objectives": objectives}), 0),
	}
	checkPlansAnswerAsTheFramework(t, planSuite{typeName: typeName, stateType: itemType, checkReplace: true, proposed: proposed, cases: cases})
}

// diagnosticsText is diags, readable in a test's failure.
func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	out := ""
	for _, d := range diags {
		out += fmt.Sprintf("\n  %s: %s: %s (%v)", d.Severity, d.Summary, d.Detail, d.Attribute)
	}
	return out
}
