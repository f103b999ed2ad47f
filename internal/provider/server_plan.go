package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A no-change plan of a district's grade push asks for 200 result sets
// of 25 scores each to be planned, each exactly as it stands. The
// framework answers each by walking the whole value four times (defaults,
// write-only attributes, plan modifiers of every entry, the resource's
// ModifyPlan), converting every path it visits against the schema: about
// a third of the provider's CPU in such a plan, for an answer known in
// advance. The provider's server (server.go) answers these plans itself,
// for the resource types that opt in (unchangedPlanner) and only when
// the framework's answer is the proposed state as it came:
//
//   - the proposed new state is the prior state, byte for byte, and not
//     null (neither a create nor a destroy);
//   - every top-level attribute with a default has, in the prior state,
//     the value the default gives (else the framework would set it where
//     the configuration leaves it null); the opting-in types have no
//     defaults below the top level (unchangedPlanType refuses them);
//   - the private state decodes as the framework's does, which re-encodes
//     it (replannedPrivate);
//   - for a type whose ModifyPlan acts on some unchanged plans, depending
//     on the provider's configuration (unchangedPlanGuard: the gradebook
//     records), the guard tells this plan is not one of them.
//
// Plan modifiers of such a type must leave a value that equals its prior
// one alone (RequiresReplace, UseStateForUnknown, sameInstant do), and
// its ModifyPlan must return at once when the plan equals the state.
// server_plan_test.go holds the answers equal to the framework's.

// unchangedPlanner is a resource whose plan modifiers and ModifyPlan
// change nothing when the plan equals the prior state.
type unchangedPlanner interface {
	resource.Resource
	plansNothingWhenUnchanged()
}

func (r *resultSetResource) plansNothingWhenUnchanged() {}

// unchangedPlanGuard is an unchangedPlanner whose ModifyPlan does work on
// some unchanged plans, depending on the provider's configuration (a
// gradebook record the server's version lacks, or one holding attributes
// of another version): plansNothingFor reports, given the provider's data
// (nil before ConfigureProvider) and the prior state, whether ModifyPlan
// leaves this one as it is.
type unchangedPlanGuard interface {
	unchangedPlanner
	plansNothingFor(data *providerData, state tftypes.Value) bool
}

// unchangedPlanType is what the server needs to answer a type's
// unchanged plans: its state type and the values of its top-level
// defaults, by attribute name.
type unchangedPlanType struct {
	stateType tftypes.Type
	defaults  map[string]tftypes.Value
	// identityType is the type of the resource's identity (nil for none):
	// the framework hands the prior identity back as the planned one, and
	// a null identity of this type when there is none (a state written by
	// a CLI without identities).
	identityType tftypes.Type
	// plansNothing, when not nil, is the type's unchangedPlanGuard, given
	// the provider's data.
	plansNothing func(state tftypes.Value) bool
}

// newUnchangedPlanType reads what unchangedPlanType needs from a
// resource's schema; ok is false for a schema whose defaults it cannot
// tell (one below the top level, or of a kind it does not read).
func newUnchangedPlanType(ctx context.Context, sch schema.Schema) (unchangedPlanType, bool) {
	t := unchangedPlanType{stateType: sch.Type().TerraformType(ctx), defaults: map[string]tftypes.Value{}}
	if len(sch.Blocks) > 0 {
		return t, false
	}
	for name, a := range sch.Attributes {
		if nested, ok := a.(schema.NestedAttribute); ok && hasDefaults(nested.GetNestedObject().GetAttributes()) {
			return t, false
		}
		switch a := a.(type) {
		case schema.StringAttribute:
			if a.Default == nil {
				continue
			}
			var resp defaults.StringResponse
			a.Default.DefaultString(ctx, defaults.StringRequest{}, &resp)
			if resp.Diagnostics.HasError() {
				return t, false
			}
			v, err := resp.PlanValue.ToTerraformValue(ctx)
			if err != nil {
				return t, false
			}
			t.defaults[name] = v
		default:
			if hasDefaults(map[string]schema.Attribute{name: a}) {
				return t, false
			}
		}
	}
	return t, true
}

