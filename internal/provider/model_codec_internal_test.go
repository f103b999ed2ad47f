package provider

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
)

// The model codec (model_codec.go) must convert every gradebook model as
// tfsdk's State.Get and State.Set do: the same model from each value, the
// same value from each model, and, for a value or a model that does not
// fit, tfsdk's own diagnostics. Every gradebook resource the provider
// registers is checked, over values made from its schema: nulls,
// unknowns, empty and populated lists (nested ones too), exact decimals.
func TestModelCodecConvertsAsTfsdk(t *testing.T) {
	ctx := context.Background()
	checked := 0
	for _, newResource := range New("test")().Resources(ctx) {
		r := newResource()
		c, ok := r.(codecChecked)
		if !ok {
			continue
		}
		checked++
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "oneroster"}, &meta)
		var sch resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sch)
		t.Run(meta.TypeName, func(t *testing.T) {
			for _, problem := range c.codecProblems(ctx, sch.Schema, nil) {
				t.Error(problem)
			}
		})
	}
	if checked < 6 {
		t.Fatalf("only %d gradebook resources were checked; the provider registers six", checked)
	}
}

// A codec that maps an attribute to another field, converts a value with
// another type, or leaves an attribute out must fail the comparison.
func TestModelCodecComparisonCatchesABrokenCodec(t *testing.T) {
	ctx := context.Background()
	r := newLineItemResource().(*gradebookResource[model.LineItem, lineItemModel])
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	byName := func(fields []codecField, name string) int {
		return slices.IndexFunc(fields, func(f codecField) bool { return f.name == name })
	}
	breakers := map[string]func([]codecField) []codecField{
		"title and description swapped": func(fields []codecField) []codecField {
			a, b := byName(fields, "title"), byName(fields, "description")
			fields[a].index, fields[b].index = fields[b].index, fields[a].index
			return fields
		},
		"a score converted as a number": func(fields []codecField) []codecField {
			fields[byName(fields, "result_value_max")].typ = types.NumberType
			return fields
		},
		"an attribute left out": func(fields []codecField) []codecField {
			return slices.Delete(fields, byName(fields, "due_date"), byName(fields, "due_date")+1)
		},
	}
	for name, breaker := range breakers {
		problems := r.codecProblems(ctx, sch.Schema, breaker)
		t.Logf("%s: %d problems, the first: %.200s", name, len(problems), append(problems, "")[0])
		if len(problems) == 0 {
			t.Errorf("%s: the comparison finds nothing wrong", name)
		}
	}
	if problems := r.codecProblems(ctx, sch.Schema, nil); len(problems) > 0 {
		t.Errorf("the line item's own codec: %v", problems)
	}
}

// codecChecked is a resource whose model's codec can be checked: the
// gradebook resources, whatever their model.
type codecChecked interface {
	codecProblems(ctx context.Context, sch schema.Schema, breaker func([]codecField) []codecField) []string
}

// codecProblems compares the codec of the resource's model (changed by
// breaker, if any) with tfsdk over samples of the schema's values.
func (r *gradebookResource[T, M]) codecProblems(ctx context.Context, sch schema.Schema, breaker func([]codecField) []codecField) (
	problems []string) {
	c := newModelCodec[M](ctx, sch)
	if c == nil {
		return []string{"the model has no codec"}
	}
	if codecFor[M](ctx, sch) == nil {
		return []string{"the model's cached codec is nil"}
	}
	if breaker != nil {
		c = &modelCodec[M]{stateType: c.stateType, fields: breaker(slices.Clone(c.fields))}
	}
	defer func() {
		if p := recover(); p != nil {
			problems = append(problems, fmt.Sprintf("panic: %v", p))
		}
	}()
	stateType := sch.Type().TerraformType(ctx)
	for name, rule := range sampleRules {
		problems = append(problems, compareFitting(ctx, sch, c, name, sampleValue(stateType, "", 0, rule))...)
	}
	for name, v := range unfitValues(stateType) {
		problems = append(problems, compareUnfit(ctx, sch, c, name, v)...)
	}
	return append(problems, compareUnfitModel(ctx, sch, c)...)
}

