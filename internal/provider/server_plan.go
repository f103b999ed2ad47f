package provider

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
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
	state, err := prior.Unmarshal(t.stateType)
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
		if v, err = prior.IdentityData.Unmarshal(t.identityType); err != nil {
			return nil, false
		}
	}
	data, err := tfprotov6.NewDynamicValue(t.identityType, v)
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

// PlanResourceChange answers the unchanged plans of the types that opt
// in (see above) and hands every other plan to the framework.
func (s *server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if t, ok := s.unchangedPlans[req.TypeName]; ok {
		if resp, ok := t.unchangedPlan(req); ok {
			return resp, nil
		}
	}
	return s.ProviderServer.PlanResourceChange(ctx, req)
}