// hasDefaults reports whether any of attrs, or of their nested
// attributes, has a default.
func hasDefaults[A any](attrs map[string]A) bool {
	for _, a := range attrs {
		switch a := any(a).(type) {
		case schema.StringAttribute:
			if a.Default != nil {
				return true
			}
		case schema.BoolAttribute:
			if a.Default != nil {
				return true
			}
		case schema.Float64Attribute:
			if a.Default != nil {
				return true
			}
		case schema.Int64Attribute:
			if a.Default != nil {
				return true
			}
		case schema.NumberAttribute:
			if a.Default != nil {
				return true
			}
		case schema.ListAttribute:
			if a.Default != nil {
				return true
			}
		case schema.SetAttribute:
			if a.Default != nil {
				return true
			}
		case schema.MapAttribute:
			if a.Default != nil {
				return true
			}
		case schema.ObjectAttribute:
			if a.Default != nil {
				return true
			}
		case schema.NestedAttribute:
			if hasDefaults(a.GetNestedObject().GetAttributes()) {
				return true
			}
		default:
			// An attribute of another kind: assume it may.
			return true
		}
	}
	return false
}

// unchangedPlan is the framework's answer to req when it plans the
// resource as it stands; ok is false when that cannot be told without
// the framework.
func (t unchangedPlanType) unchangedPlan(req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, bool) {
	prior, proposed := req.PriorState, req.ProposedNewState
	if prior == nil || proposed == nil || req.Config == nil || prior.JSON != nil || proposed.JSON != nil ||
		len(prior.MsgPack) == 0 || !bytes.Equal(prior.MsgPack, proposed.MsgPack) {
		return nil, false
	}
	state, err := unmarshalDynamicValue(prior, t.stateType)
	if err != nil || state.IsNull() || !state.IsFullyKnown() || (t.plansNothing != nil && !t.plansNothing(state)) {
		return nil, false
	}
	if len(t.defaults) > 0 {
		var attrs map[string]tftypes.Value
		if err := state.As(&attrs); err != nil {
			return nil, false
		}
		for name, v := range t.defaults {
			if !attrs[name].Equal(v) {
				return nil, false
			}
		}
	}
	private, ok := replannedPrivate(req.PriorPrivate)
	if !ok {
		return nil, false
	}
	identity, ok := t.replannedIdentity(req.PriorIdentity)
	if !ok {
		return nil, false
	}
	planned := *proposed
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: &planned, PlannedPrivate: private, PlannedIdentity: identity}, true
}

// replannedIdentity is the identity as the framework plans it for a
// resource left as it stands: the prior one, decoded and encoded again,
// or a null one when there is none; ok is false for one it cannot decode.
func (t unchangedPlanType) replannedIdentity(prior *tfprotov6.ResourceIdentityData) (*tfprotov6.ResourceIdentityData, bool) {
	if t.identityType == nil {
		return nil, true
	}
	v := tftypes.NewValue(t.identityType, nil)
	if prior != nil && prior.IdentityData != nil {
		var err error
		if v, err = unmarshalDynamicValue(prior.IdentityData, t.identityType); err != nil {
			return nil, false
		}
	}
	data, err := newDynamicValue(t.identityType, v)
	if err != nil {
		return nil, false
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &data}, true
}

// replannedPrivate is the private state as the framework hands it back
// from a plan that does not touch it: decoded as a map of JSON values by
// key and encoded again (nil when there is none); ok is false for one the
// framework would refuse or discard.
func replannedPrivate(prior []byte) ([]byte, bool) {
	data, ok := decodePrivateState(prior)
	if !ok {
		return nil, false
	}
	if len(data) == 0 {
		return nil, true
	}
	out, err := json.Marshal(data)
	if err != nil {
		return nil, false
	}
	return out, true
}

