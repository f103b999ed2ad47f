package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A grade push validates each line item's and result set's configuration
// (ValidateResourceConfig) once in a no-change plan and twice in an
// apply, each time in a new provider process; a result set has 25
// entries of a dozen attributes each. The framework finds every
// attribute's value by its path, converting the path against the schema
// each time, and a resource's ValidateConfig that reads the
// configuration with tfsdk's Get fills its model by reflection. Nearly
// always the answer is "no diagnostics". The provider's server runs, for
// the resource types that opt in (directValidator: result sets, and the
// gradebook kinds that say so, line items), what the framework runs,
// walking the configuration along the schema instead of by path, and
// answers only when nothing finds anything; every other configuration
// goes to the framework, which then answers it with its own diagnostics.
// What the framework runs, and how the direct path stands for each:
//
//   - the resource's Configure with the provider's data: run; any
//     diagnostic goes to the framework;
//   - the resource's ConfigValidators: run, with the same request; and
//     its ValidateConfig, which for these types is validateValue on the
//     configuration's value: run on the value the server decoded; any
//     diagnostic goes to the framework;
//   - for every attribute at every nesting level (the entries of nested
//     lists and maps included): the checks of a read-only attribute that
//     is set and a required one that is null, done on the configuration's
//     own (tftypes) value; the attribute type's own Validate on that value
//     (sets refuse duplicates, float64 and int64 numbers they cannot hold);
//     and the attribute's validators, with the same value, path, path
//     expression and client capabilities. The value is converted to the
//     framework's, attribute by attribute with the attribute's own type
//     (the object type's attribute types are the attributes' own), only
//     where a validator takes it or the conversion could fail or differ
//     (custom types, float64 and int64: plainType); a nested object's
//     validators get the element converted with the object's type, as the
//     framework's list or map has it; a map validator that reads only the
//     keys (keysValidator: mapKeysAre) runs on the configuration's keys.
//     Any diagnostic, or a conversion that fails, goes to the framework;
//     so does a null or unknown element of a nested list or map, whose
//     attributes the framework reads by path;
//   - deprecation warnings (schema or attribute), write-only attributes,
//     blocks, dynamic values, sets of nested objects, attribute kinds not
//     listed in walkedAttributes, attributes neither required, optional
//     nor computed, and values that validate themselves
//     (xattr.ValidateableAttribute): a type with any of these does not
//     opt in (newDirectValidateType).
//
// server_validate_test.go holds the answers equal to the framework's, and
// each from the expected server, for valid configurations, nulls and
// unknowns at every level, one that trips each validator, and each rule
// of ValidateConfig.

// directValidator is a resource whose configurations the server may
// validate itself.
type directValidator interface {
	resource.Resource
	// validatesDirectly reports whether the server validates the
	// resource's configurations itself.
	validatesDirectly() bool
	// validateValue is what the resource's ValidateConfig checks, on the
	// configuration's value: its ValidateConfig calls it with the
	// request's, and the server with the one it decoded, which spares
	// both tfsdk's reflection into a model.
	validateValue(config tftypes.Value, diags *diag.Diagnostics)
}

func (r *resultSetResource) validatesDirectly() bool { return true }

// directValidateType is what the server needs to validate a type's
// configurations.
type directValidateType struct {
	new        func() resource.Resource
	schema     schema.Schema
	configType tftypes.Type
	// attributes is what the walk needs of the schema's attributes, read
	// once.
	attributes []walkedAttribute
}