// compareFitting compares the codec with tfsdk on v, a value of the
// schema's type.
func compareFitting[M any](ctx context.Context, sch schema.Schema, c *modelCodec[M], name string, v tftypes.Value) []string {
	var problems []string
	var viaTfsdk, viaCodec M
	state := tfsdk.State{Schema: sch, Raw: v}
	if diags := state.Get(ctx, &viaTfsdk); diags.HasError() {
		return []string{fmt.Sprintf("%s: tfsdk refuses the sample: %v", name, diags)}
	}
	if !c.decode(ctx, v, &viaCodec) {
		return []string{fmt.Sprintf("%s: the codec refuses a value tfsdk converts", name)}
	}
	for _, d := range modelDifferences(reflect.ValueOf(viaTfsdk), reflect.ValueOf(viaCodec)) {
		problems = append(problems, fmt.Sprintf("%s: decoded %s", name, d))
	}
	set := tfsdk.State{Schema: sch, Raw: tftypes.NewValue(v.Type(), nil)}
	if diags := set.Set(ctx, &viaTfsdk); diags.HasError() {
		return append(problems, fmt.Sprintf("%s: tfsdk cannot set its own model: %v", name, diags))
	}
	encoded, ok := c.encode(ctx, &viaTfsdk)
	switch {
	case !ok:
		problems = append(problems, fmt.Sprintf("%s: the codec refuses a model tfsdk sets", name))
	case !encoded.Equal(set.Raw):
		problems = append(problems, fmt.Sprintf("%s: encoded %s, tfsdk sets %s", name, encoded, set.Raw))
	case !encoded.Equal(v):
		problems = append(problems, fmt.Sprintf("%s: encoded %s from %s", name, encoded, v))
	}
	return problems
}

// compareUnfit checks that the codec leaves a value that does not fit to
// tfsdk, and that modelFromState answers as State.Get.
func compareUnfit[M any](ctx context.Context, sch schema.Schema, c *modelCodec[M], name string, v tftypes.Value) []string {
	var problems []string
	var viaCodec, viaTfsdk, viaEither M
	if c.decode(ctx, v, &viaCodec) {
		problems = append(problems, fmt.Sprintf("%s: the codec converts a value that does not fit", name))
	}
	state := tfsdk.State{Schema: sch, Raw: v}
	want := state.Get(ctx, &viaTfsdk)
	if !want.HasError() {
		problems = append(problems, fmt.Sprintf("%s: tfsdk converts it without an error", name))
	}
	var got diag.Diagnostics
	modelFromState(ctx, sch, v, &viaEither, &got)
	if !got.Equal(want) {
		problems = append(problems, fmt.Sprintf("%s: diagnostics %v, tfsdk's %v", name, got, want))
	}
	return problems
}

// compareUnfitModel checks that the codec leaves a model whose timeouts
// are of another type to tfsdk, and that stateFromModel answers as
// State.Set, the prior state kept.
func compareUnfitModel[M any](ctx context.Context, sch schema.Schema, c *modelCodec[M]) []string {
	// A model that fits but for its timeouts: tfsdk reports the first
	// error it meets, in no set order.
	prior := sampleValue(sch.Type().TerraformType(ctx), "", 0, sampleRules["populated"])
	var m M
	if diags := (&tfsdk.State{Schema: sch, Raw: prior}).Get(ctx, &m); diags.HasError() {
		return []string{fmt.Sprintf("tfsdk refuses the sample: %v", diags)}
	}
	wrong := timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.BoolType})}
	model := reflect.ValueOf(&m).Elem()
	set := false
	for _, f := range c.fields {
		if field := model.FieldByIndex(f.index); field.Type() == reflect.TypeOf(wrong) {
			field.Set(reflect.ValueOf(wrong))
			set = true
		}
	}
	if !set {
		return []string{"the model has no timeouts to set wrong"}
	}
	var problems []string
	if _, ok := c.encode(ctx, &m); ok {
		problems = append(problems, "the codec encodes timeouts of another type")
	}
	state := tfsdk.State{Schema: sch, Raw: prior}
	want := state.Set(ctx, &m)
	var got diag.Diagnostics
	v := stateFromModel(ctx, sch, prior, &m, &got)
	if !want.HasError() || !got.Equal(want) || !v.Equal(state.Raw) {
		problems = append(problems, fmt.Sprintf("timeouts of another type: diagnostics %v and %s, tfsdk's %v and %s", got, v, want, state.Raw))
	}
	return problems
}