// PlanResourceChange answers the plans of the types that opt in (see
// above: unchanged ones first, the cheapest) and hands every other plan
// to the framework.
func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if t, ok := s.unchangedPlans[req.TypeName]; ok {
		if resp, ok := t.unchangedPlan(req); ok {
			return resp, nil
		}
	}
	if t, ok := s.directPlans[req.TypeName]; ok {
		stoppable, done := s.stoppable(ctx)
		resp, ok := t.plan(stoppable, s.provider, req)
		done()
		if ok {
			return resp, nil
		}
	}
	return s.ProviderServer.PlanResourceChange(ctx, req)
}

// A create's plan, and a change's, cost the framework more: on a set of
// 1,000 scores, two thirds of the provider's CPU in an apply, which
// plans each set twice. Besides the walks above, it marks every computed
// value left null unknown and runs every entry's plan modifiers, finding
// the schema's attribute of each path it visits. The provider's server
// answers these plans too, for the resource types that opt in
// (directPlanner), doing what the framework's PlanResourceChange does
// (internal/fwserver/server_planresourcechange.go), step by step, on the
// protocol's values and along the schema read once (newDirectPlanType):
//
//   - the resource is a new instance, configured with the provider's data
//     (any diagnostic: the framework answers);
//   - defaults: a top-level attribute with a default that the
//     configuration leaves null gets it (the opting-in types have none
//     below the top level);
//   - write-only attributes, and blocks (the framework turns empty ones
//     into null and back): the opting-in types have none;
//   - when the plan then differs from the prior state, each computed
//     attribute without a default, at the top level or in the entries of
//     a nested map, that the configuration leaves null becomes unknown;
//   - the string plan modifiers of top-level attributes and of a nested
//     map's entries, with the framework's request but for the private
//     state, which none of the opting-in types' modifiers reads
//     (RequiresReplace, UseStateForUnknown, sameInstant, idOfSourcedID,
//     keptWhileSame); a diagnostic from one, or a plan
//     modifier of any other kind or place, leaves the plan to the
//     framework;
//   - the resource's ModifyPlan, as modifyPlanValue, with the private
//     state to read; its diagnostics are the answer's;
//   - the planned identity is the prior one (replannedIdentity), as
//     ModifyPlan leaves it; the private state is handed back re-encoded
//     (replannedPrivate), as ModifyPlan does not write it;
//   - StopProvider cancels the plan's context (server.stoppable); the
//     provider never defers, and has no provider_meta schema (a request
//     with one goes to the framework, as does a destroy's plan).
//
// Anything else the server does not plan as the framework does (JSON
// values, a configuration whose results do not match the plan's, unknown
// entries, values that do not decode) goes to the framework, before any
// request. server_plan_test.go holds the answers equal to the
// framework's.

// directPlanner is a resource whose plans the server answers itself.
// modifyPlanValue is its ModifyPlan on the protocol's values: from the
// configuration, the plan as the framework hands it to ModifyPlan and the
// prior state (null for a create), all of the resource's schema (sch), it
// returns the plan ModifyPlan leaves, recording diagnostics as ModifyPlan
// does; it reads the private state and never writes it, nor the
// identity, nor asks for a replacement. ok is false, before any request,
// for values it does not read as ModifyPlan would.
type directPlanner interface {
	resource.ResourceWithConfigure
	// plansDirectly reports whether the server plans the type itself: a
	// gradebook kind opts in on its own (gradebookKind.plansDirectly).
	plansDirectly() bool
	modifyPlanValue(ctx context.Context, sch schema.Schema, config, plan, state tftypes.Value, private privateData, diags *diag.Diagnostics) (
		newPlan tftypes.Value, ok bool)
}

func (r *resultSetResource) plansDirectly() bool { return true }