// walkedAttribute is what the walk needs of one attribute, read from the
// schema once rather than at every entry of every configuration.
type walkedAttribute struct {
	name      string
	attribute schema.Attribute
	readOnly  bool
	required  bool
	// typ converts the attribute's value to the framework's (the object
	// type's attribute types are the attributes' own).
	typ attr.Type
	// converts: the walk converts the value with typ, because a validator
	// takes it (one that is not a keysValidator), or because the
	// conversion may fail or be other than the plain one (custom types,
	// float64 and int64 numbers: plainType).
	converts bool
	// null is the framework's null value of typ, converted once, for a
	// type of the framework's own (whose null is always the same); nil
	// for a custom type.
	null attr.Value
	// typeValidator is the type's own validation, which the framework
	// runs on the attribute's configuration, or nil.
	//nolint:staticcheck // xattr.TypeWithValidate is deprecated, but the framework still runs it.
	typeValidator xattr.TypeWithValidate
	// nullChecksOnly: the walk has nothing to do for the attribute but
	// the required and read-only checks (no conversion, validators, type
	// validation or nested objects), which need no path.
	nullChecksOnly bool
	// nested is the nested object of a nested attribute, or nil.
	nested *walkedObject
	// plainNesting: the nested attribute's type and its object's are the
	// framework's own list, map or object types.
	plainNesting bool
}

// walkedObject is what the walk needs of a nested attribute's object.
type walkedObject struct {
	object     schema.NestedAttributeObject
	typ        attr.Type
	attributes []walkedAttribute
}

// newDirectValidateType reads directValidateType from a resource's schema;
// ok is false for a schema the direct path does not walk as the framework
// does.
func newDirectValidateType(ctx context.Context, newResource func() resource.Resource, sch schema.Schema) (directValidateType, bool) {
	attributes, ok := walkedAttributes(ctx, sch.Attributes)
	t := directValidateType{new: newResource, schema: sch, configType: sch.Type().TerraformType(ctx), attributes: attributes}
	return t, ok && len(sch.Blocks) == 0 && sch.DeprecationMessage == ""
}

// walkedAttributes reads attributes for the walk; ok is false unless
// every attribute, at every nesting level, is of a kind that the walk
// handles as the framework does.
func walkedAttributes(ctx context.Context, attributes map[string]schema.Attribute) ([]walkedAttribute, bool) {
	walked := make([]walkedAttribute, 0, len(attributes))
	for name, a := range attributes {
		if a.GetDeprecationMessage() != "" || a.IsWriteOnly() || (!a.IsRequired() && !a.IsOptional() && !a.IsComputed()) {
			return nil, false
		}
		typ := a.GetType()
		// A value that validates itself is validated where the framework
		// converts it, which the walk does not always do.
		if _, ok := typ.ValueType(ctx).(xattr.ValidateableAttribute); ok {
			return nil, false
		}
		w := walkedAttribute{name: name, attribute: a, readOnly: a.IsComputed() && !a.IsOptional(), required: a.IsRequired(), typ: typ,
			typeValidator: typeValidator(typ)}
		switch a := a.(type) {
		case schema.StringAttribute, schema.NumberAttribute, schema.Float64Attribute, schema.Int64Attribute, schema.BoolAttribute,
			schema.ListAttribute, schema.SetAttribute, schema.MapAttribute, schema.ObjectAttribute:
			w.converts = takesValue(a) || !plainType(typ)
		case schema.ListNestedAttribute, schema.MapNestedAttribute, schema.SingleNestedAttribute:
			object, ok := a.(schema.NestedAttribute).GetNestedObject().(schema.NestedAttributeObject)
			if !ok {
				return nil, false
			}
			nested, ok := walkedAttributes(ctx, object.Attributes)
			if !ok {
				return nil, false
			}
			w.nested = &walkedObject{object: object, typ: object.Type(), attributes: nested}
			_, plainObject := w.nested.typ.(basetypes.ObjectType)
			switch typ.(type) {
			case basetypes.ListType, basetypes.MapType, basetypes.ObjectType:
				w.plainNesting = plainObject
			}
			// A single nested object's validators take the attribute's
			// value; a custom type's conversion is the framework's.
			_, single := a.(schema.SingleNestedAttribute)
			w.converts = takesValue(a) || !w.plainNesting || (single && len(object.Validators) > 0)
		default:
			return nil, false
		}
		switch typ.(type) {
		case basetypes.StringType, basetypes.BoolType, basetypes.NumberType, basetypes.Float64Type, basetypes.Int64Type,
			basetypes.ListType, basetypes.SetType, basetypes.MapType, basetypes.ObjectType:
			if null, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), nil)); err == nil {
				w.null = null
			}
		}
		_, hasMapValidators := a.(interface{ MapValidators() []validator.Map })
		w.nullChecksOnly = !w.converts && w.typeValidator == nil && w.nested == nil && !hasMapValidators
		walked = append(walked, w)
	}
	return walked, true
}

