package provider_test

import (
	"context"
	"math/big"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/acctest"
	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The provider's server answers the applies of result sets itself
// (server_apply.go). An apply writes, so each case runs twice, against two
// sandboxes started alike (the same district, the same fixed clock), once
// through the framework's server and once through the provider's: each
// apply must get the framework's answer (state value for value, private
// state byte for byte, identity, diagnostics), and the two sandboxes must
// end up holding the same results after the same requests.
func TestResultSetAppliesAnswerAsTheFramework(t *testing.T) {
	score := func(v float64) entrySpec {
		return entrySpec{"score": v, "score_status": "fully graded", "score_date": "2025-09-09"}
	}
	with := func(e entrySpec, k string, v any) entrySpec {
		out := entrySpec{k: v}
		for name, value := range e {
			if name != k {
				out[name] = value
			}
		}
		return out
	}
	three := func(a, b, c entrySpec) map[int]entrySpec { return map[int]entrySpec{0: a, 1: b, 2: c} }
	putFails := func(student int) func(*applyTwin) {
		return func(tw *applyTwin) {
			tw.sb.Server.AddFault(sandbox.Fault{Name: "put", Method: http.MethodPut, Path: "/results/" + tw.resultID(student),
				Kind: sandbox.FaultStatus, Status: http.StatusInternalServerError})
		}
	}
	deleteFails := func(student int) func(*applyTwin) {
		return func(tw *applyTwin) {
			tw.sb.Server.AddFault(sandbox.Fault{Name: "delete", Method: http.MethodDelete, Path: "/results/" + tw.resultID(student),
				Kind: sandbox.FaultStatus, Status: http.StatusInternalServerError})
		}
	}
	for _, tc := range []applyCase{
		{name: "create on 1.1 (PUTs)", steps: []applyStep{{results: three(score(7), score(8), score(9))}}},
		{name: "create on 1.2 (bulk POST, server-allocated ids)", v12: true,
			steps: []applyStep{{results: three(score(7), score(8), score(9))}}},
		{name: "create and update on 1.2, with 1.2's attributes", v12: true, steps: []applyStep{
			{results: three(with(score(7), "text_score", "B"), with(score(8), "late", true),
				with(score(9), "learning_objective_scores", []map[string]any{{"source": "case", "id": "lo-1", "score": 2.0}}))},
			{results: three(with(score(7), "missing", true), with(score(8), "in_progress", true),
				with(score(9), "learning_objective_scores", []map[string]any{{"source": "case", "id": "lo-1", "text_score": "met"}}))},
		}},
		{name: "a score the configuration gives more precisely than a float64", steps: []applyStep{{results: three(score(0.1), score(1.0/3), score(9))}}},
		{name: "update one score", steps: []applyStep{{results: three(score(7), score(8), score(9))}, {results: three(score(7), score(5), score(9))}}},
		{name: "add and remove students", steps: []applyStep{
			{results: map[int]entrySpec{0: score(7), 1: score(8)}},
			{results: map[int]entrySpec{1: score(8), 2: score(9)}},
		}},
		{name: "released_students", steps: []applyStep{
			{results: map[int]entrySpec{0: score(7), 1: score(8)}},
			{results: map[int]entrySpec{0: score(7)}, released: []int{1}},
		}},
		{name: "blanks", steps: []applyStep{
			{results: three(with(score(7), "comment", ""), with(score(8), "comment", "well done"), score(9))},
			{results: three(with(score(7), "comment", "now one"), with(score(8), "comment", ""), with(score(9), "score_date", ""))},
		}},
		{name: "delete", steps: []applyStep{{results: three(score(7), score(8), score(9))}, {destroy: true}}},
		{name: "delete, one of them failing", steps: []applyStep{{results: three(score(7), score(8), score(9))}, {destroy: true, faults: deleteFails(1)}}},
		{name: "delete, its timeout not a duration (the state kept)", steps: []applyStep{
			{results: three(score(7), score(8), score(9)), timeouts: map[string]string{"delete": "soon"}}, {destroy: true}}},
		{name: "create, one write failing", steps: []applyStep{{results: three(score(7), score(8), score(9)), faults: putFails(1)}}},
		{name: "create, every write failing", steps: []applyStep{{results: three(score(7), score(8), score(9)), faults: func(tw *applyTwin) {
			tw.sb.Server.AddFault(sandbox.Fault{Name: "put", Method: http.MethodPut, Path: "/results/*", Kind: sandbox.FaultStatus,
				Status: http.StatusInternalServerError})
		}}}},
		{name: "update, one write failing", steps: []applyStep{
			{results: three(score(7), score(8), score(9))},
			{results: three(score(1), score(2), score(3)), faults: putFails(2)},
		}},
		{name: "lost answers settled by read-back", steps: []applyStep{{results: three(score(7), score(8), score(9)), faults: func(tw *applyTwin) {
			tw.sb.Server.AddFault(sandbox.Fault{Name: "lost", Method: http.MethodPut, Path: "/results/" + tw.resultID(0), Kind: sandbox.FaultApplied})
		}}}},
		{name: "a 1.2 POST whose answer is lost", v12: true, steps: []applyStep{{results: three(score(7), score(8), score(9)),
			faults: func(tw *applyTwin) {
				tw.sb.Server.AddFault(sandbox.Fault{Name: "lost", Method: http.MethodPost, BasePath: sandbox.BasePathGradebookV1p2,
					Path: "/lineItems/*/results", Kind: sandbox.FaultApplied, Count: 1})
			}}}},
		{name: "the create's timeout", steps: []applyStep{{results: three(score(7), score(8), score(9)), timeouts: map[string]string{"create": "1s"},
			faults: func(tw *applyTwin) {
				tw.sb.Server.AddFault(sandbox.Fault{Name: "late", Method: http.MethodPut, Path: "/results/" + tw.resultID(1), Kind: sandbox.FaultApplied,
					Delay: time.Minute})
			}}}},
		{name: "stopped (StopProvider)", steps: []applyStep{{results: three(score(7), score(8), score(9)), stop: true, faults: func(tw *applyTwin) {
			tw.sb.Server.AddFault(sandbox.Fault{Name: "slow", Method: http.MethodPut, Path: "/results/" + tw.resultID(1), Kind: sandbox.FaultSlow,
				Delay: time.Minute})
		}}}},
		{name: "the line item gone", steps: []applyStep{{results: three(score(7), score(8), score(9)), faults: func(tw *applyTwin) {
			tw.sb.Server.AddFault(sandbox.Fault{Name: "gone", Method: http.MethodGet, Path: "/lineItems/*", Kind: sandbox.FaultStatus,
				Status: http.StatusNotFound})
		}}}},
		{name: "provider not configured", unconfigured: true, steps: []applyStep{{results: three(score(7), score(8), score(9))}}},
		{name: "no planned identity (a CLI without identities)", steps: []applyStep{
			{results: three(score(7), score(8), score(9)), noIdentity: true},
			{results: three(score(1), score(8), score(9)), noIdentity: true},
			{destroy: true, noIdentity: true},
		}},
		{name: "another planned identity", steps: []applyStep{
			{results: three(score(7), score(8), score(9))},
			{results: three(score(1), score(8), score(9)), identity: "another"},
		}},
		{name: "private state variants", steps: []applyStep{
			{results: three(score(7), score(8), score(9)), private: `{".framework":"eyJhIjoxfQ==","mine":"WzEsMl0="}`},
			{results: three(score(1), score(8), score(9)), private: `{}`},
			{results: three(score(2), score(8), score(9)), private: `{".framework":"eyJhIjoxfQ==","mine":"WzEsMl0="}`},
			{results: three(score(3), score(8), score(9)), private: `{".import_before_read":"dHJ1ZQ=="}`},
			{results: three(score(4), score(8), score(9)), private: `{"a":"bm90IGpzb24="}`, viaFramework: true}, // the framework refuses it
			{results: three(score(5), score(8), score(9)), private: `{"a":{"b":1}}`, viaFramework: true},        // another SDK's, which it discards
			{results: three(score(6), score(8), score(9)), private: "none"},
			{destroy: true, faults: deleteFails(0), private: `{".framework":"eyJhIjoxfQ==","mine":"WzEsMl0="}`},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t) })
	}
}