// directPlanType is what the server needs to answer a type's plans: its
// unchanged plans' (the state type, the top-level defaults, the
// identity type) and the computed attributes and plan modifiers of its
// top level and of its nested maps' entries.
type directPlanType struct {
	unchangedPlanType
	new    func() resource.Resource
	schema schema.Schema
	planSteps
	// nestedMaps: the steps of each nested map attribute's entries, by
	// attribute name (only those with any).
	nestedMaps map[string]planSteps
}

// planSteps are the computed attributes without a default and the string
// plan modifiers of one object's attributes, by attribute name.
type planSteps struct {
	computed  []string
	modifiers map[string][]planmodifier.String
}

// newDirectPlanType reads directPlanType from a resource's schema; ok is
// false for a schema whose plans it does not make as the framework does.
func newDirectPlanType(newResource func() resource.Resource, sch schema.Schema, unchanged unchangedPlanType) (
	directPlanType, bool) {
	t := directPlanType{unchangedPlanType: unchanged, new: newResource, schema: sch, nestedMaps: map[string]planSteps{}}
	if hasWriteOnly(sch.Attributes) {
		return t, false
	}
	var ok bool
	if t.planSteps, ok = newPlanSteps(sch.Attributes); !ok {
		return t, false
	}
	for name, a := range sch.Attributes {
		nested, isNested := a.(schema.NestedAttribute)
		if !isNested {
			continue
		}
		object, ok := nestedObject(nested)
		if !ok {
			return t, false
		}
		if _, isMap := a.(schema.MapNestedAttribute); !isMap {
			// A single object or a list: nothing in it may be planned.
			if !plansNothing(object.Attributes) {
				return t, false
			}
			continue
		}
		steps, ok := newPlanSteps(object.Attributes)
		if !ok {
			return t, false
		}
		for _, inner := range object.Attributes {
			if deeper, ok := inner.(schema.NestedAttribute); ok {
				if o, ok := nestedObject(deeper); !ok || !plansNothing(o.Attributes) {
					return t, false
				}
			}
		}
		if len(steps.computed)+len(steps.modifiers) > 0 {
			t.nestedMaps[name] = steps
		}
	}
	return t, true
}

// newPlanSteps reads the plan steps of attrs: false when one has a plan
// modifier other than a string attribute's (a nested attribute's own, a
// custom string type's included), or is computed and dynamic.
func newPlanSteps[A schema.Attribute](attrs map[string]A) (planSteps, bool) {
	steps := planSteps{modifiers: map[string][]planmodifier.String{}}
	for name, a := range attrs {
		if s, ok := any(a).(schema.StringAttribute); ok && s.CustomType == nil && len(s.PlanModifiers) > 0 {
			steps.modifiers[name] = s.PlanModifiers
		} else if planModifierCount(a) != 0 {
			return steps, false
		}
		if a.IsComputed() && !hasDefaults(map[string]A{name: a}) {
			if _, dynamic := any(a).(schema.DynamicAttribute); dynamic {
				return steps, false
			}
			steps.computed = append(steps.computed, name)
		}
	}
	sort.Strings(steps.computed)
	return steps, true
}

// plansNothing reports whether the framework's plan leaves attrs, and
// their nested attributes, as they come: none is computed or has a plan
// modifier.
func plansNothing[A schema.Attribute](attrs map[string]A) bool {
	for _, a := range attrs {
		if a.IsComputed() || planModifierCount(a) != 0 {
			return false
		}
		if nested, ok := any(a).(schema.NestedAttribute); ok {
			if object, ok := nestedObject(nested); !ok || !plansNothing(object.Attributes) {
				return false
			}
		}
	}
	return true
}

// nestedObject is a nested attribute's object; false when it is not the
// resource schema's kind, or has plan modifiers of its own (run on each
// object, which the direct path does not do).
func nestedObject(a schema.NestedAttribute) (schema.NestedAttributeObject, bool) {
	object, ok := a.GetNestedObject().(schema.NestedAttributeObject)
	return object, ok && len(object.PlanModifiers) == 0
}

