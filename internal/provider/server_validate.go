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

// A no-change plan of the grade push validates each result set's
// configuration (ValidateResourceConfig), 25 entries of a dozen
// attributes each. The framework finds every attribute's value by its
// path, converting the path against the schema each time: after the
// upgrades (server_upgrade.go), the costliest call of such a plan
// (BenchmarkGradePushPlan). Nearly always the answer is "no diagnostics".
// The provider's server runs, for the resource types that opt in
// (directValidator), what the framework runs, walking the configuration
// along the schema instead of by path, and answers only when nothing
// finds anything; every other configuration goes to the framework, which
// then answers it with its own diagnostics. What the framework runs, and
// how the direct path stands for each:
//
//   - the resource's Configure with the provider's data: run; any
//     diagnostic goes to the framework;
//   - the resource's ConfigValidators and ValidateConfig: run, with the
//     same request; any diagnostic goes to the framework;
//   - for every attribute at every nesting level (the entries of nested
//     lists and maps included): the checks of a read-only attribute that
//     is set and a required one that is null, and the attribute's
//     validators, with the same value, path, path expression and client
//     capabilities; any diagnostic goes to the framework; so does a null
//     or unknown element of a nested list or map, whose attributes the
//     framework reads by path;
//   - deprecation warnings (schema or attribute), write-only attributes,
//     blocks, dynamic values, sets of nested objects and attribute kinds
//     not listed in validatedKind: a type with any of these does not opt
//     in (newDirectValidateType).
//
// server_validate_test.go holds the answers equal to the framework's,
// for valid configurations and one that trips each validator.

// directValidator is a resource whose configurations the server validates
// itself.
type directValidator interface {
	resource.Resource
	validatesDirectly()
}

func (r *resultSetResource) validatesDirectly() {}

// directValidateType is what the server needs to validate a type's
// configurations.
type directValidateType struct {
	new        func() resource.Resource
	schema     schema.Schema
	configType tftypes.Type
}

// newDirectValidateType reads directValidateType from a resource's schema;
// ok is false for a schema the direct path does not walk as the framework
// does.
func newDirectValidateType(ctx context.Context, newResource func() resource.Resource, sch schema.Schema) (directValidateType, bool) {
	t := directValidateType{new: newResource, schema: sch, configType: sch.Type().TerraformType(ctx)}
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
	raw, err := req.Config.Unmarshal(t.configType)
	if err != nil || !raw.IsKnown() || raw.IsNull() {
		return false
	}
	capabilities := resource.ValidateConfigClientCapabilities{}
	if req.ClientCapabilities != nil {
		capabilities.WriteOnlyAttributesAllowed = req.ClientCapabilities.WriteOnlyAttributesAllowed
	}
	config := tfsdk.Config{Raw: raw, Schema: t.schema}
	r := t.new()
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
	if v, ok := r.(resource.ResourceWithValidateConfig); ok {
		var resp resource.ValidateConfigResponse
		v.ValidateConfig(ctx, validateReq, &resp)
		if len(resp.Diagnostics) > 0 {
			return false
		}
	}
	w := attributeWalk{config: config, capabilities: validator.ValidateSchemaClientCapabilities{
		WriteOnlyAttributesAllowed: capabilities.WriteOnlyAttributesAllowed}}
	return w.valid(ctx, t.schema.Attributes, raw, path.Empty(), path.MatchRelative())
}

// attributeWalk runs the attributes' validators along the configuration.
type attributeWalk struct {
	config       tfsdk.Config
	capabilities validator.ValidateSchemaClientCapabilities
}

// valid reports whether the attributes of object (a known object at p,
// matched by expr) pass the framework's checks without a diagnostic.
func (w attributeWalk) valid(ctx context.Context, attributes map[string]schema.Attribute, object tftypes.Value, p path.Path,
	expr path.Expression) bool {
	var values map[string]tftypes.Value
	if err := object.As(&values); err != nil {
		return false
	}
	for name, a := range attributes {
		v, ok := values[name]
		if !ok {
			return false
		}
		ap, aexpr := p.AtName(name), expr.AtName(name)
		if len(p.Steps()) == 0 {
			ap, aexpr = path.Root(name), path.MatchRoot(name)
		}
		if (a.IsComputed() && !a.IsOptional() && !v.IsNull()) || (a.IsRequired() && v.IsNull()) {
			return false
		}
		value, err := a.GetType().ValueFromTerraform(ctx, v)
		if err != nil || !w.validatorsPass(ctx, a, value, ap, aexpr) {
			return false
		}
		nested, ok := a.(schema.NestedAttribute)
		if !ok || !v.IsKnown() || v.IsNull() {
			continue
		}
		if !w.validNested(ctx, nested, v, ap, aexpr) {
			return false
		}
	}
	return true
}