// entrySpec is one entry of results, its attributes by name (others null).
type entrySpec map[string]any

// applyStep is one plan and apply of the set: results by student (an
// index into the case's students), or a destroy. faults are added to each
// sandbox after the plan; private and identity replace the planned ones
// ("none": no private state).
type applyStep struct {
	results    map[int]entrySpec
	released   []int
	timeouts   map[string]string
	destroy    bool
	faults     func(*applyTwin)
	private    string
	identity   string // a line_item_sourced_id for the planned identity
	noIdentity bool
	// stop: StopProvider once the sandbox holds a request faults made
	// slow (a fault named "slow").
	stop bool
	// viaFramework: the provider's server hands this apply to the
	// framework (every other step it must answer itself).
	viaFramework bool
}

type applyCase struct {
	name         string
	v12          bool // OneRoster 1.2, whose server allocates the sourcedIds of the results it creates
	unconfigured bool // no ConfigureProvider, as in an apply whose provider configuration failed
	steps        []applyStep
}

// applyTwin is one of a case's two runs: its sandbox and server, and the
// state it is at.
type applyTwin struct {
	sb       *sandbox.Running
	server   tfprotov6.ProviderServer
	students []string
	state    *tfprotov6.DynamicValue
	private  []byte
	identity *tfprotov6.ResourceIdentityData
}