// planModifierCount is the number of plan modifiers of a (every kind of
// the framework's resource attributes has a PlanModifiers field); -1 when
// it cannot tell, which callers take as some.
func planModifierCount(a schema.Attribute) int {
	v := reflect.ValueOf(a)
	if v.Kind() != reflect.Struct {
		return -1
	}
	f := v.FieldByName("PlanModifiers")
	if !f.IsValid() || f.Kind() != reflect.Slice {
		return -1
	}
	return f.Len()
}

// plan is the framework's answer to req; ok is false when it cannot be
// told without the framework (decided before any request is sent).
func (t directPlanType) plan(ctx context.Context, p *oneRosterProvider, req *tfprotov6.PlanResourceChangeRequest) (
	*tfprotov6.PlanResourceChangeResponse, bool) {
	if req.Config == nil || req.ProposedNewState == nil || req.ProviderMeta != nil || req.Config.JSON != nil || req.ProposedNewState.JSON != nil ||
		(req.PriorState != nil && req.PriorState.JSON != nil) {
		return nil, false
	}
	config, errC := unmarshalDynamicValue(req.Config, t.stateType)
	proposed, errP := unmarshalDynamicValue(req.ProposedNewState, t.stateType)
	prior := tftypes.NewValue(t.stateType, nil)
	var errS error
	if req.PriorState != nil {
		prior, errS = unmarshalDynamicValue(req.PriorState, t.stateType)
	}
	if errC != nil || errP != nil || errS != nil || proposed.IsNull() || config.IsNull() || !prior.IsFullyKnown() {
		return nil, false
	}
	private, ok := newDirectPrivate(req.PriorPrivate)
	if !ok {
		return nil, false
	}
	plannedPrivate, ok := replannedPrivate(req.PriorPrivate)
	if !ok {
		return nil, false
	}
	identity, ok := t.replannedIdentity(req.PriorIdentity)
	if !ok {
		return nil, false
	}
	planned, requiresReplace, ok := t.frameworkSteps(ctx, config, proposed, prior)
	if !ok {
		return nil, false
	}
	r, configured, ok := configuredInstance[directPlanner](ctx, p, t.new)
	if !ok || len(configured) > 0 {
		return nil, false
	}
	var diags diag.Diagnostics
	if planned, ok = r.modifyPlanValue(ctx, t.schema, config, planned, prior, private, &diags); !ok {
		return nil, false
	}
	resp := &tfprotov6.PlanResourceChangeResponse{Diagnostics: protocolDiagnostics(ctx, diags), PlannedPrivate: plannedPrivate, PlannedIdentity: identity}
	for _, at := range requiresReplace {
		resp.RequiresReplace = append(resp.RequiresReplace, attributePath(ctx, at))
	}
	encoded, err := newDynamicValue(t.stateType, planned)
	if err != nil {
		resp.Diagnostics = append(resp.Diagnostics, encodingError("plan", err))
	} else {
		resp.PlannedState = &encoded
	}
	return resp, true
}

