package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// An apply of a district's grade push creates 200 result sets. Around each
// resource's Create (Update, Delete), the framework converts the planned
// state, the prior state and the configuration, walking every value with
// its path against the schema, then the resource's model to and from them
// by reflection, and the new state back: for 25 scores a set, most of the
// provider's share of an apply's CPU once the server answered the other
// calls. The provider's server answers the applies of the resource types
// that opt in (directApplier) itself, doing what the framework does
// around them (terraform-plugin-framework internal/fwserver
// server_createresource.go, server_updateresource.go,
// server_deleteresource.go):
//
//   - the resource is a new instance, configured with the provider's data
//     (one whose Configure reports anything, a warning too, goes to the
//     framework, which passes it on);
//   - a null prior state is a create, a null planned state a delete,
//     anything else an update;
//   - private state: a create starts from none and answers the resource's
//     keys only; an update and a delete start from the planned one, the
//     framework's keys (a leading ".") kept as they are; a delete without
//     errors answers none;
//   - identity: the planned one, or a null one, for the resource to set;
//     a delete answers it as it was, or null without errors. After a
//     create or an update without errors, the framework's errors for an
//     identity left null and for one an update changed;
//   - a create without errors that leaves a null state is an error;
//   - after a create or an update without errors, values semantically
//     equal to the planned ones are put back (keepAlong, as
//     a read's); a type opts in only without write-only attributes
//     (newDirectReadType), which the framework would null;
//   - StopProvider cancels the apply's context (server.stoppable).
//
// Anything the server does not answer as the framework would (a value or
// an identity that does not decode, JSON values, provider_meta, a private
// state the framework would refuse or discard, a mutable identity) goes to
// the framework, before any request. server_apply_test.go holds the
// answers equal to the framework's.

// directApplier is a resource whose Create, Update and Delete the server
// answers itself, from and to the protocol's values (known, of the
// schema's type). Each returns the new state, sets *identity (nil for a
// type without identity) as the framework's method sets resp.Identity,
// and records private state and diagnostics as it does. ok is false,
// before any request, for a value it does not read as the framework's
// method would.
type directApplier interface {
	resource.ResourceWithConfigure
	createValue(ctx context.Context, planned tftypes.Value, identity *tftypes.Value, private privateData, diags *diag.Diagnostics) (
		newState tftypes.Value, ok bool)
	updateValue(ctx context.Context, prior, planned tftypes.Value, identity *tftypes.Value, private privateData, diags *diag.Diagnostics) (
		newState tftypes.Value, ok bool)
	deleteValue(ctx context.Context, prior tftypes.Value, diags *diag.Diagnostics) (newState tftypes.Value, ok bool)
}

// ApplyResourceChange answers the applies of the types that opt in (see
// above) and hands every other apply to the framework.
func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (
	*tfprotov6.ApplyResourceChangeResponse, error) {
	if t, ok := s.directApplies[req.TypeName]; ok {
		stoppable, done := s.stoppable(ctx)
		resp, ok := t.apply(stoppable, s.provider, req)
		done()
		if ok {
			s.appliedDirectly.Add(1)
			return resp, nil
		}
	}
	return s.ProviderServer.ApplyResourceChange(ctx, req)
}

// appliedValue decodes one of an apply's values (state, plan or
// configuration) as the framework does; a missing one is null, and false
// stands for one the framework is left to decode (JSON, or one that does
// not decode).
func appliedValue(v *tfprotov6.DynamicValue, t tftypes.Type) (tftypes.Value, bool) {
	if v == nil {
		return tftypes.NewValue(t, nil), true
	}
	if v.JSON != nil || len(v.MsgPack) == 0 {
		return tftypes.Value{}, false
	}
	decoded, err := unmarshalDynamicValue(v, t)
	return decoded, err == nil
}

// apply is the framework's answer to req; ok is false when it cannot be
// told without the framework (decided before any request is sent).
func (t directReadType) apply(ctx context.Context, p *oneRosterProvider, req *tfprotov6.ApplyResourceChangeRequest) (
	*tfprotov6.ApplyResourceChangeResponse, bool) {
	if req.ProviderMeta != nil {
		return nil, false
	}
	prior, okPrior := appliedValue(req.PriorState, t.stateType)
	planned, okPlanned := appliedValue(req.PlannedState, t.stateType)
	_, okConfig := appliedValue(req.Config, t.stateType) // unused, as by the resource, but decoded as the framework does
	if !okPrior || !okPlanned || !okConfig {
		return nil, false
	}
	planPrivate, ok := decodePrivateState(req.PlannedPrivate)
	if !ok {
		return nil, false
	}
	plannedIdentity, identity, ok := t.identityPair(req.PlannedIdentity)
	if !ok {
		return nil, false
	}
	r, configured, ok := configuredInstance[directApplier](ctx, p, t.new)
	if !ok || len(configured) > 0 { // the framework would pass warnings on too
		return nil, false
	}
	private := &directPrivate{framework: map[string][]byte{}, provider: map[string][]byte{}}
	var diags diag.Diagnostics
	var newState tftypes.Value
	switch {
	case prior.IsNull():
		// A create: no private state of the plan's, as the framework's.
		if newState, ok = r.createValue(ctx, planned, identity, private, &diags); !ok {
			return nil, false
		}
		checkCreated(newState, identity, &diags)
	case planned.IsNull():
		private = splitPrivate(planPrivate)
		if newState, ok = r.deleteValue(ctx, prior, &diags); !ok {
			return nil, false
		}
		if !diags.HasError() {
			newState, private = tftypes.NewValue(t.stateType, nil), nil
			if identity != nil {
				*identity = tftypes.NewValue(t.identityType, nil)
			}
		}
	default:
		private = splitPrivate(planPrivate)
		if newState, ok = r.updateValue(ctx, prior, planned, identity, private, &diags); !ok {
			return nil, false
		}
		checkUpdated(newState, plannedIdentity, identity, &diags)
	}
	if !planned.IsNull() && !diags.HasError() {
		var d diag.Diagnostics
		kept, _, d := keepAlong(ctx, t.schemaType, t.semantic, planned, newState)
		if diags.Append(d...); !diags.HasError() {
			newState = kept
		}
	}
	return t.applyAnswer(ctx, newState, identity, private, diags), true
}