// resultID is the derived sourcedId of student i's result on the case's line item.
func (tw *applyTwin) resultID(i int) string { return resultID(applyLineItem, tw.students[i]) }

const applyLineItem = "apply-eq"

// newApplyTwin starts a sandbox with a fixed clock and the line item
// applyLineItem, and a server for it: the framework's or the provider's.
func newApplyTwin(t *testing.T, c applyCase, framework bool) *applyTwin {
	t.Helper()
	epoch := time.Date(2025, 9, 10, 8, 0, 0, 0, time.UTC)
	sb := startSandbox(t, acctest.SandboxOptions(t, sandbox.Options{Now: func() time.Time { return epoch },
		Quirks: sandbox.Quirks{AllocateSourcedIDs: c.v12}}))
	x := sb.Server.Sample()
	if _, err := oneroster.LineItems.Put(context.Background(), sandboxClient(t, sb, sb.BaseURL), applyLineItem, &model.LineItem{
		Title: "Quiz", AssignDate: "2025-09-01", DueDate: "2025-09-08", ResultValueMin: model.NumberPtr(0), ResultValueMax: model.NumberPtr(10),
		Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category},
	}); err != nil {
		t.Fatal(err)
	}
	students := sb.Server.ActiveSourcedIDs("students", 3)
	for _, id := range students {
		u, _ := sandboxRecord[model.User](sb.Server, "students", id)
		if err := sb.Server.AddUser(u, x.Class); err != nil {
			t.Fatal(err)
		}
	}
	clock := &acctest.FakeClock{}
	var server tfprotov6.ProviderServer
	var err error
	if framework {
		server, err = providerserver.NewProtocol6WithError(provider.NewWithClock("test", clock)())()
	} else {
		server, err = provider.NewServerWithClock("test", clock)()
	}
	if err != nil {
		t.Fatal(err)
	}
	if !c.unconfigured {
		baseURL := sb.BaseURL
		if c.v12 {
			baseURL = sb.BaseURLV1p2
		}
		// One request at a time, no retries: the two runs send the same
		// requests in the same order.
		configureProvider(t, server, baseURL, sb.TokenURL, func(cfg map[string]tftypes.Value) {
			cfg["max_concurrency"], cfg["max_retries"] = tftypes.NewValue(tftypes.Number, 1), tftypes.NewValue(tftypes.Number, 0)
		})
	}
	return &applyTwin{sb: sb, server: server, students: students}
}

