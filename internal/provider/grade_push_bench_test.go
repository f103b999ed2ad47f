package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// BenchmarkGradePushPlan replays, through the plugin protocol, what
// Terraform 1.5 (bench.sh's CLI) asks of the provider for one class of
// the grade push of `make bench` in a no-change `plan`: for the
// oneroster_line_item and for the oneroster_result_set of 25 scores,
// ValidateResourceConfig, UpgradeResourceState (the CLI's state file
// holds JSON, which the provider decodes), ReadResource (refresh) and
// PlanResourceChange with the refreshed state as prior and proposed
// state; and, once per plan, a new server with GetProviderSchema,
// ValidateProviderConfig and ConfigureProvider. The sandbox runs in
// process without added latency, so the figures are the provider's CPU
// plus the sandbox's share of the reads.
//
// Each call is also timed alone (class/<rpc>/<type>), to show where a
// plan's CPU goes. cpu-ms/op is the process's CPU time (the sandbox's
// share of the reads included), steadier than ns/op on the shared 2-core
// machine; measured there (load 4 to 8), before (8001b29), after the
// server answered upgrades (server_upgrade.go) and validations
// (server_validate.go) of result sets itself, after it decoded the
// upgrades' JSON in one pass (decodeStateJSON), and after it answered the
// gradebook records' unchanged plans (server_plan.go), the last step
// measured against the framework's answer in one run (11.3 -> 8.6):
//
//	                                    cpu-ms/op                     allocs/op
//	class (all 8 calls)                 26.3 -> 16.6 -> 11.9 -> 8.6   110k -> 63k -> 59k -> 49k
//	UpgradeResourceState/result_set      8.1 ->  4.1 ->  1.4     35k -> 13.6k -> 9.6k
//	ValidateResourceConfig/result_set    6.6 ->  1.6 ->  0.9     34k -> 9.3k -> 5.7k  ValidateConfig on the value, one conversion (*)
//	ReadResource/result_set              4.0 ->  4.2            19.8k         answered directly before; mostly the sandbox and the client
//	PlanResourceChange/line_item         2.4 ->  2.4 -> 0.01      9.5k -> 0.2k  answered directly now (2.2 through the framework in that run)
//	ReadResource/line_item               1.3 ->  1.7             5.2k
//	  answered directly (server_read.go), measured apart (load 7-9):
//	  2.1-2.3 -> 0.75-0.83 cpu-ms, 5.2k -> 3.1k allocs; class 13.2-14.3 -> 8.9-9.8
//	ValidateResourceConfig/line_item     0.4 ->  0.4 ->  0.05    2.0k -> 0.3k  validated directly (*)
//	PlanResourceChange/result_set        0.4 ->  0.5             2.7k         answered directly before
//	UpgradeResourceState/line_item       0.3 ->  0.1             1.2k -> 0.6k
//	per plan (new server, schema, configure, validate)  ~9 ms, 31k allocs
//
// (*) after the resources' ValidateConfig read the configuration's value
// (validateValue) instead of filling a model with tfsdk's Get, line
// items were validated directly, and the direct walk converted the
// configuration once (server_validate.go); measured side by side with the
// build before, load ~8: result set 1.49 -> 0.86, line item 0.38 -> 0.05.
//
// What the benchmark leaves out: a real no-change plan (Terraform 1.5.7,
// K=50, 20 ms latency, TF_LOG=trace) sends exactly these four calls per
// resource (and two ValidateResourceConfig per block in the validate
// walk), but in a provider process of its own, over gRPC with go-plugin's
// automatic mTLS, plus two short-lived processes per plan for schemas
// (~45 ms of CPU each, mostly startup, GetProviderSchema and a P-521 TLS
// handshake). Profiled there, a class costs ~17-20 ms of provider CPU
// against ~14 here at the same load: gRPC, protobuf and TLS outside the
// handlers ~2.4 ms, the collector ~2 ms more (GOGC=400 in the provider
// saves ~11% of its CPU for +40-60% peak RSS), the HTTP client ~1.3 ms
// more (latency: connections and wake-ups), tflog ~0.8 ms more (messages
// built and masked before the OFF level drops them).
//
// pprof -top -cum before: tftypes.Transform 20% of all samples (the
// framework's walks: ReifyNullCollectionBlocks after the upgrade,
// validation by path), schema.TypeAtTerraformPath 16%,
// fromtftypes.AttributePath 12%.
func BenchmarkGradePushPlan(b *testing.B) {
	ctx := context.Background()
	push := newGradePush(b)
	server := push.server
	itemConfig, setConfig := push.configs(b, "push-bench")

	type class struct {
		typeName       string
		typ            tftypes.Type
		config         *tfprotov6.DynamicValue
		state, private []byte // after the apply and a refresh
		stateJSON      []byte
	}
	classes := []*class{
		{typeName: "oneroster_line_item", typ: push.itemType, config: itemConfig},
		{typeName: "oneroster_result_set", typ: push.setType, config: setConfig},
	}
	for _, c := range classes {
		null := dynamicValue(b, c.typ, tftypes.NewValue(c.typ, nil))
		plan, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: c.typeName, PriorState: null,
			ProposedNewState: c.config, Config: c.config})
		if err != nil || hasError(plan.Diagnostics) {
			b.Fatalf("plan %s: %v %v", c.typeName, err, plan.Diagnostics)
		}
		applied, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: c.typeName, PriorState: null,
			PlannedState: plan.PlannedState, Config: c.config, PlannedPrivate: plan.PlannedPrivate})
		if err != nil || hasError(applied.Diagnostics) {
			b.Fatalf("apply %s: %v %v", c.typeName, err, applied.Diagnostics)
		}
		read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: c.typeName, CurrentState: applied.NewState,
			Private: applied.Private})
		if err != nil || hasError(read.Diagnostics) {
			b.Fatalf("read %s: %v %v", c.typeName, err, read.Diagnostics)
		}
		c.state, c.private = read.NewState.MsgPack, read.Private
		v, err := read.NewState.Unmarshal(c.typ)
		if err != nil {
			b.Fatal(err)
		}
		if c.stateJSON, err = json.Marshal(jsonOf(b, v)); err != nil {
			b.Fatal(err)
		}
	}

	// The calls of one class, by name.
	calls := map[string]func(c *class){
		"ValidateResourceConfig": func(c *class) {
			resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: c.typeName, Config: c.config})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("validate %s: %v %v", c.typeName, err, resp.Diagnostics)
			}
		},
		"UpgradeResourceState": func(c *class) {
			resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: c.typeName,
				RawState: &tfprotov6.RawState{JSON: c.stateJSON}})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("upgrade %s: %v %v", c.typeName, err, resp.Diagnostics)
			}
		},
		"ReadResource": func(c *class) {
			resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: c.typeName,
				CurrentState: &tfprotov6.DynamicValue{MsgPack: c.state}, Private: c.private})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("read %s: %v %v", c.typeName, err, resp.Diagnostics)
			}
		},
		"PlanResourceChange": func(c *class) {
			state := &tfprotov6.DynamicValue{MsgPack: c.state}
			resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: c.typeName, PriorState: state,
				ProposedNewState: state, Config: c.config, PriorPrivate: c.private})
			if err != nil || len(resp.Diagnostics) > 0 || len(resp.RequiresReplace) > 0 {
				b.Fatalf("plan %s: %v %v", c.typeName, err, resp.Diagnostics)
			}
		},
	}
	order := []string{"ValidateResourceConfig", "UpgradeResourceState", "ReadResource", "PlanResourceChange"}
	b.Run("class", func(b *testing.B) {
		b.ReportAllocs()
		cpu := processCPU()
		for range b.N {
			for _, name := range order {
				for _, c := range classes {
					calls[name](c)
				}
			}
		}
		b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
	for _, name := range order {
		for _, c := range classes {
			b.Run("class/"+name+"/"+c.typeName, func(b *testing.B) {
				b.ReportAllocs()
				cpu := processCPU()
				for range b.N {
					calls[name](c)
				}
				b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
	b.Run("per-plan", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			s := newProviderServer(b, "bench", push.sb.BaseURL, push.sb.TokenURL) // NewServer, GetProviderSchema, ConfigureProvider
			providerType := push.schemas.Provider.ValueType()
			resp, err := s.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{
				Config: dynamicValue(b, providerType, tftypes.NewValue(providerType, nullObject(providerType)))})
			if err != nil || hasError(resp.Diagnostics) {
				b.Fatalf("validate provider: %v %v", err, resp.Diagnostics)
			}
		}
	})
}

// gradePush is one class of bench.sh's grade push: a sandbox, the
// provider's server configured for it, and the configurations of the
// class's line item and result set of 25 scores.
type gradePush struct {
	sb                *sandbox.Running
	server            tfprotov6.ProviderServer
	schemas           *tfprotov6.GetProviderSchemaResponse
	itemType, setType tftypes.Type
	class, category   string
	students          []string
}

func newGradePush(b *testing.B) *gradePush {
	ctx := context.Background()
	sb := startSandbox(b, sandbox.Options{})
	x := sb.Server.Sample()
	server := newProviderServer(b, "bench", sb.BaseURL, sb.TokenURL)
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	// The class's students, as the push's: 25 students, each enrolled
	// in it (the sandbox's first class need not have them all).
	students := sb.Server.ActiveSourcedIDs("students", 25)
	for _, id := range students {
		u, _ := sandboxRecord[model.User](sb.Server, "students", id)
		if err := sb.Server.AddUser(u, x.Class); err != nil {
			b.Fatal(err)
		}
	}
	return &gradePush{sb: sb, server: server, schemas: schemas, itemType: schemas.ResourceSchemas["oneroster_line_item"].ValueType(),
		setType: schemas.ResourceSchemas["oneroster_result_set"].ValueType(), class: x.Class, category: x.Category, students: students}
}

// configs are the configurations of bench.sh's push workspace for one
// class whose line item is lineItemID.
func (p *gradePush) configs(b *testing.B, lineItemID string) (item, set *tfprotov6.DynamicValue) {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	num := func(n float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(n)) }
	itemAttrs := nullObject(p.itemType)
	for name, v := range map[string]tftypes.Value{"sourced_id": str(lineItemID), "title": str("Unit quiz"),
		"assign_date": str("2025-09-01"), "due_date": str("2025-09-08"), "class_sourced_id": str(p.class),
		"category_sourced_id": str(p.category), "result_value_min": num(0), "result_value_max": num(10)} {
		itemAttrs[name] = v
	}
	resultsType := p.setType.(tftypes.Object).AttributeTypes["results"].(tftypes.Map)
	entries := map[string]tftypes.Value{}
	for _, s := range p.students {
		e := nullObject(resultsType.ElementType)
		e["score"], e["score_status"], e["score_date"] = num(7), str("fully graded"), str("2025-09-09")
		entries[s] = tftypes.NewValue(resultsType.ElementType, e)
	}
	setAttrs := nullObject(p.setType)
	setAttrs["line_item_sourced_id"] = str(lineItemID)
	setAttrs["results"] = tftypes.NewValue(resultsType, entries)
	return dynamicValue(b, p.itemType, tftypes.NewValue(p.itemType, itemAttrs)), dynamicValue(b, p.setType, tftypes.NewValue(p.setType, setAttrs))
}

func dynamicValue(b testing.TB, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	d, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		b.Fatal(err)
	}
	return &d
}