// modelDifferences lists the fields of two models (structs of framework
// values, embedded structs included) that differ.
func modelDifferences(a, b reflect.Value) []string {
	var out []string
	for i := range a.NumField() {
		f := a.Type().Field(i)
		if f.Anonymous {
			out = append(out, modelDifferences(a.Field(i), b.Field(i))...)
			continue
		}
		x, ok1 := a.Field(i).Interface().(attr.Value)
		y, ok2 := b.Field(i).Interface().(attr.Value)
		if !ok1 || !ok2 || !x.Equal(y) || x.String() != y.String() {
			out = append(out, fmt.Sprintf("%s: %v, tfsdk's %v", f.Name, b.Field(i), a.Field(i)))
		}
	}
	return out
}

// sampleChoice is what a sample holds at a place.
type sampleChoice int

const (
	sampleSet     sampleChoice = iota // a value; lists with two entries
	sampleNull                        // null
	sampleUnknown                     // unknown
	sampleEmpty                       // an empty list, "", 0 or false
)

// sampleRule chooses what a sample holds at the attribute path at, of type
// t, depth lists deep.
type sampleRule func(at string, t tftypes.Type, depth int) sampleChoice

func isCollection(t tftypes.Type) bool {
	return t.Is(tftypes.List{}) || t.Is(tftypes.Object{}) || t.Is(tftypes.Set{}) || t.Is(tftypes.Map{})
}

var sampleRules = map[string]sampleRule{
	"nulls": func(at string, _ tftypes.Type, _ int) sampleChoice {
		if at == "" {
			return sampleSet
		}
		return sampleNull
	},
	"populated": func(string, tftypes.Type, int) sampleChoice { return sampleSet },
	"empty":     func(string, tftypes.Type, int) sampleChoice { return sampleEmpty },
	"unknown values": func(_ string, t tftypes.Type, _ int) sampleChoice {
		if isCollection(t) {
			return sampleSet
		}
		return sampleUnknown
	},
	"unknown lists and objects": func(at string, t tftypes.Type, _ int) sampleChoice {
		if at != "" && isCollection(t) {
			return sampleUnknown
		}
		return sampleSet
	},
	// Entries whose nested lists are empty, null or set.
	"nested lists": func(at string, t tftypes.Type, depth int) sampleChoice {
		if depth > 0 && t.Is(tftypes.List{}) {
			return []sampleChoice{sampleEmpty, sampleNull, sampleSet}[len(at)%3]
		}
		return sampleSet
	},
	"mixed": func(at string, _ tftypes.Type, _ int) sampleChoice {
		if at == "" {
			return sampleSet
		}
		return sampleChoice(len(at) % 4)
	},
}

// sampleValue is a value of t at the attribute path at, as rule chooses.
func sampleValue(t tftypes.Type, at string, depth int, rule sampleRule) tftypes.Value {
	choice := rule(at, t, depth)
	switch choice {
	case sampleNull:
		return tftypes.NewValue(t, nil)
	case sampleUnknown:
		return tftypes.NewValue(t, tftypes.UnknownValue)
	}
	switch typ := t.(type) {
	case tftypes.Object:
		attrs := map[string]tftypes.Value{}
		for name, at2 := range typ.AttributeTypes {
			attrs[name] = sampleValue(at2, at+"."+name, depth, rule)
		}
		return tftypes.NewValue(t, attrs)
	case tftypes.List:
		elems := []tftypes.Value{}
		if choice == sampleSet {
			for i := range 2 {
				elems = append(elems, sampleValue(typ.ElementType, fmt.Sprintf("%s[%d]", at, i), depth+1, rule))
			}
		}
		return tftypes.NewValue(t, elems)
	}
	switch {
	case t.Is(tftypes.String) && choice == sampleEmpty:
		return tftypes.NewValue(t, "")
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, "value of "+at)
	case t.Is(tftypes.Number) && choice == sampleEmpty:
		return tftypes.NewValue(t, new(big.Float))
	case t.Is(tftypes.Number) && len(at)%2 == 0:
		// A decimal as a configuration gives it, which no float64 is.
		exact, _, _ := big.ParseFloat("0.1", 10, 512, big.ToNearestEven)
		return tftypes.NewValue(t, exact)
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, big.NewFloat(97.5))
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, choice == sampleSet)
	}
	panic("no sample of " + t.String())
}

