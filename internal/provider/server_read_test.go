package provider_test

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The provider's server answers result sets' reads itself
// (server_read.go): every read, whether it takes that path or not, must
// get the framework's answer: the same diagnostics, identity and private
// state, byte for byte, and the same new state, value for value (the
// protocol's encoding of a map follows Go's map order, so two encodings of
// one state differ in their bytes). The prior states are real ones, made
// by the framework's own server (apply, import, refresh), and variations
// of them; the server between the two reads of a case is the same.
//
// The cases run against servers that answer as the sandbox does by
// default, that page by 2 records in each paging style (as the tiny-page
// acceptance pass does), and that deviate where real ones do (soft
// deletes, booleans as strings, explicit nulls, relative hrefs); and
// some cases have the server lie or half answer (a total count it does
// not keep, a next link that loops, a listing refused after its first
// page, cut short or answered with an HTML page, a class-scoped route it
// does not serve, a tracked result it lists for another student).
func TestResultSetReadsAnswerAsTheFramework(t *testing.T) {
	type sandboxRun struct {
		name string
		opts sandbox.Options
	}
	servers := []sandboxRun{
		{"default pages", sandbox.Options{}},
		{"soft deletes, string booleans, nulls, relative hrefs", sandbox.Options{
			Quirks: sandbox.Quirks{SoftDelete: true, Booleans: "string", Nulls: true, Hrefs: "tilde"}}},
	}
	for _, style := range []sandbox.PagingStyle{sandbox.PagingLinkAndTotal, sandbox.PagingOffsetAndTotal, sandbox.PagingOffsetOnly,
		sandbox.PagingCursor, sandbox.PagingBody, sandbox.PagingRefusedLimit} {
		servers = append(servers, sandboxRun{"pages of 2, " + style.String(), sandbox.Options{Pages: sandbox.PageOverride{Cap: 2, Style: style}}})
	}
	for _, server := range servers {
		t.Run(server.name, func(t *testing.T) { testResultSetReads(t, server.opts) })
	}
}