// jsonOf is v as the CLI writes it in its state file (cty's JSON): objects
// and maps as JSON objects, lists and sets as arrays, numbers as numbers.
func jsonOf(b testing.TB, v tftypes.Value) any {
	b.Helper()
	if v.IsNull() {
		return nil
	}
	typ := v.Type()
	switch {
	case typ.Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case typ.Is(tftypes.Bool):
		var ok bool
		_ = v.As(&ok)
		return ok
	case typ.Is(tftypes.Number):
		var n big.Float
		_ = v.As(&n)
		return json.Number(n.Text('g', -1))
	case typ.Is(tftypes.Object{}) || typ.Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		_ = v.As(&m)
		out := map[string]any{}
		for k, e := range m {
			out[k] = jsonOf(b, e)
		}
		return out
	default: // lists, sets
		var l []tftypes.Value
		if err := v.As(&l); err != nil {
			b.Fatalf("state value of type %s: %v", typ, err)
		}
		out := []any{}
		for _, e := range l {
			out = append(out, jsonOf(b, e))
		}
		return out
	}
}

// BenchmarkGradePushApply replays, through the plugin protocol, what
// Terraform 1.5 asks of the provider for one class of the grade push of
// `make bench` in an `apply` from nothing: for the oneroster_line_item and
// the oneroster_result_set of 25 scores, in the plan walk
// ValidateResourceConfig and PlanResourceChange (null prior state), then
// in the apply walk ValidateResourceConfig, PlanResourceChange again (the
// result set's with the line item's sourcedId known) and
// ApplyResourceChange. Each class writes a line item of its own, as the
// push does; the sandbox runs in process without added latency, so the
// figures are the provider's CPU plus the sandbox's share of the writes.
//
// Each call is also timed alone (class/<rpc>/<type>): the plans and the
// applies of one class again and again, so the result set's applies
// overwrite the same results (a PUT each, on 1.1), and its plans find
// them there. cpu-ms/op as BenchmarkGradePushPlan's. Measured on the
// shared 2-core machine (load 3 to 9, so ±30% between runs), before and
// after the server answered result sets' applies itself (server_apply.go):
//
//	                                    cpu-ms/op           allocs/op
//	class (all 10 calls)                ~100-175 -> ~100-135  489k -> 415k
//	PlanResourceChange/result_set       36-60               166k        framework: ModifyPlan, per-entry plan modifiers
//	ApplyResourceChange/result_set      27-42 -> 11-16      106k -> 31k now mostly the client, the sandbox and GC
//	ApplyResourceChange/line_item        4-5                21.5k
//	PlanResourceChange/line_item         2-3 -> 0.5-0.9      9.8k -> 3.9k  answered directly (server_plan.go), ModifyPlan itself left
//	ValidateResourceConfig/result_set    1.5-2.4 -> 0.9-1.0  9.3k -> 5.7k  (*)
//	ValidateResourceConfig/line_item     0.3-0.7 -> 0.05     2.0k -> 0.3k  (*)
//
// pprof of the class run: before, the plans took 79% of its samples, the
// applies 19% (the framework's conversions of the plan, config and
// state, fromproto6.DynamicValue, and back, toproto6.State: per-path
// tftypes.Transform walks, schema.TypeAtTerraformPath), the validations
// 2%; after, the plans 89% (tftypes.Transform 60% of the class:
// MarkComputedNilsAsUnknown, SchemaModifyPlan per entry), the applies 6%,
// the validations 4%.
func BenchmarkGradePushApply(b *testing.B) {
	ctx := context.Background()
	push := newGradePush(b)
	server := push.server
	type class struct {
		typeName string
		typ      tftypes.Type
	}
	item := class{"oneroster_line_item", push.itemType}
	set := class{"oneroster_result_set", push.setType}
	validate := func(c class, config *tfprotov6.DynamicValue) {
		resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: c.typeName, Config: config})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("validate %s: %v %v", c.typeName, err, resp.Diagnostics)
		}
	}
	plan := func(c class, config *tfprotov6.DynamicValue) *tfprotov6.PlanResourceChangeResponse {
		resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: c.typeName,
			PriorState: dynamicValue(b, c.typ, tftypes.NewValue(c.typ, nil)), ProposedNewState: config, Config: config})
		if err != nil || len(resp.Diagnostics) > 0 {
			for _, d := range resp.Diagnostics {
				b.Log(d.Summary, d.Detail)
			}
			b.Fatalf("plan %s: %v %v", c.typeName, err, resp.Diagnostics)
		}
		return resp
	}
	apply := func(c class, config *tfprotov6.DynamicValue, planned *tfprotov6.PlanResourceChangeResponse) {
		resp, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: c.typeName,
			PriorState: dynamicValue(b, c.typ, tftypes.NewValue(c.typ, nil)), PlannedState: planned.PlannedState, Config: config,
			PlannedPrivate: planned.PlannedPrivate, PlannedIdentity: planned.PlannedIdentity})
		if err != nil || len(resp.Diagnostics) > 0 {
			b.Fatalf("apply %s: %v %v", c.typeName, err, resp.Diagnostics)
		}
	}
	n := 0
	b.Run("class", func(b *testing.B) {
		b.ReportAllocs()
		cpu := processCPU()
		for range b.N {
			n++
			itemConfig, setConfig := push.configs(b, fmt.Sprintf("push-apply-%d", n))
			validate(item, itemConfig) // the plan walk
			plan(item, itemConfig)
			validate(set, setConfig)
			plan(set, setConfig)
			validate(item, itemConfig) // the apply walk
			apply(item, itemConfig, plan(item, itemConfig))
			validate(set, setConfig)
			apply(set, setConfig, plan(set, setConfig))
		}
		b.ReportMetric(float64((processCPU()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})

	// One class, its line item written, for the calls alone.
	itemConfig, setConfig := push.configs(b, "push-apply")
	apply(item, itemConfig, plan(item, itemConfig))
	setPlan := plan(set, setConfig)
	configs := map[string]*tfprotov6.DynamicValue{item.typeName: itemConfig, set.typeName: setConfig}
	plans := map[string]*tfprotov6.PlanResourceChangeResponse{item.typeName: plan(item, itemConfig), set.typeName: setPlan}
	calls := map[string]func(c class){
		"ValidateResourceConfig": func(c class) { validate(c, configs[c.typeName]) },
		"PlanResourceChange":     func(c class) { plan(c, configs[c.typeName]) },
		"ApplyResourceChange":    func(c class) { apply(c, configs[c.typeName], plans[c.typeName]) },
	}
	// A line item is created once: each apply of one creates a new one,
	// planned with the timer and the CPU count stopped.
	var uncounted time.Duration
	calls["ApplyResourceChange"] = func(c class) {
		if c.typeName != item.typeName {
			apply(c, configs[c.typeName], plans[c.typeName])
			return
		}
		b.StopTimer()
		start := processCPU()
		n++
		config, _ := push.configs(b, fmt.Sprintf("push-apply-%d", n))
		planned := plan(item, config)
		uncounted += processCPU() - start
		b.StartTimer()
		apply(item, config, planned)
	}
	for _, name := range []string{"ValidateResourceConfig", "PlanResourceChange", "ApplyResourceChange"} {
		for _, c := range []class{item, set} {
			b.Run("class/"+name+"/"+c.typeName, func(b *testing.B) {
				b.ReportAllocs()
				cpu := processCPU()
				uncounted = 0
				for range b.N {
					calls[name](c)
				}
				b.ReportMetric(float64((processCPU()-cpu-uncounted).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