// frameworkSteps is the plan as the framework hands it to the resource's
// ModifyPlan: proposed with its defaults, its computed values left null
// by config unknown when it differs from prior, and its string plan
// modifiers run; and the paths they require replacing, in the
// framework's order. ok is false for values it does not plan as the
// framework does.
func (t directPlanType) frameworkSteps(ctx context.Context, config, proposed, prior tftypes.Value) (
	planned tftypes.Value, requiresReplace path.Paths, ok bool) {
	var configAttrs, attrs map[string]tftypes.Value
	if config.As(&configAttrs) != nil || proposed.As(&attrs) != nil {
		return proposed, nil, false
	}
	attrs = maps.Clone(attrs) // As hands out the value's own map
	for name, v := range t.defaults {
		if configAttrs[name].IsNull() {
			attrs[name] = v
		}
	}
	planned = tftypes.NewValue(proposed.Type(), attrs)
	markUnknown := !planned.Equal(prior)
	if markUnknown {
		markComputedUnknown(t.computed, configAttrs, attrs)
	}
	var priorAttrs map[string]tftypes.Value
	if !prior.IsNull() && prior.As(&priorAttrs) != nil {
		return proposed, nil, false
	}
	for name, steps := range t.nestedMaps {
		v, ok := attrs[name], true
		if markUnknown {
			v, ok = steps.markEntries(configAttrs[name], attrs[name])
		}
		if !ok {
			return proposed, nil, false
		}
		attrs[name] = v
	}
	planned = tftypes.NewValue(proposed.Type(), attrs)
	// Every modifier sees the plan as it was before any of them ran, as in
	// the framework's SchemaModifyPlan.
	request := modifierRequest{config: config, plan: planned, state: prior, schema: t.schema}
	var diags diag.Diagnostics
	for name, modifiers := range t.modifiers {
		v, ok := request.run(ctx, modifiers, path.Root(name), configAttrs[name], attrs[name], priorAttrs[name], &requiresReplace, &diags)
		if !ok {
			return proposed, nil, false
		}
		attrs[name] = v
	}
	for name, steps := range t.nestedMaps {
		if len(steps.modifiers) == 0 {
			continue
		}
		v, ok := steps.modifyEntries(ctx, request, path.Root(name), configAttrs[name], attrs[name], priorAttrs[name], &requiresReplace, &diags)
		if !ok {
			return proposed, nil, false
		}
		attrs[name] = v
	}
	if len(diags) > 0 {
		return proposed, nil, false // the framework's order of attributes is its map's: let it say them
	}
	sort.Slice(requiresReplace, func(i, j int) bool { return requiresReplace[i].String() < requiresReplace[j].String() })
	return tftypes.NewValue(proposed.Type(), attrs), slices.CompactFunc(requiresReplace, path.Path.Equal), true
}

// markComputedUnknown is the framework's MarkComputedNilsAsUnknown on one
// object's attributes: each computed one the configuration leaves null
// becomes unknown.
func markComputedUnknown(computed []string, config, attrs map[string]tftypes.Value) {
	for _, name := range computed {
		if config[name].IsNull() {
			attrs[name] = tftypes.NewValue(attrs[name].Type(), tftypes.UnknownValue)
		}
	}
}

// markEntries marks the computed values of a nested map's entries
// unknown where the configuration leaves them null, as the framework's
// MarkComputedNilsAsUnknown does; false for a map whose entries it cannot
// pair with the configuration's.
func (s planSteps) markEntries(config, planned tftypes.Value) (tftypes.Value, bool) {
	if len(s.computed) == 0 || !planned.IsKnown() || planned.IsNull() {
		return planned, true
	}
	entries, configEntries, ok := pairedEntries(config, planned)
	if !ok {
		return planned, false
	}
	for key, e := range entries {
		if !e.IsKnown() || e.IsNull() {
			continue
		}
		var attrs, configAttrs map[string]tftypes.Value
		if e.As(&attrs) != nil || configEntries[key].As(&configAttrs) != nil {
			return planned, false
		}
		attrs = maps.Clone(attrs)
		markComputedUnknown(s.computed, configAttrs, attrs)
		entries[key] = tftypes.NewValue(e.Type(), attrs)
	}
	return tftypes.NewValue(planned.Type(), entries), true
}

// pairedEntries are a nested map's planned entries (a copy) and the
// configuration's; false unless both are known maps of the same keys,
// each configured entry known where the planned one is.
func pairedEntries(config, planned tftypes.Value) (entries, configEntries map[string]tftypes.Value, ok bool) {
	if !config.IsKnown() || config.IsNull() || config.As(&configEntries) != nil || planned.As(&entries) != nil ||
		len(entries) != len(configEntries) {
		return nil, nil, false
	}
	for key, e := range entries {
		c, found := configEntries[key]
		if !found || (e.IsKnown() && !e.IsNull() && (!c.IsKnown() || c.IsNull())) {
			return nil, nil, false
		}
	}
	return maps.Clone(entries), configEntries, true
}

