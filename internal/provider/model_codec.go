package provider

import (
	"context"
	"reflect"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// modelCodec converts between a state's value and a resource's model M
// (a struct of framework values, tagged `tfsdk:"name"`) as tfsdk's
// State.Get and State.Set do, without their reflection on every call:
// they read the struct's tags, build a path for every attribute and walk
// the whole value again after the conversion, which for a line item cost
// most of its direct read (server_read.go). What they look up on each call
// is looked up here once per model type: each attribute's name, field
// index and type. The values themselves are converted by their own types
// (attr.Type.ValueFromTerraform, attr.Value.ToTerraformValue), as the
// framework converts them, nested lists and objects included.
//
// A model the codec cannot convert exactly as tfsdk does (fields not of
// framework values, tags that do not match the schema one to one,
// values or types that validate themselves) gets no codec, and a value
// that does not fit (a null or unknown state, another type, a list of
// the wrong element type) is not converted: in both cases modelFromState
// and stateFromModel run tfsdk's conversion, which gives its own
// diagnostics. model_codec_internal_test.go holds the answers equal to
// tfsdk's for every gradebook model.
type modelCodec[M any] struct {
	stateType tftypes.Object // the schema's
	fields    []codecField
}

// codecField is one attribute of a model.
type codecField struct {
	name   string
	index  []int // the struct field, embedded structs included
	typ    attr.Type
	tfType tftypes.Type
	//nolint:staticcheck // xattr.TypeWithValidate is deprecated, but tfsdk still calls it.
	validate xattr.TypeWithValidate // typ's own checks (a float64's range), nil for none
}

// valid reports whether the field's type finds nothing to say about v,
// as tfsdk asks it to on each conversion; when it does, tfsdk is left to
// say it.
func (f *codecField) valid(ctx context.Context, v tftypes.Value) bool {
	return f.validate == nil || len(f.validate.Validate(ctx, v, path.Empty())) == 0
}

// modelCodecs holds each model type's codec (a *modelCodec[M], nil for a
// model the codec cannot convert), built at its first use.
var modelCodecs sync.Map

// codecFor is M's codec, built once per model type (a model is the model
// of one schema) for the schema sch of its first use; nil when M cannot
// have one. A value of another schema's type is never converted with it:
// decode checks the value's type, and stateFromModel the prior state's.
func codecFor[M any](ctx context.Context, sch schema.Schema) *modelCodec[M] {
	key := reflect.TypeFor[M]()
	c, ok := modelCodecs.Load(key)
	if !ok {
		c, _ = modelCodecs.LoadOrStore(key, newModelCodec[M](ctx, sch))
	}
	codec, _ := c.(*modelCodec[M])
	return codec
}

var attrValueType = reflect.TypeFor[attr.Value]()

// newModelCodec builds M's codec for the schema sch; nil when M's
// conversion needs tfsdk (see modelCodec).
func newModelCodec[M any](ctx context.Context, sch schema.Schema) *modelCodec[M] {
	root, ok := sch.Type().(basetypes.ObjectType)
	if !ok {
		return nil
	}
	stateType, ok := root.TerraformType(ctx).(tftypes.Object)
	if !ok {
		return nil
	}
	c := &modelCodec[M]{stateType: stateType}
	if !c.addFields(ctx, reflect.TypeFor[M](), nil, root.AttrTypes) || len(c.fields) != len(root.AttrTypes) {
		return nil
	}
	return c
}

// addFields adds the tagged fields of the struct t (at index within M)
// to c; false for a struct tfsdk converts otherwise, or would refuse.
func (c *modelCodec[M]) addFields(ctx context.Context, t reflect.Type, within []int, attrTypes map[string]attr.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		index := append(append([]int(nil), within...), i)
		name, tagged := f.Tag.Lookup("tfsdk")
		switch {
		case name == "-" || !f.IsExported() && !f.Anonymous: // tfsdk skips them too
			continue
		case !tagged && f.Anonymous && f.Type.Kind() == reflect.Struct:
			if !c.addFields(ctx, f.Type, index, attrTypes) {
				return false
			}
			continue
		case !tagged || f.Anonymous:
			return false
		}
		typ, ok := attrTypes[name]
		if !ok || !convertsPlainly(ctx, typ, f.Type) || c.has(name) {
			return false
		}
		field := codecField{name: name, index: index, typ: typ, tfType: typ.TerraformType(ctx)}
		//nolint:staticcheck // xattr.TypeWithValidate is deprecated, but tfsdk still calls it.
		field.validate, _ = typ.(xattr.TypeWithValidate)
		c.fields = append(c.fields, field)
	}
	return true
}