// validNested walks the objects of a known nested attribute's value, as
// AttributeValidateNestedAttributes does.
func (w attributeWalk) validNested(ctx context.Context, a schema.NestedAttribute, v tftypes.Value, p path.Path, expr path.Expression) bool {
	object, ok := a.GetNestedObject().(schema.NestedAttributeObject)
	if !ok {
		return false
	}
	switch a.(type) {
	case schema.ListNestedAttribute:
		var elements []tftypes.Value
		if err := v.As(&elements); err != nil {
			return false
		}
		for i, e := range elements {
			if !w.validObject(ctx, object, e, p.AtListIndex(i), expr.AtListIndex(i), true) {
				return false
			}
		}
		return true
	case schema.MapNestedAttribute:
		var elements map[string]tftypes.Value
		if err := v.As(&elements); err != nil {
			return false
		}
		for key, e := range elements {
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
func (w attributeWalk) validObject(ctx context.Context, o schema.NestedAttributeObject, v tftypes.Value, p path.Path, expr path.Expression,
	element bool) bool {
	if element && (!v.IsKnown() || v.IsNull()) {
		return false
	}
	if checks := o.ObjectValidators(); len(checks) > 0 {
		value, err := o.Type().ValueFromTerraform(ctx, v)
		if err != nil {
			return false
		}
		valuable, ok := value.(basetypes.ObjectValuable)
		if !ok {
			return false
		}
		object, diags := valuable.ToObjectValue(ctx)
		if len(diags) > 0 {
			return false
		}
		for _, check := range checks {
			var resp validator.ObjectResponse
			check.ValidateObject(ctx, validator.ObjectRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: object,
				Path: p, PathExpression: expr}, &resp)
			if len(resp.Diagnostics) > 0 {
				return false
			}
		}
	}
	return w.valid(ctx, o.Attributes, v, p, expr)
}

// validatorsPass runs a's validators on value, as the framework's
// AttributeValidate<Kind> do, and reports whether none had anything to
// say. Each kind's validators take a request of their own type, hence one
// case per kind over one generic loop (validatorsOfKindPass).
func (w attributeWalk) validatorsPass(ctx context.Context, a schema.Attribute, value attr.Value, p path.Path, expr path.Expression) bool {
	switch a := a.(type) {
	case interface{ BoolValidators() []validator.Bool }:
		return validatorsOfKindPass(ctx, value, basetypes.BoolValuable.ToBoolValue, a.BoolValidators(),
			func(check validator.Bool, config basetypes.BoolValue) diag.Diagnostics {
				var resp validator.BoolResponse
				check.ValidateBool(ctx, validator.BoolRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ Float64Validators() []validator.Float64 }:
		return validatorsOfKindPass(ctx, value, basetypes.Float64Valuable.ToFloat64Value, a.Float64Validators(),
			func(check validator.Float64, config basetypes.Float64Value) diag.Diagnostics {
				var resp validator.Float64Response
				check.ValidateFloat64(ctx, validator.Float64Request{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ Int64Validators() []validator.Int64 }:
		return validatorsOfKindPass(ctx, value, basetypes.Int64Valuable.ToInt64Value, a.Int64Validators(),
			func(check validator.Int64, config basetypes.Int64Value) diag.Diagnostics {
				var resp validator.Int64Response
				check.ValidateInt64(ctx, validator.Int64Request{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ NumberValidators() []validator.Number }:
		return validatorsOfKindPass(ctx, value, basetypes.NumberValuable.ToNumberValue, a.NumberValidators(),
			func(check validator.Number, config basetypes.NumberValue) diag.Diagnostics {
				var resp validator.NumberResponse
				check.ValidateNumber(ctx, validator.NumberRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ StringValidators() []validator.String }:
		return validatorsOfKindPass(ctx, value, basetypes.StringValuable.ToStringValue, a.StringValidators(),
			func(check validator.String, config basetypes.StringValue) diag.Diagnostics {
				var resp validator.StringResponse
				check.ValidateString(ctx, validator.StringRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	}
	return w.collectionValidatorsPass(ctx, a, value, p, expr)
}

// collectionValidatorsPass is validatorsPass for lists, maps, objects and
// sets.
func (w attributeWalk) collectionValidatorsPass(ctx context.Context, a schema.Attribute, value attr.Value, p path.Path, expr path.Expression) bool {
	switch a := a.(type) {
	case interface{ ListValidators() []validator.List }:
		return validatorsOfKindPass(ctx, value, basetypes.ListValuable.ToListValue, a.ListValidators(),
			func(check validator.List, config basetypes.ListValue) diag.Diagnostics {
				var resp validator.ListResponse
				check.ValidateList(ctx, validator.ListRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ MapValidators() []validator.Map }:
		return validatorsOfKindPass(ctx, value, basetypes.MapValuable.ToMapValue, a.MapValidators(),
			func(check validator.Map, config basetypes.MapValue) diag.Diagnostics {
				var resp validator.MapResponse
				check.ValidateMap(ctx, validator.MapRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ ObjectValidators() []validator.Object }:
		return validatorsOfKindPass(ctx, value, basetypes.ObjectValuable.ToObjectValue, a.ObjectValidators(),
			func(check validator.Object, config basetypes.ObjectValue) diag.Diagnostics {
				var resp validator.ObjectResponse
				check.ValidateObject(ctx, validator.ObjectRequest{ClientCapabilities: w.capabilities, Config: w.config, ConfigValue: config,
					Path: p, PathExpression: expr}, &resp)
				return resp.Diagnostics
			})
	case interface{ SetValidators() []validator.Set }:
		return validatorsOfKindPass(ctx, value, basetypes.SetValuable.ToSetValue, a.SetValidators(),
			func(check validator.Set, config basetypes.SetValue) diag.Diagnostics {
				var resp validator.SetResponse
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