func (c applyCase) run(t *testing.T) {
	ctx := context.Background()
	twins := [2]*applyTwin{newApplyTwin(t, c, true), newApplyTwin(t, c, false)} // the framework's, the provider's
	schemas, err := twins[0].server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	setType := schemas.ResourceSchemas["oneroster_result_set"].ValueType().(tftypes.Object)
	ids, err := twins[0].server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	identityType := ids.IdentitySchemas["oneroster_result_set"].ValueType()
	for i, step := range c.steps {
		var answers [2]*tfprotov6.ApplyResourceChangeResponse
		for n, tw := range twins {
			config := tftypes.NewValue(setType, nil)
			if !step.destroy {
				config = setConfig(t, setType, tw.students, step)
			}
			plan := tw.plan(t, setType, config)
			if step.faults != nil {
				step.faults(tw)
			}
			req := &tfprotov6.ApplyResourceChangeRequest{TypeName: "oneroster_result_set", PriorState: tw.stateOrNull(t, setType),
				PlannedState: plan.PlannedState, Config: dynamicValue(t, setType, config), PlannedPrivate: plan.PlannedPrivate,
				PlannedIdentity: plan.PlannedIdentity}
			switch {
			case step.private == "none":
				req.PlannedPrivate = nil
			case step.private != "":
				req.PlannedPrivate = []byte(step.private)
			}
			if step.noIdentity {
				req.PlannedIdentity = nil
			}
			if step.identity != "" {
				id := dynamicValue(t, identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{
					"line_item_sourced_id": tftypes.NewValue(tftypes.String, step.identity)}))
				req.PlannedIdentity = &tfprotov6.ResourceIdentityData{IdentityData: id}
			}
			direct := provider.AppliedDirectly(tw.server)
			resp, err := tw.apply(t, req, step.stop)
			if err != nil {
				t.Fatal(err)
			}
			if got := provider.AppliedDirectly(tw.server) > direct; n == 1 && got == step.viaFramework {
				t.Errorf("step %d: answered directly: %v, want %v", i+1, got, !step.viaFramework)
			}
			tw.sb.Server.ClearFaults()
			normalizeDiagnostics(resp.Diagnostics, tw.sb.URL)
			answers[n] = resp
			if resp.NewState != nil {
				tw.state, tw.private, tw.identity = resp.NewState, resp.Private, resp.NewIdentity
			}
		}
		t.Logf("step %d: %d diagnostics", i+1, len(answers[0].Diagnostics))
		for _, d := range answers[0].Diagnostics {
			t.Logf("  %s: %s", d.Summary, d.Detail)
		}
		assertSameAnswer(t, setType, applyAnswer(answers[1]), applyAnswer(answers[0]))
		assertSameSandbox(t, twins[0].sb, twins[1].sb)
		if t.Failed() {
			t.Fatalf("step %d differs", i+1)
		}
	}
}

// apply applies req; with stop, it calls StopProvider once the sandbox
// holds a request made slow, and fails the test if that does not end the
// apply.
func (tw *applyTwin) apply(t *testing.T, req *tfprotov6.ApplyResourceChangeRequest, stop bool) (*tfprotov6.ApplyResourceChangeResponse, error) {
	ctx := context.Background()
	if !stop {
		return tw.server.ApplyResourceChange(ctx, req)
	}
	type answer struct {
		resp *tfprotov6.ApplyResourceChangeResponse
		err  error
	}
	done := make(chan answer, 1)
	go func() {
		resp, err := tw.server.ApplyResourceChange(ctx, req)
		done <- answer{resp, err}
	}()
	for tw.sb.Server.FaultHits("slow") == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := tw.server.StopProvider(ctx, &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	select {
	case a := <-done:
		return a.resp, a.err
	case <-time.After(20 * time.Second):
		t.Fatal("StopProvider did not end the apply")
		return nil, nil
	}
}

func applyAnswer(r *tfprotov6.ApplyResourceChangeResponse) protocolAnswer {
	return protocolAnswer{r.Diagnostics, r.NewState, r.Private, map[string]any{"identity": r.NewIdentity}}
}

// plan plans config from the twin's state through its own server, as
// Terraform does before an apply (the proposed state: config, with the
// computed values of the prior state where config has none).
func (tw *applyTwin) plan(t *testing.T, setType tftypes.Object, config tftypes.Value) *tfprotov6.PlanResourceChangeResponse {
	t.Helper()
	prior := tw.stateOrNull(t, setType)
	priorValue, err := prior.Unmarshal(setType)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := tw.server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{TypeName: "oneroster_result_set",
		PriorState: prior, ProposedNewState: dynamicValue(t, setType, proposedState(t, priorValue, config)), Config: dynamicValue(t, setType, config),
		PriorPrivate: tw.private, PriorIdentity: tw.identity})
	if err != nil || hasError(resp.Diagnostics) {
		t.Fatalf("plan: %v %v", err, resp.Diagnostics)
	}
	return resp
}

func (tw *applyTwin) stateOrNull(t *testing.T, setType tftypes.Object) *tfprotov6.DynamicValue {
	if tw.state == nil {
		return dynamicValue(t, setType, tftypes.NewValue(setType, nil))
	}
	return tw.state
}