// typeValidator is t's own validation (the framework's sets refuse
// duplicate elements, its float64 and int64 numbers they cannot hold), or
// nil where there is none: a list's or map's validates only elements of a
// type that validates.
//
//nolint:staticcheck // xattr.TypeWithValidate is deprecated, but the framework still runs it.
func typeValidator(t attr.Type) xattr.TypeWithValidate {
	v, ok := t.(xattr.TypeWithValidate)
	if !ok {
		return nil
	}
	switch t := t.(type) {
	case basetypes.ListType:
		if typeValidator(t.ElemType) == nil {
			return nil
		}
	case basetypes.MapType:
		if typeValidator(t.ElemType) == nil {
			return nil
		}
	}
	return v
}

// plainType reports whether t is the framework's string, bool or number
// type, or a list, set, map or object of those: its conversion of a value
// of its Terraform type cannot fail, and the walk may skip it. A custom
// type may do anything; float64 and int64 refuse numbers they cannot
// hold.
func plainType(t attr.Type) bool {
	switch t := t.(type) {
	case basetypes.StringType, basetypes.BoolType, basetypes.NumberType:
		return true
	case basetypes.ListType:
		return plainType(t.ElemType)
	case basetypes.SetType:
		return plainType(t.ElemType)
	case basetypes.MapType:
		return plainType(t.ElemType)
	case basetypes.ObjectType:
		for _, at := range t.AttrTypes {
			if !plainType(at) {
				return false
			}
		}
		return true
	}
	return false
}

// takesValue reports whether one of a's validators takes the attribute's
// framework value: any but a keysValidator.
func takesValue(a schema.Attribute) bool {
	switch a := a.(type) {
	case interface{ BoolValidators() []validator.Bool }:
		return len(a.BoolValidators()) > 0
	case interface{ Float64Validators() []validator.Float64 }:
		return len(a.Float64Validators()) > 0
	case interface{ Int64Validators() []validator.Int64 }:
		return len(a.Int64Validators()) > 0
	case interface{ NumberValidators() []validator.Number }:
		return len(a.NumberValidators()) > 0
	case interface{ StringValidators() []validator.String }:
		return len(a.StringValidators()) > 0
	case interface{ ListValidators() []validator.List }:
		return len(a.ListValidators()) > 0
	case interface{ MapValidators() []validator.Map }:
		for _, v := range a.MapValidators() {
			if _, ok := v.(keysValidator); !ok {
				return true
			}
		}
		return false
	case interface{ ObjectValidators() []validator.Object }:
		return len(a.ObjectValidators()) > 0
	case interface{ SetValidators() []validator.Set }:
		return len(a.SetValidators()) > 0
	}
	return false
}

// keysValidator is a map validator that reads only the map's keys, for
// the walk to run on a configuration's keys without converting its
// entries (a result set's 25 entries) to the framework's values.
type keysValidator interface {
	validator.Map
	validateKeys(ctx context.Context, keys []string, req validator.MapRequest) diag.Diagnostics
}

// mapKeysAre is mapvalidator.KeysAre, which the framework runs, and a
// keysValidator that runs the same checks on the keys as it does.
func mapKeysAre(keyValidators ...validator.String) validator.Map {
	return keysAreValidator{Map: mapvalidator.KeysAre(keyValidators...), keyValidators: keyValidators}
}

type keysAreValidator struct {
	validator.Map
	keyValidators []validator.String
}

