package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Before it refreshes a resource, the CLI hands its state, as its state
// file holds it (JSON), to UpgradeResourceState, also when the schema's
// version has not changed. The framework then decodes the JSON with the
// schema's type and encodes it again, but first walks every value of the
// state to give null blocks their empty collections
// (ReifyNullCollectionBlocks), converting each value's path against the
// schema on the way: for a result set of 25 scores the costliest call of
// a no-change plan of the grade push (BenchmarkGradePushPlan). The
// provider's server answers these calls itself for the resource types
// that opt in (passthroughUpgrader), when the framework's answer is the
// decoded state as it is:
//
//   - the request's version is the schema's (else the framework calls
//     the resource's upgraders);
//   - the schema has no blocks (so the walk changes nothing) and no
//     dynamic type (where the walk skips values rather than converting
//     their paths); newUpgradeType refuses the others;
//   - the state is JSON that decodes with the schema's type, ignoring
//     attributes the schema no longer has, as the framework decodes it.
//
// Anything else (no raw state, a flatmap state, JSON that does not
// decode, another version) goes to the framework, which answers it with
// its own diagnostics. server_upgrade_test.go holds the answers equal to
// the framework's.

// passthroughUpgrader is a resource whose state, at its schema's version,
// the framework passes through unchanged: a resource without blocks.
type passthroughUpgrader interface {
	resource.Resource
	upgradesByPassthrough()
}

func (r *resultSetResource) upgradesByPassthrough() {}

// The gradebook records (oneroster_line_item and the others): the grade
// push upgrades a line item's state beside each result set's.
func (r *gradebookResource[T, M]) upgradesByPassthrough() {}

// upgradeType is what the server needs to answer a type's upgrades.
type upgradeType struct {
	stateType tftypes.Type
	version   int64
}

// newUpgradeType reads upgradeType from a resource's schema; ok is false
// for a schema with blocks or dynamic types.
func newUpgradeType(ctx context.Context, sch schema.Schema) (upgradeType, bool) {
	t := upgradeType{stateType: sch.Type().TerraformType(ctx), version: sch.Version}
	return t, len(sch.Blocks) == 0 && !hasDynamicType(t.stateType)
}

// hasDynamicType reports whether t is, or holds, the dynamic type.
func hasDynamicType(t tftypes.Type) bool {
	switch t := t.(type) {
	case tftypes.Object:
		for _, at := range t.AttributeTypes {
			if hasDynamicType(at) {
				return true
			}
		}
		return false
	case tftypes.List:
		return hasDynamicType(t.ElementType)
	case tftypes.Set:
		return hasDynamicType(t.ElementType)
	case tftypes.Map:
		return hasDynamicType(t.ElementType)
	case tftypes.Tuple:
		for _, et := range t.ElementTypes {
			if hasDynamicType(et) {
				return true
			}
		}
		return false
	default:
		return t.Is(tftypes.DynamicPseudoType)
	}
}

// UpgradeResourceState answers the upgrades of the opted-in types at their
// schema's version directly and hands every other one to the framework.
func (s *server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (
	*tfprotov6.UpgradeResourceStateResponse, error) {
	t, ok := s.upgrades[req.TypeName]
	if !ok || req.RawState == nil || req.Version != t.version {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	state, err := req.RawState.UnmarshalWithOpts(t.stateType,
		tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	upgraded, err := tfprotov6.NewDynamicValue(t.stateType, state)
	if err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &upgraded}, nil
}