// unfitValues are values that are not of the schema's type, or not a
// state: tfsdk refuses them with diagnostics.
func unfitValues(stateType tftypes.Type) map[string]tftypes.Value {
	object := stateType.(tftypes.Object)
	populated := sampleValue(stateType, "", 0, sampleRules["populated"])
	var attrs map[string]tftypes.Value
	_ = populated.As(&attrs)
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	retyped := func(change func(types map[string]tftypes.Type, values map[string]tftypes.Value)) tftypes.Value {
		types, values := map[string]tftypes.Type{}, map[string]tftypes.Value{}
		for name, t := range object.AttributeTypes {
			types[name], values[name] = t, attrs[name]
		}
		change(types, values)
		return tftypes.NewValue(tftypes.Object{AttributeTypes: types}, values)
	}
	// A number beyond a float64, both ways, in the first number attribute
	// (one only: tfsdk names the first it meets, in no fixed order): the
	// framework's float64 type refuses it. A model without a number has
	// no such value to test.
	beyond := map[string]tftypes.Value{}
	for _, name := range names {
		if !object.AttributeTypes[name].Is(tftypes.Number) {
			continue
		}
		for _, text := range []string{"1e400", "1e-400"} {
			n, _, _ := big.ParseFloat(text, 10, 512, big.ToNearestEven)
			beyond[name+" of "+text] = retyped(func(_ map[string]tftypes.Type, values map[string]tftypes.Value) {
				values[name] = tftypes.NewValue(tftypes.Number, n)
			})
		}
		break
	}
	unfit := map[string]tftypes.Value{
		"a null state":     tftypes.NewValue(stateType, nil),
		"an unknown state": tftypes.NewValue(stateType, tftypes.UnknownValue),
		"an attribute missing": retyped(func(types map[string]tftypes.Type, values map[string]tftypes.Value) {
			delete(types, names[0])
			delete(values, names[0])
		}),
		"an attribute more": retyped(func(types map[string]tftypes.Type, values map[string]tftypes.Value) {
			types["zz_extra"], values["zz_extra"] = tftypes.String, tftypes.NewValue(tftypes.String, "x")
		}),
		"an attribute of another type": retyped(func(types map[string]tftypes.Type, values map[string]tftypes.Value) {
			name := "sourced_id"
			types[name], values[name] = tftypes.Bool, tftypes.NewValue(tftypes.Bool, true)
		}),
	}
	maps.Copy(unfit, beyond)
	return unfit
}

// A codec is built for the schema of its model's first use: a model used
// with another schema (a copy with one more attribute here) converts
// through tfsdk, never with the first schema's types, both ways.
func TestModelCodecKeepsToTheSchemaItWasBuiltFor(t *testing.T) {
	ctx := context.Background()
	r := newLineItemResource()
	var resp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &resp)
	if codecFor[lineItemModel](ctx, resp.Schema) == nil {
		t.Fatal("the line item's model has no codec")
	}
	other := resp.Schema
	other.Attributes = maps.Clone(other.Attributes)
	other.Attributes["extra"] = schema.StringAttribute{Optional: true}
	otherType := other.Type().TerraformType(ctx).(tftypes.Object)
	prior := tftypes.NewValue(otherType, nil)

	var m lineItemModel // a model the codec encodes, read from a state of its own schema
	var got diag.Diagnostics
	modelFromState(ctx, resp.Schema, sampleValue(resp.Schema.Type().TerraformType(ctx), "", 0, sampleRules["populated"]), &m, &got)
	if got.HasError() {
		t.Fatal(got)
	}
	v := stateFromModel(ctx, other, prior, &m, &got)
	state := tfsdk.State{Schema: other, Raw: prior}
	want := state.Set(ctx, &m)
	if !got.Equal(want) || !v.Equal(state.Raw) {
		t.Errorf("a model set on another schema's state: %v and %s, tfsdk's %v and %s", got, v, want, state.Raw)
	}

	value := sampleValue(otherType, "", 0, sampleRules["populated"])
	got = nil
	modelFromState(ctx, other, value, &m, &got)
	want = tfsdk.State{Schema: other, Raw: value}.Get(ctx, &lineItemModel{})
	if !got.Equal(want) {
		t.Errorf("another schema's state read into the model: %v, tfsdk's %v", got, want)
	}
}