// validateKeys gives each key validator what mapvalidator.KeysAre gives
// it.
func (v keysAreValidator) validateKeys(ctx context.Context, keys []string, req validator.MapRequest) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, k := range keys {
		keyPath := req.Path.AtMapKey(k)
		keyReq := validator.StringRequest{Path: keyPath, PathExpression: keyPath.Expression(), ConfigValue: types.StringValue(k), Config: req.Config}
		for _, check := range v.keyValidators {
			var resp validator.StringResponse
			check.ValidateString(ctx, keyReq, &resp)
			diags.Append(resp.Diagnostics...)
		}
	}
	return diags
}

// ValidateResourceConfig answers "no diagnostics" for the opted-in types
// when nothing the framework runs finds anything, and hands every other
// configuration to the framework.
func (s *server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (
	*tfprotov6.ValidateResourceConfigResponse, error) {
	t, ok := s.directValidates[req.TypeName]
	if !ok || req.Config == nil || !s.validConfig(ctx, t, req) {
		return s.frameworkValidateResource(ctx, req)
	}
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// validConfig reports whether the framework would answer req without
// diagnostics: false also when the direct path cannot tell.
func (s *server) validConfig(ctx context.Context, t directValidateType, req *tfprotov6.ValidateResourceConfigRequest) bool {
	raw, err := unmarshalDynamicValue(req.Config, t.configType)
	if err != nil || !raw.IsKnown() || raw.IsNull() {
		return false
	}
	capabilities := resource.ValidateConfigClientCapabilities{}
	if req.ClientCapabilities != nil {
		capabilities.WriteOnlyAttributesAllowed = req.ClientCapabilities.WriteOnlyAttributesAllowed
	}
	config := tfsdk.Config{Raw: raw, Schema: t.schema}
	r, ok := t.new().(directValidator)
	if !ok {
		return false
	}
	if c, ok := r.(resource.ResourceWithConfigure); ok {
		var providerData any // nil until ConfigureProvider, as the framework has it
		if data := s.provider.dataSourceData.Load(); data != nil {
			providerData = data
		}
		var configured resource.ConfigureResponse
		c.Configure(ctx, resource.ConfigureRequest{ProviderData: providerData}, &configured)
		if len(configured.Diagnostics) > 0 {
			return false
		}
	}
	validateReq := resource.ValidateConfigRequest{ClientCapabilities: capabilities, Config: config}
	if v, ok := r.(resource.ResourceWithConfigValidators); ok {
		for _, check := range v.ConfigValidators(ctx) {
			var resp resource.ValidateConfigResponse
			check.ValidateResource(ctx, validateReq, &resp)
			if len(resp.Diagnostics) > 0 {
				return false
			}
		}
	}
	// The resource's ValidateConfig is validateValue on the request's
	// value (directValidator).
	var diags diag.Diagnostics
	if r.validateValue(raw, &diags); len(diags) > 0 {
		return false
	}
	// The framework converts each attribute's value by its path; the walk
	// reads the configuration's own values, and converts an attribute's
	// only where a validator takes it or the conversion might fail.
	w := attributeWalk{config: config, capabilities: validator.ValidateSchemaClientCapabilities{
		WriteOnlyAttributesAllowed: capabilities.WriteOnlyAttributesAllowed}}
	return w.valid(ctx, t.attributes, raw, &valueAt{built: true, path: path.Empty(), expr: path.MatchRelative()})
}

// attributeWalk runs the attributes' validators along the configuration.
type attributeWalk struct {
	config       tfsdk.Config
	capabilities validator.ValidateSchemaClientCapabilities
}

// valid reports whether attributes, the values of a known object at at,
// pass the framework's checks without a diagnostic.
func (w attributeWalk) valid(ctx context.Context, attributes []walkedAttribute, object tftypes.Value, at *valueAt) bool {
	var values map[string]tftypes.Value
	if err := object.As(&values); err != nil {
		return false
	}
	for i := range attributes {
		a := &attributes[i]
		raw, ok := values[a.name]
		switch {
		case !ok:
			return false
		case a.nullChecksOnly:
			if (a.readOnly && !raw.IsNull()) || (a.required && raw.IsNull()) {
				return false
			}
		case !w.attributeValid(ctx, a, raw, &valueAt{parent: at, name: a.name}):
			return false
		}
	}
	return true
}

// attributeValid runs the framework's checks of one attribute, whose
// configuration is raw, and walks its nested objects.
func (w attributeWalk) attributeValid(ctx context.Context, a *walkedAttribute, raw tftypes.Value, at *valueAt) bool {
	var value attr.Value // the framework's value, where the walk converts it
	null, unknown := raw.IsNull(), !raw.IsKnown()
	switch {
	case a.converts && null && a.null != nil:
		value = a.null
	case a.converts:
		v, err := a.typ.ValueFromTerraform(ctx, raw)
		if err != nil || v == nil {
			return false
		}
		value, null, unknown = v, v.IsNull(), v.IsUnknown()
	}
	if a.typeValidator != nil {
		if p, _ := at.paths(); len(a.typeValidator.Validate(ctx, raw, p)) > 0 {
			return false
		}
	}
	if (a.readOnly && !null) || (a.required && null) {
		return false
	}
	if value != nil && !w.validatorsPass(ctx, a.attribute, value, at) {
		return false
	}
	if value == nil && !w.keysValidatorsPass(ctx, a.attribute, raw, at) {
		return false
	}
	if a.nested == nil || unknown || null {
		return true
	}
	return w.validNested(ctx, a, raw, value, at)
}

// keysValidatorsPass runs a map attribute's validators, all of them
// keysValidators (walkedAttribute.converts), on the keys of raw.
func (w attributeWalk) keysValidatorsPass(ctx context.Context, a schema.Attribute, raw tftypes.Value, at *valueAt) bool {
	m, ok := a.(interface{ MapValidators() []validator.Map })
	if !ok || len(m.MapValidators()) == 0 || raw.IsNull() || !raw.IsKnown() {
		return true
	}
	var entries map[string]tftypes.Value
	if err := raw.As(&entries); err != nil {
		return false
	}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	p, expr := at.paths()
	req := validator.MapRequest{ClientCapabilities: w.capabilities, Config: w.config, Path: p, PathExpression: expr}
	for _, check := range m.MapValidators() {
		v, ok := check.(keysValidator)
		if !ok || len(v.validateKeys(ctx, keys, req)) > 0 {
			return false
		}
	}
	return true
}

// valueAt is where a value is: an attribute (name) of its parent's object,
// an element (index or key) of its parent's list or map, or the root. Its
// path and path expression, which the framework gives validators, are
// built only for those, once: most attributes have none, and building the
// paths of every attribute of every entry would cost more than the rest
// of the walk.
type valueAt struct {
	parent *valueAt
	name   string
	key    string
	index  int
	step   valueStep
	built  bool
	path   path.Path
	expr   path.Expression
}

// valueStep is how a valueAt is reached from its parent.
type valueStep int

const (
	stepAttribute valueStep = iota
	stepListIndex
	stepMapKey
)

func (at *valueAt) paths() (path.Path, path.Expression) {
	if at.built {
		return at.path, at.expr
	}
	p, expr := at.parent.paths()
	switch {
	case at.step == stepListIndex:
		at.path, at.expr = p.AtListIndex(at.index), expr.AtListIndex(at.index)
	case at.step == stepMapKey:
		at.path, at.expr = p.AtMapKey(at.key), expr.AtMapKey(at.key)
	case len(p.Steps()) == 0:
		at.path, at.expr = path.Root(at.name), path.MatchRoot(at.name)
	default:
		at.path, at.expr = p.AtName(at.name), expr.AtName(at.name)
	}
	at.built = true
	return at.path, at.expr
}

// validNested walks the objects of a known nested attribute, whose
// configuration is raw and whose framework value (nil where the walk did
// not convert it) is value, as AttributeValidateNestedAttributes does.
// The framework gives an object's validators the element of the
// attribute's converted list or map: taken from value where the walk has
// it, else converted alone with the object's type, which is the same
// conversion (plainNesting).
func (w attributeWalk) validNested(ctx context.Context, a *walkedAttribute, raw tftypes.Value, value attr.Value, at *valueAt) bool {
	switch a.attribute.(type) {
	case schema.ListNestedAttribute:
		var elements []tftypes.Value
		if err := raw.As(&elements); err != nil {
			return false
		}
		var converted []attr.Value
		if value != nil {
			list, ok := value.(basetypes.ListValuable)
			if !ok {
				return false
			}
			l, diags := list.ToListValue(ctx)
			if converted = l.Elements(); len(diags) > 0 || len(converted) != len(elements) {
				return false
			}
		}
		for i, e := range elements {
			var c attr.Value
			if converted != nil {
				c = converted[i]
			}
			if !w.validObject(ctx, a.nested, e, c, &valueAt{parent: at, step: stepListIndex, index: i}, true) {
				return false
			}
		}
		return true
	case schema.MapNestedAttribute:
		var elements map[string]tftypes.Value
		if err := raw.As(&elements); err != nil {
			return false
		}
		var converted map[string]attr.Value
		if value != nil {
			m, ok := value.(basetypes.MapValuable)
			if !ok {
				return false
			}
			mv, diags := m.ToMapValue(ctx)
			if converted = mv.Elements(); len(diags) > 0 || len(converted) != len(elements) {
				return false
			}
		}
		for key, e := range elements {
			var c attr.Value
			if converted != nil {
				if c = converted[key]; c == nil {
					return false
				}
			}
			if !w.validObject(ctx, a.nested, e, c, &valueAt{parent: at, step: stepMapKey, key: key}, true) {
				return false
			}
		}
		return true
	case schema.SingleNestedAttribute:
		return w.validObject(ctx, a.nested, raw, value, at, false)
	}
	return false
}

// validObject runs a nested object's validators and walks its attributes;
// raw is its configuration, value its framework value or nil. An element
// (of a list or map) that is null or unknown is left to the framework.
func (w attributeWalk) validObject(ctx context.Context, o *walkedObject, raw tftypes.Value, value attr.Value, at *valueAt, element bool) bool {
	if element && (!raw.IsKnown() || raw.IsNull()) {
		return false
	}
	if validators := o.object.ObjectValidators(); len(validators) > 0 {
		if value == nil {
			v, err := o.typ.ValueFromTerraform(ctx, raw)
			if err != nil || v == nil {
				return false
			}
			value = v
		}
		valuable, ok := value.(basetypes.ObjectValuable)
		if !ok {
			return false
		}
		object, diags := valuable.ToObjectValue(ctx)
		if len(diags) > 0 || object.IsNull() || object.IsUnknown() {
			return false
		}
		p, expr := at.paths()
		for _, check := range validators {
			var resp validator.ObjectResponse
			check.ValidateObject(ctx, validator.ObjectRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: object,
				Path: p, PathExpression: expr}, &resp)
			if len(resp.Diagnostics) > 0 {
				return false
			}
		}
	}
	return w.valid(ctx, o.attributes, raw, at)
}

// validatorsPass runs a's validators on value, as the framework's
// AttributeValidate<Kind> do, and reports whether none had anything to
// say. Each kind's validators take a request of their own type, hence one
// case per kind over one generic loop (validatorsOfKindPass).
func (w attributeWalk) validatorsPass(ctx context.Context, a schema.Attribute, value attr.Value, at *valueAt) bool {
	switch a := a.(type) {
	case interface{ BoolValidators() []validator.Bool }:
		return validatorsOfKindPass(ctx, value, basetypes.BoolValuable.ToBoolValue, a.BoolValidators(),
			func(check validator.Bool, config basetypes.BoolValue) diag.Diagnostics {
				var resp validator.BoolResponse
				p, expr := at.paths()
				check.ValidateBool(ctx, validator.BoolRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ Float64Validators() []validator.Float64 }:
		return validatorsOfKindPass(ctx, value, basetypes.Float64Valuable.ToFloat64Value, a.Float64Validators(),
			func(check validator.Float64, config basetypes.Float64Value) diag.Diagnostics {
				var resp validator.Float64Response
				p, expr := at.paths()
				check.ValidateFloat64(ctx, validator.Float64Request{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ Int64Validators() []validator.Int64 }:
		return validatorsOfKindPass(ctx, value, basetypes.Int64Valuable.ToInt64Value, a.Int64Validators(),
			func(check validator.Int64, config basetypes.Int64Value) diag.Diagnostics {
				var resp validator.Int64Response
				p, expr := at.paths()
				check.ValidateInt64(ctx, validator.Int64Request{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ NumberValidators() []validator.Number }:
		return validatorsOfKindPass(ctx, value, basetypes.NumberValuable.ToNumberValue, a.NumberValidators(),
			func(check validator.Number, config basetypes.NumberValue) diag.Diagnostics {
				var resp validator.NumberResponse
				p, expr := at.paths()
				check.ValidateNumber(ctx, validator.NumberRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ StringValidators() []validator.String }:
		return validatorsOfKindPass(ctx, value, basetypes.StringValuable.ToStringValue, a.StringValidators(),
			func(check validator.String, config basetypes.StringValue) diag.Diagnostics {
				var resp validator.StringResponse
				p, expr := at.paths()
				check.ValidateString(ctx, validator.StringRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	}
	return w.collectionValidatorsPass(ctx, a, value, at)
}

// collectionValidatorsPass is validatorsPass for lists, maps, objects and
// sets.
func (w attributeWalk) collectionValidatorsPass(ctx context.Context, a schema.Attribute, value attr.Value, at *valueAt) bool {
	switch a := a.(type) {
	case interface{ ListValidators() []validator.List }:
		return validatorsOfKindPass(ctx, value, basetypes.ListValuable.ToListValue, a.ListValidators(),
			func(check validator.List, config basetypes.ListValue) diag.Diagnostics {
				var resp validator.ListResponse
				p, expr := at.paths()
				check.ValidateList(ctx, validator.ListRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ MapValidators() []validator.Map }:
		return validatorsOfKindPass(ctx, value, basetypes.MapValuable.ToMapValue, a.MapValidators(),
			func(check validator.Map, config basetypes.MapValue) diag.Diagnostics {
				var resp validator.MapResponse
				p, expr := at.paths()
				check.ValidateMap(ctx, validator.MapRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ ObjectValidators() []validator.Object }:
		return validatorsOfKindPass(ctx, value, basetypes.ObjectValuable.ToObjectValue, a.ObjectValidators(),
			func(check validator.Object, config basetypes.ObjectValue) diag.Diagnostics {
				var resp validator.ObjectResponse
				p, expr := at.paths()
				check.ValidateObject(ctx, validator.ObjectRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ SetValidators() []validator.Set }:
		return validatorsOfKindPass(ctx, value, basetypes.SetValuable.ToSetValue, a.SetValidators(),
			func(check validator.Set, config basetypes.SetValue) diag.Diagnostics {
				var resp validator.SetResponse
				p, expr := at.paths()
				check.ValidateSet(ctx, validator.SetRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	}
	return true
}

// validatorsOfKindPass converts value to its kind's value (as the
// framework does before calling the validators; a value of another
// kind, or one whose conversion says anything, does not pass) and runs
// checks on it until one has something to say.
func validatorsOfKindPass[Valuable, Config, Check any](ctx context.Context, value attr.Value,
	convert func(Valuable, context.Context) (Config, diag.Diagnostics), checks []Check, validate func(Check, Config) diag.Diagnostics,
) bool {
	v, ok := value.(Valuable)
	if !ok {
		return false
	}
	config, diags := convert(v, ctx)
	if len(diags) > 0 {
		return false
	}
	for _, check := range checks {
		if len(validate(check, config)) > 0 {
			return false
		}
	}
	return true
}