// testResultSetReads is TestResultSetReadsAnswerAsTheFramework's cases
// against a sandbox started with opts.
func testResultSetReads(t *testing.T, opts sandbox.Options) {
	ctx := context.Background()
	sb := startSandbox(t, opts)
	v1p1 := newServerPair(t, sb.BaseURL, sb.TokenURL)
	v1p2 := newServerPair(t, sb.BaseURLV1p2, sb.TokenURL)
	unconfigured := newServerPair(t, "", "")
	schemas, err := v1p1.framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	setType := schemas.ResourceSchemas["oneroster_result_set"].ValueType().(tftypes.Object)
	ids, err := v1p1.framework.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	identityType := ids.IdentitySchemas["oneroster_result_set"].ValueType()
	x := sb.Server.Sample()
	client := sandboxClient(t, sb, sb.BaseURL)
	students := sb.Server.ActiveSourcedIDs("students", 5)
	putLineItem := func(id string) {
		if _, err := oneroster.LineItems.Put(ctx, client, id, &model.LineItem{Title: "Quiz", AssignDate: "2025-09-01", DueDate: "2025-09-08",
			Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category}}); err != nil {
			t.Fatal(err)
		}
	}
	putResult := func(lineItem, id, student string, score float64, comment string) {
		n := model.Number(score)
		if _, err := oneroster.Results.Put(ctx, client, id, &model.Result{Base: model.Base{SourcedID: id, Status: model.StatusActive},
			LineItem: &model.Ref{SourcedID: lineItem}, Student: &model.Ref{SourcedID: student}, ScoreStatus: "fully graded",
			Score: &n, ScoreDate: "2025-09-09", Comment: comment}); err != nil {
			t.Fatal(err)
		}
	}
	for _, li := range []string{"read-eq", "read-eq-gone"} {
		putLineItem(li)
		for i, s := range students[:4] {
			putResult(li, li+"-r"+string(rune('0'+i)), s, float64(i)+0.1, map[bool]string{true: "well done"}[i%2 == 0])
		}
	}

	dyn := func(v tftypes.Value) *tfprotov6.DynamicValue {
		d, err := tfprotov6.NewDynamicValue(setType, v)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	decode := func(d *tfprotov6.DynamicValue) tftypes.Value {
		v, err := d.Unmarshal(setType)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	identity := func(lineItem string) *tfprotov6.ResourceIdentityData {
		d, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType,
			map[string]tftypes.Value{"line_item_sourced_id": tftypes.NewValue(tftypes.String, lineItem)}))
		if err != nil {
			t.Fatal(err)
		}
		return &tfprotov6.ResourceIdentityData{IdentityData: &d}
	}
	// imported is the state, private state and identity of an import of
	// the set of lineItem, through the framework.
	imported := func(servers serverPair, lineItem string) (tftypes.Value, []byte, *tfprotov6.ResourceIdentityData) {
		resp, err := servers.framework.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "oneroster_result_set", ID: lineItem})
		if err != nil || hasError(resp.Diagnostics) || len(resp.ImportedResources) != 1 {
			t.Fatalf("import: %v %v", err, resp)
		}
		r := resp.ImportedResources[0]
		return decode(r.State), r.Private, r.Identity
	}
	// refreshed is a read's answer through the framework.
	refreshed := func(servers serverPair, state tftypes.Value, private []byte, id *tfprotov6.ResourceIdentityData) (
		tftypes.Value, []byte, *tfprotov6.ResourceIdentityData) {
		resp, err := servers.framework.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "oneroster_result_set",
			CurrentState: dyn(state), Private: private, CurrentIdentity: id})
		if err != nil || hasError(resp.Diagnostics) {
			t.Fatalf("read: %v %v", err, resp.Diagnostics)
		}
		return decode(resp.NewState), resp.Private, resp.NewIdentity
	}
	// attrsOf is a copy of an object's attributes or a map's elements (As
	// hands out the value's own map).
	attrsOf := func(v tftypes.Value) map[string]tftypes.Value {
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			t.Fatal(err)
		}
		return maps.Clone(m)
	}
	// with is state with some top-level attributes replaced.
	with := func(state tftypes.Value, attrs map[string]tftypes.Value) tftypes.Value {
		all := attrsOf(state)
		for k, v := range attrs {
			all[k] = v
		}
		return tftypes.NewValue(setType, all)
	}
	// withEntry is state with the entry of student changed by change
	// (removed when change is nil).
	withEntry := func(state tftypes.Value, student string, change func(e map[string]tftypes.Value)) tftypes.Value {
		all := attrsOf(state)
		entries := attrsOf(all["results"])
		if change == nil {
			delete(entries, student)
		} else {
			e := attrsOf(entries[student])
			change(e)
			entries[student] = tftypes.NewValue(entries[student].Type(), e)
		}
		all["results"] = tftypes.NewValue(all["results"].Type(), entries)
		return tftypes.NewValue(setType, all)
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	precise := func(s string) *big.Float {
		f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}

	importState, importPrivate, importIdentity := imported(v1p1, "read-eq")
	state, private, stateIdentity := refreshed(v1p1, importState, importPrivate, importIdentity)
	goneImport, gonePrivate, goneIdentity := imported(v1p1, "read-eq-gone")
	goneState, _, _ := refreshed(v1p1, goneImport, gonePrivate, goneIdentity)
	scaledImport, scaledPrivate, scaledIdentity := imported(v1p2, x.ScaledLineItem)
	scaledState, scaledRefreshPrivate, _ := refreshed(v1p2, scaledImport, scaledPrivate, scaledIdentity)
	if len(attrsOf(attrsOf(state)["results"])) != 4 || len(attrsOf(attrsOf(scaledState)["results"])) == 0 {
		t.Fatalf("the refreshed sets hold %s and %s", state, scaledState)
	}
	var firstScaled string
	for s := range attrsOf(attrsOf(scaledState)["results"]) {
		if firstScaled == "" || s < firstScaled {
			firstScaled = s
		}
	}
	resultOf1 := attrsOf(attrsOf(attrsOf(state)["results"])[students[1]])["sourced_id"]
	released := tftypes.NewValue(setType.AttributeTypes["released_students"], []tftypes.Value{str(students[4])})
	timeoutsType := setType.AttributeTypes["timeouts"].(tftypes.Object)
	timeouts := tftypes.NewValue(timeoutsType, map[string]tftypes.Value{"create": str("1m"), "update": tftypes.NewValue(tftypes.String, nil),
		"delete": str("2h")})

	listing := "/classes/*/lineItems/read-eq/results"
	cases := []readCase{
		{name: "after import (1.1), with the import's mark and identity", servers: v1p1, state: importState, private: importPrivate,
			identity: importIdentity},
		{name: "after import (1.1), without identity", servers: v1p1, state: importState, private: importPrivate},
		{name: "after import (1.2): scale, text score and flags", servers: v1p2, state: scaledImport, private: scaledPrivate, identity: scaledIdentity},
		{name: "refreshed (1.2)", servers: v1p2, state: scaledState, private: scaledRefreshPrivate, identity: scaledIdentity},
		{name: "refreshed (1.2), nulls and blanks in an entry", servers: v1p2, private: scaledRefreshPrivate,
			state: withEntry(scaledState, firstScaled, func(e map[string]tftypes.Value) {
				for _, name := range []string{"text_score", "score_scale_sourced_id", "comment"} {
					e[name] = str("")
				}
				for _, name := range []string{"in_progress", "incomplete", "late", "missing", "score"} {
					e[name] = tftypes.NewValue(e[name].Type(), nil)
				}
			})},
		{name: "refreshed (1.2), learning objective scores the server lacks", servers: v1p2, private: scaledRefreshPrivate, identity: scaledIdentity,
			state: withEntry(scaledState, firstScaled, func(e map[string]tftypes.Value) {
				listType := e["learning_objective_scores"].Type().(tftypes.List)
				objType := listType.ElementType.(tftypes.Object)
				e["learning_objective_scores"] = tftypes.NewValue(listType, []tftypes.Value{tftypes.NewValue(objType, map[string]tftypes.Value{
					"source": str("case"), "id": str("lo-1"), "score": tftypes.NewValue(tftypes.Number, 3),
					"text_score": tftypes.NewValue(tftypes.String, nil)})})
			})},
		{name: "learning objective scores given in the SIS (1.2)", servers: v1p2, state: scaledState, private: scaledRefreshPrivate,
			identity: scaledIdentity, before: func() {
				c := sandboxClient(t, sb, sb.BaseURLV1p2)
				id := attrsOf(attrsOf(attrsOf(scaledState)["results"])[firstScaled])["sourced_id"]
				var resultID string
				if err := id.As(&resultID); err != nil {
					t.Fatal(err)
				}
				r, err := oneroster.Results.Get(ctx, c, resultID)
				if err != nil {
					t.Fatal(err)
				}
				two, text := model.Number(2), "proficient"
				r.LearningObjectiveSet = []model.LearningObjectiveScoreSet{{Source: "case", LearningObjectiveResults: []model.LearningObjectiveResult{
					{LearningObjectiveID: "lo-1", Score: &two}, {LearningObjectiveID: "lo-2", TextScore: &text}}}}
				if _, err := oneroster.Results.Put(ctx, c, resultID, r); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "refreshed (1.1)", servers: v1p1, state: state, private: private, identity: stateIdentity},
		{name: "refreshed (1.1), a CLI without identities", servers: v1p1, state: state, private: private},
		{name: "no private state", servers: v1p1, state: state},
		{name: "a score held more precisely than a float64 (a configuration's 0.1)", servers: v1p1, private: private, identity: stateIdentity,
			state: withEntry(state, students[0], func(e map[string]tftypes.Value) { e["score"] = tftypes.NewValue(tftypes.Number, precise("0.1")) })},
		{name: "empty private state", servers: v1p1, state: state, private: []byte(`{}`)},
		{name: "private state with keys of the framework and of others", servers: v1p1, state: state,
			private: []byte(`{".framework_key":"eyJhIjoxfQ==","other":"WzEsMl0=","server_dates":"e30="}`)},
		{name: "private state the framework refuses", servers: v1p1, state: state, private: []byte(`{"a":"bm90IGpzb24="}`)},
		{name: "private state of another SDK", servers: v1p1, state: state, private: []byte(`{"a":{"b":1}}`)},
		{name: "private state not JSON", servers: v1p1, state: state, private: []byte(`not json`)},
		{name: "an identity of another line item", servers: v1p1, state: state, private: private, identity: identity("another")},
		{name: "an identity of another line item, right after import", servers: v1p1, state: importState, private: importPrivate,
			identity: identity("another")},
		{name: "released students, timeouts and existing_results fail", servers: v1p1, private: private, identity: stateIdentity,
			state: with(state, map[string]tftypes.Value{"released_students": released, "timeouts": timeouts, "existing_results": str("fail")})},
		{name: "an entry with a blank comment the server leaves out", servers: v1p1, private: private,
			state: withEntry(state, students[1], func(e map[string]tftypes.Value) { e["comment"] = str("") })},
		{name: "an entry without sourced_id (an older version's state)", servers: v1p1, private: private,
			state: withEntry(state, students[2], func(e map[string]tftypes.Value) { e["sourced_id"] = tftypes.NewValue(tftypes.String, nil) })},
		{name: "an entry tracking another student's result", servers: v1p1, private: private,
			state: withEntry(state, students[3], func(e map[string]tftypes.Value) { e["sourced_id"] = resultOf1 })},
		{name: "no entries", servers: v1p1, private: private,
			state: with(state, map[string]tftypes.Value{"results": tftypes.NewValue(setType.AttributeTypes["results"], map[string]tftypes.Value{})})},
		{name: "a score changed by a teacher", servers: v1p1, state: state, private: private, identity: stateIdentity,
			before: func() { putResult("read-eq", "read-eq-r0", students[0], 9, "changed in the SIS") }},
		{name: "a result deleted on the server", servers: v1p1, state: state, private: private, identity: stateIdentity,
			before: func() {
				if err := oneroster.Results.Delete(ctx, client, "read-eq-r2"); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "the line item refused (403)", servers: v1p1, state: state, private: private, identity: stateIdentity,
			faults: []sandbox.Fault{{Method: "GET", Path: "/lineItems/read-eq", Kind: sandbox.FaultStatus, Status: 403}}},
		{name: "the results listing refused (403)", servers: v1p1, state: state, private: private, identity: stateIdentity,
			faults: []sandbox.Fault{{Method: "GET", Path: "/classes/*/lineItems/read-eq/results", Kind: sandbox.FaultStatus, Status: 403}}},
		{name: "a total count above what the listing holds", servers: v1p1, state: state, private: private, identity: stateIdentity,
			faults: []sandbox.Fault{{Method: "GET", Path: listing, Kind: sandbox.FaultTotalCount, TotalCountDelta: 3}}, honest: true},
		{name: "a total count below what the listing holds", servers: v1p1, state: state, private: private, identity: stateIdentity,
			faults: []sandbox.Fault{{Method: "GET", Path: listing, Kind: sandbox.FaultTotalCount, TotalCountDelta: -2}}, honest: true},
		{name: "a next link back to the listing's first page", servers: v1p1, state: state, private: private, identity: stateIdentity,
			faults: []sandbox.Fault{{Method: "GET", Path: listing, Kind: sandbox.FaultNextLoop}}},
		{name: "the listing refused (403) after its first page", servers: v1p1, state: state, private: private, identity: stateIdentity,
			faults: []sandbox.Fault{{Method: "GET", Path: listing, Kind: sandbox.FaultStatus, Status: 403, After: 1, Count: 1}}},
		{name: "the listing cut short once (retried)", servers: v1p1, state: state, private: private, identity: stateIdentity,
			faults: []sandbox.Fault{{Method: "GET", Path: listing, Kind: sandbox.FaultTruncated, Count: 1}}},
		{name: "the listing answered with an HTML page", servers: v1p1, state: state, private: private, identity: stateIdentity,
			faults: []sandbox.Fault{{Method: "GET", Path: listing, Kind: sandbox.FaultHTML200}}},
		{name: "no class-scoped listing (404): results read from /results", servers: v1p1, state: state, private: private,
			identity: stateIdentity, faults: []sandbox.Fault{{Method: "GET", Path: listing, Kind: sandbox.FaultStatus, Status: 404}}},
		{name: "after import, no class-scoped listing (404)", servers: v1p1, state: importState, private: importPrivate,
			identity: importIdentity, faults: []sandbox.Fault{{Method: "GET", Path: listing, Kind: sandbox.FaultStatus, Status: 404}}},
		{name: "a tracked result the server now lists for another student", servers: v1p1, state: state, private: private,
			identity: stateIdentity, before: func() { putResult("read-eq", "read-eq-r1", students[3], 5, "") }},
		{name: "after import, a student with two results", servers: v1p1, state: importState, private: importPrivate,
			identity: importIdentity},
		{name: "the provider not configured", servers: unconfigured, state: state, private: private, identity: stateIdentity},
		{name: "the line item deleted: the set is gone", servers: v1p1, state: goneState, identity: identity("read-eq-gone"),
			before: func() {
				if err := oneroster.LineItems.Delete(ctx, client, "read-eq-gone"); err != nil {
					t.Fatal(err)
				}
			}},
	}
	checkReadsAnswerAsTheFramework(t, readSuite{sb: sb, typeName: "oneroster_result_set", stateType: setType, cases: cases})
}

// BenchmarkResultSetRead refreshes one result set of 25 scores (a class's,
// as in the grade push of `make bench`) through the plugin protocol, from
// the framework's server and from the provider's, against an in-process
// sandbox without added latency: ns/op is mostly the sandbox and the
// client, the same for both; the difference is what the framework's walk
// around Read costs.
func BenchmarkResultSetRead(b *testing.B) {
	ctx := context.Background()
	sb := startSandbox(b, sandbox.Options{})
	x := sb.Server.Sample()
	client := sandboxClient(b, sb, sb.BaseURL)
	if _, err := oneroster.LineItems.Put(ctx, client, "bench-read", &model.LineItem{Title: "Quiz", AssignDate: "2025-09-01", DueDate: "2025-09-08",
		Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category}}); err != nil {
		b.Fatal(err)
	}
	for i, s := range sb.Server.ActiveSourcedIDs("students", 25) {
		n := model.Number(7)
		id := fmt.Sprintf("bench-read-%d", i)
		if _, err := oneroster.Results.Put(ctx, client, id, &model.Result{Base: model.Base{SourcedID: id, Status: model.StatusActive},
			LineItem: &model.Ref{SourcedID: "bench-read"}, Student: &model.Ref{SourcedID: s}, ScoreStatus: "fully graded", Score: &n,
			ScoreDate: "2025-09-09"}); err != nil {
			b.Fatal(err)
		}
	}
	servers := newServerPair(b, sb.BaseURL, sb.TokenURL)
	imported, err := servers.framework.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "oneroster_result_set", ID: "bench-read"})
	if err != nil || hasError(imported.Diagnostics) {
		b.Fatalf("import: %v %v", err, imported)
	}
	first, err := servers.framework.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "oneroster_result_set",
		CurrentState: imported.ImportedResources[0].State, Private: imported.ImportedResources[0].Private})
	if err != nil || hasError(first.Diagnostics) {
		b.Fatalf("read: %v %v", err, first)
	}
	for _, bc := range []struct {
		name   string
		server tfprotov6.ProviderServer
	}{{"framework", servers.framework}, {"provider", servers.ours}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				resp, err := bc.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "oneroster_result_set",
					CurrentState: first.NewState, Private: first.Private, CurrentIdentity: first.NewIdentity})
				if err != nil || len(resp.Diagnostics) > 0 {
					b.Fatalf("read: %v %v", err, resp.Diagnostics)
				}
			}
		})
	}
}
