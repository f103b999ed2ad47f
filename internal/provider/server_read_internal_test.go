package provider

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// The server answers the result set's reads itself (server_read_test.go
// holds every answer equal to the framework's; this test holds that the
// short path is the one taken, and only where it should be).
func TestResultSetReadsTakeTheShortPath(t *testing.T) {
	srv := newTestServer(t)
	set, ok := srv.directReads["oneroster_result_set"]
	if !ok {
		t.Fatal("the result set's reads are not answered directly")
	}
	if set.identityType == nil {
		t.Fatal("the result set's reads do not set its identity")
	}
	setType := set.stateType.(tftypes.Object)
	state := func(results any) *tfprotov6.DynamicValue {
		attrs := nullAttributes(setType)
		attrs["line_item_sourced_id"] = tftypes.NewValue(tftypes.String, "li")
		attrs["results"] = tftypes.NewValue(setType.AttributeTypes["results"], results)
		d, err := tfprotov6.NewDynamicValue(setType, tftypes.NewValue(setType, attrs))
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	for _, tc := range []struct {
		name    string
		state   *tfprotov6.DynamicValue
		private []byte
		short   bool
	}{
		// Unconfigured: the read fails before any request, with the
		// provider's error, on either path.
		{"an import's state", state(nil), []byte(`{".import_before_read":"dHJ1ZQ=="}`), true},
		{"no entries", state(map[string]tftypes.Value{}), nil, true},
		{"an unknown value", state(tftypes.UnknownValue), nil, false},
		{"private state the framework refuses", state(nil), []byte(`{"k":""}`), false},
		{"private state of another SDK", state(nil), []byte(`{"k":{"a":1}}`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, ok := set.read(context.Background(), srv.provider, &tfprotov6.ReadResourceRequest{
				TypeName: "oneroster_result_set", CurrentState: tc.state, Private: tc.private})
			if ok != tc.short {
				t.Fatalf("short path taken: %v, want %v", ok, tc.short)
			}
			if ok && (len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != "OneRoster provider not configured") {
				t.Errorf("diagnostics: %v, want the provider's not configured", resp.Diagnostics)
			}
		})
	}
}

// keepAlong puts back the prior value of each float64 equal to
// the new one as a float64, at any depth of objects, maps and lists, as the
// framework's semantic equality does; the result set's own reads keep such
// numbers already (storedNumber), so its equivalence test cannot tell.
func TestKeepSemanticallyEqualPutsBackEqualFloats(t *testing.T) {
	ctx := context.Background()
	inner := types.ObjectType{AttrTypes: map[string]attr.Type{"f": types.Float64Type}}
	entry := types.ObjectType{AttrTypes: map[string]attr.Type{"f": types.Float64Type, "s": types.StringType, "l": types.ListType{ElemType: inner}}}
	typ := types.ObjectType{AttrTypes: map[string]attr.Type{"m": types.MapType{ElemType: entry}, "set": types.SetType{ElemType: types.StringType}}}
	tfType := typ.TerraformType(ctx)
	precise := func(s string) tftypes.Value {
		f, _, err := big.ParseFloat(s, 10, 512, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return tftypes.NewValue(tftypes.Number, f)
	}
	float := func(f float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(f)) }
	value := func(entries map[string][2]tftypes.Value) tftypes.Value {
		m := map[string]tftypes.Value{}
		innerType, entryType := inner.TerraformType(ctx), entry.TerraformType(ctx)
		for k, fs := range entries {
			m[k] = tftypes.NewValue(entryType, map[string]tftypes.Value{"f": fs[0], "s": tftypes.NewValue(tftypes.String, k),
				"l": tftypes.NewValue(tftypes.List{ElementType: innerType}, []tftypes.Value{tftypes.NewValue(innerType, map[string]tftypes.Value{"f": fs[1]})})})
		}
		return tftypes.NewValue(tfType, map[string]tftypes.Value{
			"m":   tftypes.NewValue(tftypes.Map{ElementType: entryType}, m),
			"set": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "x")}),
		})
	}
	null := tftypes.NewValue(tftypes.Number, nil)
	prior := value(map[string][2]tftypes.Value{"a": {precise("0.1"), precise("0.3")}, "b": {precise("0.2"), null}, "c": {precise("0.1"), float(1)}})
	priorCopy := prior.Copy()
	proposed := value(map[string][2]tftypes.Value{"a": {float(0.1), float(0.3)}, "b": {float(0.25), float(0.2)}, "d": {float(0.1), float(0.1)}})
	want := value(map[string][2]tftypes.Value{"a": {precise("0.1"), precise("0.3")}, "b": {float(0.25), float(0.2)}, "d": {float(0.1), float(0.1)}})
	got, _, diags := keepAlong(ctx, typ, newSemanticTree(ctx, typ), prior, proposed)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !got.Equal(want) {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// The walk goes only where a semantic equality is: not to the set,
	// nor to the entries' strings.
	tree := newSemanticTree(ctx, typ)
	entryTree := tree.attrs["m"].elem
	if len(tree.attrs) != 1 || entryTree == nil || len(entryTree.attrs) != 2 || !entryTree.attrs["f"].leaf ||
		!entryTree.attrs["l"].elem.attrs["f"].leaf {
		t.Errorf("the walk's tree: %+v, want m's entries' f and l's f only", tree)
	}
	if !prior.Equal(priorCopy) {
		t.Errorf("the prior value changed: %s", prior)
	}
	if semanticEqualityBeyondLeaves(ctx, typ) {
		t.Error("float64 leaves count as a semantic equality the walk does not apply")
	}
	if !semanticEqualityBeyondLeaves(ctx, types.SetType{ElemType: types.Float64Type}) {
		t.Error("a set of float64 counts as walked")
	}
}