// modifyEntries runs the plan modifiers of a nested map's entries on each
// known entry, with the prior state's entry of the same key (null when
// there is none); false when it cannot (see modifierRequest.run).
func (s planSteps) modifyEntries(ctx context.Context, request modifierRequest, at path.Path, config, planned, prior tftypes.Value,
	requiresReplace *path.Paths, diags *diag.Diagnostics) (tftypes.Value, bool) {
	if !planned.IsKnown() || planned.IsNull() {
		return planned, true
	}
	entries, configEntries, ok := pairedEntries(config, planned)
	if !ok {
		return planned, false
	}
	var priorEntries map[string]tftypes.Value
	if prior.IsKnown() && !prior.IsNull() && prior.As(&priorEntries) != nil {
		return planned, false
	}
	for key, e := range entries {
		if !e.IsKnown() || e.IsNull() {
			continue
		}
		var attrs, configAttrs, priorAttrs map[string]tftypes.Value
		if e.As(&attrs) != nil || configEntries[key].As(&configAttrs) != nil {
			return planned, false
		}
		if p, found := priorEntries[key]; found && p.As(&priorAttrs) != nil {
			return planned, false
		}
		attrs = maps.Clone(attrs)
		changed := false
		for name, modifiers := range s.modifiers {
			v, ok := request.run(ctx, modifiers, at.AtMapKey(key).AtName(name), configAttrs[name], attrs[name], priorAttrs[name], requiresReplace, diags)
			if !ok {
				return planned, false
			}
			if !v.Equal(attrs[name]) {
				attrs[name], changed = v, true
			}
		}
		if changed {
			entries[key] = tftypes.NewValue(e.Type(), attrs)
		}
	}
	return tftypes.NewValue(planned.Type(), entries), true
}

// modifierRequest is what every plan modifier's request shares: the
// whole configuration, plan and prior state.
type modifierRequest struct {
	config, plan, state tftypes.Value
	schema              schema.Schema
}

// run runs an attribute's string plan modifiers in turn, as the
// framework's AttributePlanModifyString does, on its configured, planned
// and prior values (a missing one is null), and returns the planned
// value they leave; a modifier's RequiresReplace adds at to
// requiresReplace. false for a value that is not a string.
func (m modifierRequest) run(ctx context.Context, modifiers []planmodifier.String, at path.Path, config, planned, prior tftypes.Value,
	requiresReplace *path.Paths, diags *diag.Diagnostics) (tftypes.Value, bool) {
	if prior.Type() == nil {
		prior = tftypes.NewValue(tftypes.String, nil)
	}
	if config.Type() == nil {
		config = tftypes.NewValue(tftypes.String, nil)
	}
	configValue, okC := frameworkString(ctx, config)
	planValue, okP := frameworkString(ctx, planned)
	stateValue, okS := frameworkString(ctx, prior)
	if !okC || !okP || !okS {
		return planned, false
	}
	req := planmodifier.StringRequest{
		Config: tfsdk.Config{Raw: m.config, Schema: m.schema}, ConfigValue: configValue, Path: at, PathExpression: at.Expression(),
		Plan: tfsdk.Plan{Raw: m.plan, Schema: m.schema}, PlanValue: planValue, State: tfsdk.State{Raw: m.state, Schema: m.schema}, StateValue: stateValue,
	}
	for _, modifier := range modifiers {
		resp := &planmodifier.StringResponse{PlanValue: req.PlanValue}
		modifier.PlanModifyString(ctx, req, resp)
		req.PlanValue = resp.PlanValue
		diags.Append(resp.Diagnostics...)
		if resp.RequiresReplace {
			requiresReplace.Append(at)
		}
		if resp.Diagnostics.HasError() {
			break
		}
	}
	v, err := req.PlanValue.ToTerraformValue(ctx)
	return v, err == nil
}