// splitPrivate is a decoded private state as an apply starts from it:
// the framework's keys apart, all kept.
func splitPrivate(data map[string][]byte) *directPrivate {
	p := &directPrivate{framework: map[string][]byte{}, provider: map[string][]byte{}}
	for k, v := range data {
		if len(k) > 0 && k[0] == '.' {
			p.framework[k] = v
			continue
		}
		p.provider[k] = v
	}
	return p
}

// checkCreated adds the framework's errors after a create without errors
// that left no state, or a null identity. The texts are the framework's
// (server_createresource.go), so that the answer is the same whichever
// server gives it.
func checkCreated(newState tftypes.Value, identity *tftypes.Value, diags *diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	if newState.IsNull() {
		diags.AddError("Missing Resource State After Create",
			"The Terraform Provider unexpectedly returned no resource state after having no errors in the resource creation. "+
				"This is always an issue in the Terraform Provider and should be reported to the provider developers.\n\n"+
				"The resource may have been successfully created, but Terraform is not tracking it. "+
				"Applying the configuration again with no other action may result in duplicate resource errors. "+
				"Import the resource if the resource was actually created and Terraform should be tracking it.")
		return
	}
	if identity != nil && identity.IsFullyNull() {
		diags.AddError("Missing Resource Identity After Create",
			"The Terraform Provider unexpectedly returned no resource identity data after having no errors in the resource create. "+
				"This is always an issue in the Terraform Provider and should be reported to the provider developers.")
	}
}

// checkUpdated adds the framework's errors after an update without
// errors (server_updateresource.go): no state, an identity that changed
// from the planned one, or a null identity.
func checkUpdated(newState tftypes.Value, planned, identity *tftypes.Value, diags *diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	if newState.IsNull() {
		diags.AddError("Missing Resource State After Update",
			"The Terraform Provider unexpectedly returned no resource state after having no errors in the resource update. "+
				"This is always an issue in the Terraform Provider and should be reported to the provider developers.")
		return
	}
	if identity == nil {
		return
	}
	if !planned.IsFullyNull() && !planned.Equal(*identity) {
		diags.AddError("Unexpected Identity Change",
			"During the update operation, the Terraform Provider unexpectedly returned a different identity than the previously stored one.\n\n"+
				"This is always a problem with the provider and should be reported to the provider developer.\n\n"+
				fmt.Sprintf("Planned Identity: %s\n\n", planned.String())+
				fmt.Sprintf("New Identity: %s", identity.String()))
		return
	}
	if identity.IsFullyNull() {
		diags.AddError("Missing Resource Identity After Update",
			"The Terraform Provider unexpectedly returned no resource identity data after having no errors in the resource update. "+
				"This is always an issue in the Terraform Provider and should be reported to the provider developers.")
	}
}

// applyAnswer encodes an apply's answer as the framework does: the
// diagnostics, the new state, identity and private state.
func (t directReadType) applyAnswer(ctx context.Context, newState tftypes.Value, identity *tftypes.Value, private *directPrivate,
	diags diag.Diagnostics) *tfprotov6.ApplyResourceChangeResponse {
	resp := &tfprotov6.ApplyResourceChangeResponse{Diagnostics: protocolDiagnostics(ctx, diags)}
	encoded, err := newDynamicValue(t.stateType, newState)
	if err != nil {
		resp.Diagnostics = append(resp.Diagnostics, encodingError("state", err))
	} else {
		resp.NewState = &encoded
	}
	if identity != nil {
		encoded, err := newDynamicValue(t.identityType, *identity)
		if err != nil {
			resp.Diagnostics = append(resp.Diagnostics, encodingError("identity", err))
		} else {
			resp.NewIdentity = &tfprotov6.ResourceIdentityData{IdentityData: &encoded}
		}
	}
	if private != nil {
		if resp.Private, err = private.bytes(); err != nil {
			resp.Diagnostics = append(resp.Diagnostics, encodingError("private state", err))
		}
	}
	return resp
}
