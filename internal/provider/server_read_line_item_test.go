package provider_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The provider's server answers a line item's reads itself
// (server_read.go, with the line item's own Read steps run on the
// protocol's values). Every read, whether it takes that path or not, must
// get the framework's answer: the same diagnostics, identity and private
// state, byte for byte, and the same new state, value for value. The
// prior states are real ones, made by the framework's own server (apply,
// refresh, import), and variations of them; each case says whether the
// provider's server answers it itself.
func TestLineItemReadsAnswerAsTheFramework(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	v1p1 := newServerPair(t, sb.BaseURL, sb.TokenURL)
	v1p2 := newServerPair(t, sb.BaseURLV1p2, sb.TokenURL)
	unconfigured := newServerPair(t, "", "")
	// For faults that last: one retry, not the default's minute of them.
	oneRetry := newServerPair(t, "", "")
	for _, s := range []tfprotov6.ProviderServer{oneRetry.framework, oneRetry.ours} {
		configureProvider(t, s, sb.BaseURL, sb.TokenURL, func(cfg map[string]tftypes.Value) {
			cfg["max_retries"] = tftypes.NewValue(tftypes.Number, 1)
		})
	}
	schemas, err := v1p1.framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	const typeName = "oneroster_line_item"
	itemType := schemas.ResourceSchemas[typeName].ValueType().(tftypes.Object)
	x := sb.Server.Sample()
	client := sandboxClient(t, sb, sb.BaseURL)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	item := func(id string, attrs map[string]tftypes.Value) tftypes.Value {
		all := nullObject(itemType)
		all["sourced_id"], all["title"], all["assign_date"], all["due_date"] = str(id), str("Quiz"), str("2025-09-01"), str("2025-09-08")
		all["class_sourced_id"], all["category_sourced_id"] = str(x.Class), str(x.Category)
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
	nullItem := tftypes.NewValue(itemType, nil)
	// applied creates config through the framework: the state, private
	// state and identity a CLI holds after an apply.
	applied := func(servers serverPair, config tftypes.Value) *tfprotov6.ApplyResourceChangeResponse {
		plan, err := servers.framework.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName: typeName, PriorState: dyn(nullItem), ProposedNewState: dyn(config), Config: dyn(config),
		})
		if err != nil || hasError(plan.Diagnostics) {
			t.Fatalf("plan: %v %v", err, diagnosticsText(plan.Diagnostics))
		}
		resp, err := servers.framework.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
			TypeName: typeName, PriorState: dyn(nullItem), PlannedState: plan.PlannedState, Config: dyn(config), PlannedPrivate: plan.PlannedPrivate,
		})
		if err != nil || hasError(resp.Diagnostics) {
			t.Fatalf("apply: %v %v", err, diagnosticsText(resp.Diagnostics))
		}
		return resp
	}
	imported := func(servers serverPair, id string) *tfprotov6.ImportedResource {
		resp, err := servers.framework.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: typeName, ID: id})
		if err != nil || hasError(resp.Diagnostics) || len(resp.ImportedResources) != 1 {
			t.Fatalf("import: %v %v", err, resp)
		}
		return resp.ImportedResources[0]
	}
	// A score range of 0.1: the state keeps the configured number, which
	// no float64 is (the framework's float64 semantic equality).
	fine := applied(v1p1, item("read-li", map[string]tftypes.Value{"description": str("Chapter 1"),
		"result_value_min": tftypes.NewValue(tftypes.Number, 0), "result_value_max": tftypes.NewValue(tftypes.Number, 0.1)}))
	gone := applied(v1p1, item("read-li-gone", nil))
	changed := applied(v1p1, item("read-li-changed", nil))
	v12 := applied(v1p2, item("read-li-12", map[string]tftypes.Value{"academic_session_sourced_id": str(x.Term)}))
	importedItem := imported(v1p1, "read-li")
	importedMissing := imported(v1p1, "read-li-missing")
	state := func(d *tfprotov6.DynamicValue) tftypes.Value {
		v, err := d.Unmarshal(itemType)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	read := func(name string, servers serverPair, resp *tfprotov6.ApplyResourceChangeResponse) readCase {
		return readCase{name: name, servers: servers, state: state(resp.NewState), private: resp.Private, identity: resp.NewIdentity, direct: true}
	}
	with := func(c readCase, change func(*readCase)) readCase { change(&c); return c }
	cases := []readCase{
		read("a refresh after apply", v1p1, fine),
		with(read("a refresh from a CLI without identities", v1p1, fine), func(c *readCase) { c.identity = nil }),
		with(read("an identity without its data", v1p1, fine), func(c *readCase) { c.identity, c.direct = &tfprotov6.ResourceIdentityData{}, false }),
		with(read("private state of several keys", v1p1, fine), func(c *readCase) { c.private = []byte(`{"z":"eyJhIjoxfQ==","a":"WzEsMl0="}`) }),
		with(read("private state the framework refuses", v1p1, fine), func(c *readCase) { c.private, c.direct = []byte(`{"a":"bm90IGpzb24="}`), false }),
		with(read("an identity that names another line item", v1p1, fine), func(c *readCase) {
			other := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"sourced_id": tftypes.String}}
			d, err := tfprotov6.NewDynamicValue(other, tftypes.NewValue(other, map[string]tftypes.Value{"sourced_id": str("another")}))
			if err != nil {
				t.Fatal(err)
			}
			c.identity = &tfprotov6.ResourceIdentityData{IdentityData: &d}
		}),
		read("changed on the server", v1p1, changed),
		with(read("deleted on the server: gone (404)", v1p1, gone), func(c *readCase) {
			c.before = func() {
				if err := oneroster.LineItems.Delete(ctx, client, "read-li-gone"); err != nil && !oneroster.IsNotFound(err) {
					t.Fatal(err)
				}
			}
		}),
		with(read("the read refused (403)", v1p1, fine), func(c *readCase) {
			c.faults = []sandbox.Fault{{Method: "GET", Path: "/lineItems/read-li", Kind: sandbox.FaultStatus, Status: 403}}
		}),
		{name: "the read after an import", servers: v1p1, state: state(importedItem.State), private: importedItem.Private, identity: importedItem.Identity,
			direct: true},
		{name: "the read after an import of a line item the server lacks (404)", servers: v1p1, state: state(importedMissing.State),
			private: importedMissing.Private, identity: importedMissing.Identity, direct: true},
		read("1.2: a refresh", v1p2, v12),
		read("a 1.2 state read against 1.1", v1p1, v12),
		read("the provider not configured", unconfigured, fine),
	}
	// A server that half-answers or lies about the read, once and for
	// good (a client that retries once). The client retries a 5xx, a reset
	// and a truncated body, and then gets the honest server's answer; the
	// others are errors at once.
	for _, f := range []sandbox.Fault{
		{Kind: sandbox.FaultStatus, Status: 503}, {Kind: sandbox.FaultStatus, Status: 500}, {Kind: sandbox.FaultReset},
		{Kind: sandbox.FaultTruncated}, {Kind: sandbox.FaultHTML200}, {Kind: sandbox.FaultEmpty200}, {Kind: sandbox.FaultImsxFailure},
		{Kind: sandbox.FaultEndlessBody},
	} {
		retried := f.Kind == sandbox.FaultStatus || f.Kind == sandbox.FaultReset || f.Kind == sandbox.FaultTruncated
		answered := strings.TrimSuffix(fmt.Sprintf("%s %d", f.Kind, f.Status), " 0")
		for _, lasting := range []struct {
			how     string
			count   int
			servers serverPair
		}{{"once", 1, v1p1}, {"for good", 0, oneRetry}} {
			cases = append(cases, with(read("the read answered "+answered+" "+lasting.how, lasting.servers, fine), func(c *readCase) {
				f.Method, f.Path, f.Count = "GET", "/lineItems/read-li", lasting.count
				c.faults, c.honest = []sandbox.Fault{f}, retried && lasting.count == 1
			}))
		}
	}
	// Out of band, before the reads: a changed title.
	if _, err := oneroster.LineItems.Put(ctx, client, "read-li-changed", &model.LineItem{Title: "Retitled", AssignDate: "2025-09-01T00:00:00Z",
		DueDate: "2025-09-08", Class: &model.Ref{SourcedID: x.Class}, Category: &model.Ref{SourcedID: x.Category}}); err != nil {
		t.Fatal(err)
	}
	checkReadsAnswerAsTheFramework(t, readSuite{sb: sb, typeName: typeName, stateType: itemType, checkPath: true, cases: cases})
}