// StopProvider (an interrupted CLI) cancels the calls the server answers
// itself, as the framework cancels its own, and not those that start after.
func TestStopProviderCancelsTheServersOwnCalls(t *testing.T) {
	srv := newTestServer(t)
	inFlight, done := srv.stoppable(context.Background())
	defer done()
	finished, release := srv.stoppable(context.Background())
	release()
	if _, err := srv.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{}); err != nil {
		t.Fatal(err)
	}
	select { // cancelled from a goroutine of its own (context.AfterFunc)
	case <-inFlight.Done():
	case <-time.After(5 * time.Second):
		t.Error("a call in flight was not cancelled by StopProvider")
	}
	if finished.Err() == nil {
		t.Error("a finished call's context was not released") // done cancels it
	}
	later, doneLater := srv.stoppable(context.Background())
	defer doneLater()
	if later.Err() != nil {
		t.Error("a call that started after StopProvider is cancelled")
	}
}

// panickingPrivate is a private state whose writes panic: a bug in the
// middle of a read, after its requests.
type panickingPrivate struct{ privateData }

func (panickingPrivate) SetKey(context.Context, string, []byte) diag.Diagnostics { panic("boom") }

// A panic in the middle of a direct read is answered as the framework
// answers it (recoverSet's error, the state as it was), not handed to the
// framework, which would send the read's requests again.
func TestResultSetDirectReadAnswersItsPanics(t *testing.T) {
	ctx := context.Background()
	sb, err := sandbox.Start(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = sb.Close() }()
	client, err := oneroster.New(oneroster.Config{BaseURL: sb.BaseURL,
		Auth: &oneroster.OAuth2ClientCredentials{ClientID: sandbox.ClientID, ClientSecret: sandbox.ClientSecret, TokenURL: sb.TokenURL}})
	if err != nil {
		t.Fatal(err)
	}
	r := &resultSetResource{data: &providerData{client: client}}
	lineItem := sb.Server.ActiveSourcedIDs("lineItems", 1)[0]
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	stateType := sch.Schema.Type().TerraformType(ctx).(tftypes.Object)
	attrs := nullAttributes(stateType)
	attrs["line_item_sourced_id"] = tftypes.NewValue(tftypes.String, lineItem)
	state := tftypes.NewValue(stateType, attrs)
	var diags diag.Diagnostics
	newState, ok := r.readValue(ctx, schema.Schema{}, state, nil, panickingPrivate{}, &diags)
	if !ok {
		t.Fatal("a read that panicked after its requests was handed to the framework")
	}
	if !newState.Equal(state) || !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), "boom") {
		t.Errorf("state %s, diagnostics %v; want the state as it was and the panic's error", newState, diags)
	}
}
