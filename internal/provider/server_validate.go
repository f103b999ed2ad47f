package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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
//     is set and a required one that is null, and the attribute's
//     validators, with the same value (the configuration converted once
//     to the framework's value: the object type's attribute types are
//     the attributes' own), path, path expression and client
//     capabilities; any diagnostic, or a conversion that fails, goes to
//     the framework; so does a null or unknown element of a nested list
//     or map, whose attributes the framework reads by path;
//   - deprecation warnings (schema or attribute), write-only attributes,
//     blocks, dynamic values, sets of nested objects and attribute kinds
//     not listed in validatedKind: a type with any of these does not opt
//     in (newDirectValidateType).
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
	// objectType converts a configuration to the framework's value once,
	// for the validators of every attribute and nested object.
	objectType attr.Type
}

// newDirectValidateType reads directValidateType from a resource's schema;
// ok is false for a schema the direct path does not walk as the framework
// does.
func newDirectValidateType(ctx context.Context, newResource func() resource.Resource, sch schema.Schema) (directValidateType, bool) {
	t := directValidateType{new: newResource, schema: sch, configType: sch.Type().TerraformType(ctx), objectType: sch.Type()}
	return t, len(sch.Blocks) == 0 && sch.DeprecationMessage == "" && validatedKinds(sch.Attributes)
}

// validatedKinds reports whether every attribute, at every nesting level,
// is of a kind that validateAttributes walks as the framework does.
func validatedKinds(attributes map[string]schema.Attribute) bool {
	for _, a := range attributes {
		if a.GetDeprecationMessage() != "" || a.IsWriteOnly() {
			return false
		}
		switch a := a.(type) {
		case schema.StringAttribute, schema.NumberAttribute, schema.Float64Attribute, schema.Int64Attribute, schema.BoolAttribute,
			schema.ListAttribute, schema.SetAttribute, schema.MapAttribute, schema.ObjectAttribute:
		case schema.ListNestedAttribute, schema.MapNestedAttribute, schema.SingleNestedAttribute:
			object, ok := a.(schema.NestedAttribute).GetNestedObject().(schema.NestedAttributeObject)
			if !ok || !validatedKinds(object.Attributes) {
				return false
			}
		default:
			return false
		}
	}
	return true
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
	// The framework converts each attribute's value by its path; converted
	// once here, every attribute's value is the same (the object type's
	// attribute types are the attributes' own), and a conversion that
	// fails anywhere leaves the answer to the framework.
	value, err := t.objectType.ValueFromTerraform(ctx, raw)
	if err != nil {
		return false
	}
	object, ok := value.(basetypes.ObjectValue)
	if !ok {
		return false
	}
	w := attributeWalk{config: config, capabilities: validator.ValidateSchemaClientCapabilities{
		WriteOnlyAttributesAllowed: capabilities.WriteOnlyAttributesAllowed}}
	return w.valid(ctx, t.schema.Attributes, object.Attributes(), path.Empty(), path.MatchRelative())
}

// attributeWalk runs the attributes' validators along the configuration.
type attributeWalk struct {
	config       tfsdk.Config
	capabilities validator.ValidateSchemaClientCapabilities
}

// valid reports whether attributes, whose values are values (those of a
// known object at p, matched by expr), pass the framework's checks
// without a diagnostic.
func (w attributeWalk) valid(ctx context.Context, attributes map[string]schema.Attribute, values map[string]attr.Value, p path.Path,
	expr path.Expression) bool {
	for name, a := range attributes {
		v, ok := values[name]
		if !ok {
			return false
		}
		if (a.IsComputed() && !a.IsOptional() && !v.IsNull()) || (a.IsRequired() && v.IsNull()) {
			return false
		}
		at := attributeAt{parent: p, parentExpr: expr, name: name}
		if !w.validatorsPass(ctx, a, v, at) {
			return false
		}
		nested, ok := a.(schema.NestedAttribute)
		if !ok || v.IsUnknown() || v.IsNull() {
			continue
		}
		if ap, aexpr := at.paths(); !w.validNested(ctx, nested, v, ap, aexpr) {
			return false
		}
	}
	return true
}

// attributeAt is where an attribute is. Its path and path expression,
// which the framework gives its validators, are built only for those
// (and nested objects): most attributes have none, and building the
// paths of every attribute of every entry would cost more than the rest
// of the walk.
type attributeAt struct {
	parent     path.Path
	parentExpr path.Expression
	name       string
}

func (at attributeAt) paths() (path.Path, path.Expression) {
	if len(at.parent.Steps()) == 0 {
		return path.Root(at.name), path.MatchRoot(at.name)
	}
	return at.parent.AtName(at.name), at.parentExpr.AtName(at.name)
}

// validNested walks the objects of a known nested attribute's value, as
// AttributeValidateNestedAttributes does.
func (w attributeWalk) validNested(ctx context.Context, a schema.NestedAttribute, v attr.Value, p path.Path, expr path.Expression) bool {
	object, ok := a.GetNestedObject().(schema.NestedAttributeObject)
	if !ok {
		return false
	}
	switch a.(type) {
	case schema.ListNestedAttribute:
		list, ok := v.(basetypes.ListValuable)
		if !ok {
			return false
		}
		elements, diags := list.ToListValue(ctx)
		if len(diags) > 0 {
			return false
		}
		for i, e := range elements.Elements() {
			if !w.validObject(ctx, object, e, p.AtListIndex(i), expr.AtListIndex(i), true) {
				return false
			}
		}
		return true
	case schema.MapNestedAttribute:
		m, ok := v.(basetypes.MapValuable)
		if !ok {
			return false
		}
		elements, diags := m.ToMapValue(ctx)
		if len(diags) > 0 {
			return false
		}
		for key, e := range elements.Elements() {
			if !w.validObject(ctx, object, e, p.AtMapKey(key), expr.AtMapKey(key), true) {
				return false
			}
		}
		return true
	case schema.SingleNestedAttribute:
		return w.validObject(ctx, object, v, p, expr, false)
	}
	return false
}

// validObject runs a nested object's validators and walks its attributes.
// An element (of a list or map) that is null or unknown is left to the
// framework.
func (w attributeWalk) validObject(ctx context.Context, o schema.NestedAttributeObject, v attr.Value, p path.Path, expr path.Expression,
	element bool) bool {
	if element && (v.IsUnknown() || v.IsNull()) {
		return false
	}
	valuable, ok := v.(basetypes.ObjectValuable)
	if !ok {
		return false
	}
	object, diags := valuable.ToObjectValue(ctx)
	if len(diags) > 0 {
		return false
	}
	for _, check := range o.ObjectValidators() {
		var resp validator.ObjectResponse
		check.ValidateObject(ctx, validator.ObjectRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: object,
			Path: p, PathExpression: expr}, &resp)
		if len(resp.Diagnostics) > 0 {
			return false
		}
	}
	return w.valid(ctx, o.Attributes, object.Attributes(), p, expr)
}

// validatorsPass runs a's validators on value, as the framework's
// AttributeValidate<Kind> do, and reports whether none had anything to
// say. Each kind's validators take a request of their own type, hence one
// case per kind over one generic loop (validatorsOfKindPass).
func (w attributeWalk) validatorsPass(ctx context.Context, a schema.Attribute, value attr.Value, at attributeAt) bool {
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
func (w attributeWalk) collectionValidatorsPass(ctx context.Context, a schema.Attribute, value attr.Value, at attributeAt) bool {
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