// proposedState is Terraform's proposed new state for a set: config, with
// the prior state's existing_results and sourced_ids (computed) where
// config has none.
func proposedState(t *testing.T, prior, config tftypes.Value) tftypes.Value {
	t.Helper()
	if prior.IsNull() || config.IsNull() {
		return config
	}
	var p, c map[string]tftypes.Value
	if prior.As(&p) != nil || config.As(&c) != nil {
		t.Fatal("not an object")
	}
	out := map[string]tftypes.Value{}
	for k, v := range c {
		out[k] = v
	}
	if c["existing_results"].IsNull() {
		out["existing_results"] = p["existing_results"]
	}
	var pr, cr map[string]tftypes.Value
	if p["results"].As(&pr) != nil || c["results"].As(&cr) != nil {
		t.Fatal("results not a map")
	}
	results := map[string]tftypes.Value{}
	for student, ce := range cr {
		results[student] = ce
		pe, ok := pr[student]
		if !ok {
			continue
		}
		var pa, ca map[string]tftypes.Value
		_, _ = pe.As(&pa), ce.As(&ca)
		merged := map[string]tftypes.Value{}
		for k, v := range ca {
			merged[k] = v
		}
		merged["sourced_id"] = pa["sourced_id"]
		results[student] = tftypes.NewValue(ce.Type(), merged)
	}
	out["results"] = tftypes.NewValue(c["results"].Type(), results)
	return tftypes.NewValue(config.Type(), out)
}

// setConfig is a step's configuration of the set.
func setConfig(t *testing.T, setType tftypes.Object, students []string, step applyStep) tftypes.Value {
	t.Helper()
	resultsType := setType.AttributeTypes["results"].(tftypes.Map)
	entryType := resultsType.ElementType.(tftypes.Object)
	attrs := nullObject(setType)
	attrs["line_item_sourced_id"] = tftypes.NewValue(tftypes.String, applyLineItem)
	entries := map[string]tftypes.Value{}
	for i, spec := range step.results {
		e := nullObject(entryType)
		for name, v := range spec {
			e[name] = terraformValue(t, entryType.AttributeTypes[name], v)
		}
		entries[students[i]] = tftypes.NewValue(entryType, e)
	}
	attrs["results"] = tftypes.NewValue(resultsType, entries)
	if step.released != nil {
		var released []tftypes.Value
		for _, i := range step.released {
			released = append(released, tftypes.NewValue(tftypes.String, students[i]))
		}
		attrs["released_students"] = tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, released)
	}
	if step.timeouts != nil {
		tt := setType.AttributeTypes["timeouts"].(tftypes.Object)
		to := nullObject(tt)
		for k, v := range step.timeouts {
			to[k] = tftypes.NewValue(tftypes.String, v)
		}
		attrs["timeouts"] = tftypes.NewValue(tt, to)
	}
	return tftypes.NewValue(setType, attrs)
}

// terraformValue is v (a string, float64, bool or list of objects) as a
// value of type typ.
func terraformValue(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	switch v := v.(type) {
	case float64:
		// As a configuration gives it: its decimal text, more precise than
		// a float64.
		f, _, err := big.ParseFloat(strconv.FormatFloat(v, 'g', -1, 64), 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return tftypes.NewValue(typ, f)
	case []map[string]any:
		list := typ.(tftypes.List)
		var elems []tftypes.Value
		for _, o := range v {
			obj := nullObject(list.ElementType)
			for k, ov := range o {
				obj[k] = terraformValue(t, list.ElementType.(tftypes.Object).AttributeTypes[k], ov)
			}
			elems = append(elems, tftypes.NewValue(list.ElementType, obj))
		}
		return tftypes.NewValue(typ, elems)
	default:
		return tftypes.NewValue(typ, v)
	}
}

// normalizeDiagnostics puts "SANDBOX" for the sandbox's address in diags:
// the two sandboxes of a case listen on different ports.
func normalizeDiagnostics(diags []*tfprotov6.Diagnostic, url string) {
	host := strings.TrimPrefix(url, "http://")
	for _, d := range diags {
		d.Summary = strings.ReplaceAll(d.Summary, host, "SANDBOX")
		d.Detail = strings.ReplaceAll(d.Detail, host, "SANDBOX")
	}
}

// assertSameSandbox holds two sandboxes to the same results, record for
// record, after the same number of requests to each service.
func assertSameSandbox(t *testing.T, a, b *sandbox.Running) {
	t.Helper()
	records := func(sb *sandbox.Running) map[string]any {
		out := map[string]any{}
		for _, id := range sb.Server.SourcedIDs("results") {
			out[id], _ = sb.Server.Record("results", id)
		}
		return out
	}
	if got, want := records(b), records(a); !reflect.DeepEqual(got, want) {
		t.Errorf("the sandboxes hold different results:\n got %+v\nwant %+v", got, want)
	}
	for _, base := range []string{sandbox.BasePath, sandbox.BasePathGradebookV1p2} {
		if got, want := b.Server.RequestsUnder(base, ""), a.Server.RequestsUnder(base, ""); got != want {
			t.Errorf("requests under %s: got %d, want %d", base, got, want)
		}
	}
}