func (c *modelCodec[M]) has(name string) bool {
	for _, f := range c.fields {
		if f.name == name {
			return true
		}
	}
	return false
}

// convertsPlainly reports whether a field of Go type field holds values
// of typ that tfsdk converts with their type's methods alone: the value
// type is the field's, and values do not validate themselves (tfsdk asks
// them, with the attribute's path; the codec does not); no dynamic values
// either. Types that validate values (the framework's float64 and list
// types) are asked by the codec too.
func convertsPlainly(ctx context.Context, typ attr.Type, field reflect.Type) bool {
	value := typ.ValueType(ctx)
	if value == nil || reflect.TypeOf(value) != field || !reflect.PointerTo(field).Implements(attrValueType) {
		return false
	}
	if _, ok := value.(xattr.ValidateableAttribute); ok {
		return false
	}
	return !typ.TerraformType(ctx).Is(tftypes.DynamicPseudoType)
}

// decode fills m from v, as State.Get would; false, with m untouched, for
// a value it does not convert (see modelCodec).
func (c *modelCodec[M]) decode(ctx context.Context, v tftypes.Value, m *M) bool {
	if !v.IsKnown() || v.IsNull() || !v.Type().Equal(c.stateType) {
		return false
	}
	var attrs map[string]tftypes.Value
	if v.As(&attrs) != nil {
		return false
	}
	var out M
	model := reflect.ValueOf(&out).Elem()
	for i := range c.fields {
		f := &c.fields[i]
		tv, ok := attrs[f.name]
		if !ok {
			return false
		}
		value, err := f.typ.ValueFromTerraform(ctx, tv)
		if err != nil || !f.valid(ctx, tv) {
			return false
		}
		field, rv := model.FieldByIndex(f.index), reflect.ValueOf(value)
		if rv.Type() != field.Type() {
			return false
		}
		field.Set(rv)
	}
	*m = out
	return true
}

// encode is m's value, as State.Set would make it; false for a model it
// does not convert (a value whose type is not the schema's).
func (c *modelCodec[M]) encode(ctx context.Context, m *M) (tftypes.Value, bool) {
	model := reflect.ValueOf(m).Elem()
	attrs := make(map[string]tftypes.Value, len(c.fields))
	for i := range c.fields {
		f := &c.fields[i]
		value, ok := model.FieldByIndex(f.index).Addr().Interface().(attr.Value)
		if !ok {
			return tftypes.Value{}, false
		}
		tv, err := value.ToTerraformValue(ctx)
		if err != nil || !tv.Type().Equal(f.tfType) || !f.valid(ctx, tv) {
			return tftypes.Value{}, false
		}
		attrs[f.name] = tv
	}
	return tftypes.NewValue(c.stateType, attrs), true
}

// modelFromState fills m from the state's value v (of the schema sch) as
// tfsdk's State.Get does: with M's codec where it converts v, through
// State.Get otherwise (and for its diagnostics).
func modelFromState[M any](ctx context.Context, sch schema.Schema, v tftypes.Value, m *M, diags *diag.Diagnostics) {
	if c := codecFor[M](ctx, sch); c != nil && c.decode(ctx, v, m) {
		return
	}
	state := tfsdk.State{Schema: sch, Raw: v}
	diags.Append(state.Get(ctx, m)...)
}

// stateFromModel is the state's value after tfsdk's State.Set of m on a
// state of the schema sch holding prior: m's value, or prior after an
// error; with M's codec where it converts m, through State.Set otherwise
// (and for its diagnostics).
func stateFromModel[M any](ctx context.Context, sch schema.Schema, prior tftypes.Value, m *M, diags *diag.Diagnostics) tftypes.Value {
	if c := codecFor[M](ctx, sch); c != nil && prior.Type().Equal(c.stateType) {
		if v, ok := c.encode(ctx, m); ok {
			return v
		}
	}
	state := tfsdk.State{Schema: sch, Raw: prior}
	diags.Append(state.Set(ctx, m)...)
	return state.Raw
}
