package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A no-change plan of a district's grade push first refreshes its 200
// result sets. Around each resource's Read, the framework converts the
// state into the resource's model and back by reflection, then walks the
// whole new state twice more (semantic equality, write-only attributes),
// converting the path of every value it visits against the schema: for
// 25 scores a set, most of the provider's CPU in such a plan once its
// plans were answered directly (server_plan.go). The provider's server
// answers the reads of the resource types that opt in (directReader)
// itself, doing what the framework does around Read:
//
//   - the resource is a new instance, configured with the provider's data
//     (configure's diagnostics, which the framework drops from a read's
//     answer, are dropped here too; one with an error goes to the
//     framework);
//   - the private state is the framework's (directPrivate): keys with a
//     leading "." are the framework's and kept as they are, but for the
//     mark an import leaves for the read that follows it, which is dropped;
//   - a resource with an identity gets the prior one, or a null one from a
//     CLI without identities, to set; and the same two errors after a
//     read without errors: an identity that changed (but for the read that
//     follows an import) and one left null;
//   - after a read without errors, values semantically equal to the prior
//     ones are put back (keepSemanticallyEqual: the framework's float64
//     has one), walking the values along the schema's types without
//     converting paths; write-only attributes are not walked: a type opts
//     in only when it has none (newDirectReadType);
//   - StopProvider cancels the read's context (server.stoppable);
//   - the provider never defers (its Configure sets no Deferred), and has
//     no provider_meta schema (a request with one goes to the framework).
//
// Anything the server does not read as the framework does (a state or an
// identity that does not decode, JSON state, private state the framework
// would discard or refuse) goes to the framework, before any request.
// server_read_test.go holds the answers equal to the framework's.

// directReader is a resource whose Read the server answers itself, from
// and to the protocol's values. readValue is Read: from the prior state
// (known, of the type of the resource's schema, sch), it returns the new one (state after an
// error, null when the resource is gone), sets *identity (nil for a type
// without identity) as Read sets resp.Identity, and records private
// state and diagnostics as Read does. ok is false, before any request,
// for a state it does not read as Read would.
type directReader interface {
	resource.ResourceWithConfigure
	// readsDirectly reports whether the server answers the type's reads
	// itself: a gradebook kind opts in on its own (gradebookKind.readsDirectly).
	readsDirectly() bool
	readValue(ctx context.Context, sch schema.Schema, state tftypes.Value, identity *tftypes.Value, private privateData, diags *diag.Diagnostics) (
		newState tftypes.Value, ok bool)
}

func (r *resultSetResource) readsDirectly() bool { return true }

// directReadType is what the server needs to answer a type's reads.
type directReadType struct {
	new          func() resource.Resource
	schema       schema.Schema
	schemaType   attr.Type // the state's, as the framework's values have it
	semantic     *semanticTree
	stateType    tftypes.Type
	identityType tftypes.Type // nil: the type has no identity
}

// newDirectReadType reads what directReadType needs from a resource's
// schema; ok is false for a schema with write-only attributes (which the
// framework nulls in every new state) or a semantic equality
// keepSemanticallyEqual does not apply.
func newDirectReadType(ctx context.Context, newResource func() resource.Resource, sch schema.Schema) (directReadType, bool) {
	t := directReadType{new: newResource, schema: sch, schemaType: sch.Type(), semantic: newSemanticTree(ctx, sch.Type()),
		stateType: sch.Type().TerraformType(ctx)}
	if len(sch.Blocks) > 0 || hasWriteOnly(sch.Attributes) || semanticEqualityBeyondLeaves(ctx, sch.Type()) {
		return t, false
	}
	return t, true
}

// hasWriteOnly reports whether any of attrs, or of their nested
// attributes, is write-only.
func hasWriteOnly[A interface{ IsWriteOnly() bool }](attrs map[string]A) bool {
	for _, a := range attrs {
		if a.IsWriteOnly() {
			return true
		}
		if nested, ok := any(a).(schema.NestedAttribute); ok && hasWriteOnly(nested.GetNestedObject().GetAttributes()) {
			return true
		}
	}
	return false
}

// semanticEqualityBeyondLeaves reports whether t, or a type it is made
// of, has a semantic equality keepSemanticallyEqual does not apply as the
// framework does: one of a collection or an object (a custom type's), or
// any within a set or a dynamic value.
func semanticEqualityBeyondLeaves(ctx context.Context, t attr.Type) bool {
	switch t.ValueType(ctx).(type) {
	case basetypes.ListValuableWithSemanticEquals, basetypes.MapValuableWithSemanticEquals, basetypes.SetValuableWithSemanticEquals,
		basetypes.ObjectValuableWithSemanticEquals, basetypes.DynamicValuable:
		return true
	case basetypes.SetValuable:
		return hasSemanticEquality(ctx, t)
	}
	switch t := t.(type) {
	case attr.TypeWithElementType:
		return semanticEqualityBeyondLeaves(ctx, t.ElementType())
	case attr.TypeWithAttributeTypes:
		for _, at := range t.AttributeTypes() {
			if semanticEqualityBeyondLeaves(ctx, at) {
				return true
			}
		}
	case attr.TypeWithElementTypes:
		return true // tuples: not walked here
	}
	return false
}

// hasSemanticEquality reports whether values of t, or of the types it is
// made of, have a semantic equality.
func hasSemanticEquality(ctx context.Context, t attr.Type) bool {
	switch t.ValueType(ctx).(type) {
	case basetypes.StringValuableWithSemanticEquals, basetypes.BoolValuableWithSemanticEquals,
		basetypes.Float64ValuableWithSemanticEquals, basetypes.Float32ValuableWithSemanticEquals,
		basetypes.Int64ValuableWithSemanticEquals, basetypes.Int32ValuableWithSemanticEquals,
		basetypes.NumberValuableWithSemanticEquals, basetypes.ListValuableWithSemanticEquals,
		basetypes.MapValuableWithSemanticEquals, basetypes.SetValuableWithSemanticEquals,
		basetypes.ObjectValuableWithSemanticEquals, basetypes.DynamicValuableWithSemanticEquals:
		return true
	}
	switch t := t.(type) {
	case attr.TypeWithElementType:
		return hasSemanticEquality(ctx, t.ElementType())
	case attr.TypeWithAttributeTypes:
		for _, at := range t.AttributeTypes() {
			if hasSemanticEquality(ctx, at) {
				return true
			}
		}
	case attr.TypeWithElementTypes:
		for _, et := range t.ElementTypes() {
			if hasSemanticEquality(ctx, et) {
				return true
			}
		}
	}
	return false
}

// semanticTree is the part of a type whose values have a semantic
// equality: the walk of keepAlong goes only where it leads (a
// result set's entries: their scores), instead of through every value of
// a state. nil where no value has one.
type semanticTree struct {
	leaf  bool                     // the type's own values have one
	attrs map[string]*semanticTree // an object's attributes that lead to one
	elem  *semanticTree            // a map's or a list's elements, when they lead to one
}

// newSemanticTree is t's semanticTree; sets are not walked (their elements
// have none: semanticEqualityBeyondLeaves).
func newSemanticTree(ctx context.Context, t attr.Type) *semanticTree {
	switch t := t.(type) {
	case attr.TypeWithAttributeTypes:
		var tree *semanticTree
		for name, at := range t.AttributeTypes() {
			if sub := newSemanticTree(ctx, at); sub != nil {
				if tree == nil {
					tree = &semanticTree{attrs: map[string]*semanticTree{}}
				}
				tree.attrs[name] = sub
			}
		}
		return tree
	case attr.TypeWithElementType:
		switch t.TerraformType(ctx).(type) {
		case tftypes.Map, tftypes.List:
			if sub := newSemanticTree(ctx, t.ElementType()); sub != nil {
				return &semanticTree{elem: sub}
			}
		}
		return nil
	}
	if hasSemanticEquality(ctx, t) {
		return &semanticTree{leaf: true}
	}
	return nil
}

// keepAlong is the framework's semantic equality over a
// read's new state (its fwserver SchemaSemanticEquality): proposed, of
// type t, with each value that its type finds semantically equal to the
// prior one at the same place put back to the prior one. Objects are
// walked by attribute, maps by the keys both have, lists by the indexes
// both have; a value null or unknown on either side is left alone. For
// the framework's own types this keeps a number a configuration gave more
// precisely than a float64 (a score of 0.1) as it was, where the server
// answers its float64: without it, every refresh would show a change.
// It walks only along tree (t's semanticTree); changed reports whether
// the value it returns differs from proposed.
func keepAlong(ctx context.Context, t attr.Type, tree *semanticTree, prior, proposed tftypes.Value) (
	v tftypes.Value, changed bool, diags diag.Diagnostics) {
	if tree == nil || !prior.IsKnown() || prior.IsNull() || !proposed.IsKnown() || proposed.IsNull() {
		return proposed, false, nil
	}
	switch t := t.(type) {
	case attr.TypeWithAttributeTypes:
		types := t.AttributeTypes()
		var elems map[string]tftypes.Value // proposed's, copied at the first change
		for name, sub := range tree.attrs {
			p, errP := prior.ApplyTerraform5AttributePathStep(tftypes.AttributeName(name))
			n, errN := proposed.ApplyTerraform5AttributePathStep(tftypes.AttributeName(name))
			pv, okP := p.(tftypes.Value)
			nv, okN := n.(tftypes.Value)
			if errP != nil || errN != nil || !okP || !okN {
				continue
			}
			kept, c, d := keepAlong(ctx, types[name], sub, pv, nv)
			if diags.Append(d...); diags.HasError() {
				return proposed, false, diags
			}
			if c {
				if elems == nil {
					if proposed.As(&elems) != nil {
						return proposed, false, diags
					}
					elems = maps.Clone(elems) // As hands out the value's own map
				}
				elems[name] = kept
			}
		}
		if elems == nil {
			return proposed, false, diags
		}
		return tftypes.NewValue(proposed.Type(), elems), true, diags
	case attr.TypeWithElementType:
		switch proposed.Type().(type) {
		case tftypes.Map:
			var p, n map[string]tftypes.Value
			if prior.As(&p) != nil || proposed.As(&n) != nil {
				return proposed, false, nil
			}
			n = maps.Clone(n) // As hands out the value's own
			for k, nv := range n {
				pv, ok := p[k]
				if !ok {
					continue
				}
				kept, c, d := keepAlong(ctx, t.ElementType(), tree.elem, pv, nv)
				if diags.Append(d...); diags.HasError() {
					return proposed, false, diags
				}
				if c {
					n[k], changed = kept, true
				}
			}
			if changed {
				return tftypes.NewValue(proposed.Type(), n), true, diags
			}
		case tftypes.List:
			var p, n []tftypes.Value
			if prior.As(&p) != nil || proposed.As(&n) != nil {
				return proposed, false, nil
			}
			n = slices.Clone(n) // As hands out the value's own
			for i := range n {
				if i >= len(p) {
					break
				}
				kept, c, d := keepAlong(ctx, t.ElementType(), tree.elem, p[i], n[i])
				if diags.Append(d...); diags.HasError() {
					return proposed, false, diags
				}
				if c {
					n[i], changed = kept, true
				}
			}
			if changed {
				return tftypes.NewValue(proposed.Type(), n), true, diags
			}
		}
		return proposed, false, diags
	}
	if !tree.leaf {
		return proposed, false, nil
	}
	pv, errP := t.ValueFromTerraform(ctx, prior)
	nv, errN := t.ValueFromTerraform(ctx, proposed)
	if errP != nil || errN != nil {
		return proposed, false, nil
	}
	equal, d := semanticallyEqual(ctx, pv, nv)
	if diags.Append(d...); equal && !diags.HasError() {
		return prior, !prior.Equal(proposed), diags
	}
	return proposed, false, diags
}

// semanticallyEqual asks proposed's semantic equality about prior, as the
// framework does for a value of each kind.
func semanticallyEqual(ctx context.Context, prior, proposed attr.Value) (bool, diag.Diagnostics) {
	switch n := proposed.(type) {
	case basetypes.BoolValuableWithSemanticEquals:
		if p, ok := prior.(basetypes.BoolValuableWithSemanticEquals); ok {
			return n.BoolSemanticEquals(ctx, p)
		}
	case basetypes.Float32ValuableWithSemanticEquals:
		if p, ok := prior.(basetypes.Float32ValuableWithSemanticEquals); ok {
			return n.Float32SemanticEquals(ctx, p)
		}
	case basetypes.Float64ValuableWithSemanticEquals:
		if p, ok := prior.(basetypes.Float64ValuableWithSemanticEquals); ok {
			return n.Float64SemanticEquals(ctx, p)
		}
	case basetypes.Int32ValuableWithSemanticEquals:
		if p, ok := prior.(basetypes.Int32ValuableWithSemanticEquals); ok {
			return n.Int32SemanticEquals(ctx, p)
		}
	case basetypes.Int64ValuableWithSemanticEquals:
		if p, ok := prior.(basetypes.Int64ValuableWithSemanticEquals); ok {
			return n.Int64SemanticEquals(ctx, p)
		}
	case basetypes.NumberValuableWithSemanticEquals:
		if p, ok := prior.(basetypes.NumberValuableWithSemanticEquals); ok {
			return n.NumberSemanticEquals(ctx, p)
		}
	case basetypes.StringValuableWithSemanticEquals:
		if p, ok := prior.(basetypes.StringValuableWithSemanticEquals); ok {
			return n.StringSemanticEquals(ctx, p)
		}
	}
	return false, nil
}

// ReadResource answers the reads of the types that opt in (see above)
// and hands every other read to the framework.
func (s *server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if t, ok := s.directReads[req.TypeName]; ok {
		stoppable, done := s.stoppable(ctx)
		resp, ok := t.read(stoppable, s.provider, req)
		done()
		if ok {
			return resp, nil
		}
	}
	return s.ProviderServer.ReadResource(ctx, req)
}

// read is the framework's answer to req; ok is false when it cannot be
// told without the framework (decided before any request is sent).
func (t directReadType) read(ctx context.Context, p *oneRosterProvider, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, bool) {
	current := req.CurrentState
	if current == nil || current.JSON != nil || len(current.MsgPack) == 0 || req.ProviderMeta != nil {
		return nil, false
	}
	state, err := unmarshalDynamicValue(current, t.stateType)
	if err != nil || state.IsNull() || !state.IsFullyKnown() {
		return nil, false
	}
	private, ok := newDirectPrivate(req.Private)
	if !ok {
		return nil, false
	}
	priorIdentity, identity, ok := t.identityPair(req.CurrentIdentity)
	if !ok {
		return nil, false
	}
	r, configured, ok := configuredInstance[directReader](ctx, p, t.new)
	if !ok || configured.HasError() {
		return nil, false
	}
	var diags diag.Diagnostics
	newState, ok := r.readValue(ctx, t.schema, state, identity, private, &diags)
	if !ok {
		return nil, false
	}
	if identity != nil && !diags.HasError() {
		checkReadIdentity(*priorIdentity, *identity, private.followsImport, &diags)
	}
	if !diags.HasError() {
		var d diag.Diagnostics
		newState, _, d = keepAlong(ctx, t.schemaType, t.semantic, state, newState)
		diags.Append(d...)
	}
	resp := &tfprotov6.ReadResourceResponse{Diagnostics: protocolDiagnostics(ctx, diags)}
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
	if resp.Private, err = private.bytes(); err != nil {
		resp.Diagnostics = append(resp.Diagnostics, encodingError("private state", err))
	}
	return resp, true
}

// priorIdentity is the identity a read starts from: the prior one, or a
// null one when there is none; false for one that does not decode.
func (t directReadType) priorIdentity(prior *tfprotov6.ResourceIdentityData) (tftypes.Value, bool) {
	if prior == nil {
		return tftypes.NewValue(t.identityType, nil), true
	}
	if prior.IdentityData == nil {
		return tftypes.Value{}, false
	}
	v, err := unmarshalDynamicValue(prior.IdentityData, t.identityType)
	return v, err == nil
}

// identityPair is the identity a call starts from, twice: as it came, to
// compare with, and the copy the resource sets (both nil for a type
// without identity). ok is false for one that does not decode, or one
// sent for a type without identity.
func (t directReadType) identityPair(data *tfprotov6.ResourceIdentityData) (came, set *tftypes.Value, ok bool) {
	if t.identityType == nil {
		return nil, nil, data == nil
	}
	v, ok := t.priorIdentity(data)
	if !ok {
		return nil, nil, false
	}
	before, after := v, v
	return &before, &after, true
}

// configuredInstance is a new instance of a resource type, configured with
// the provider's data as the framework configures one for each call (nil
// data until ConfigureProvider), with Configure's diagnostics; ok is false
// when the instance is not an R. The framework drops those diagnostics
// from a read's answer but passes them on from a plan's or an apply's, so
// each caller decides which it can answer.
func configuredInstance[R resource.ResourceWithConfigure](ctx context.Context, p *oneRosterProvider, newResource func() resource.Resource) (
	R, diag.Diagnostics, bool) {
	r, ok := newResource().(R)
	if !ok {
		return r, nil, false
	}
	var providerData any
	if data := p.dataSourceData.Load(); data != nil {
		providerData = data
	}
	var configured resource.ConfigureResponse
	r.Configure(ctx, resource.ConfigureRequest{ProviderData: providerData}, &configured)
	return r, configured.Diagnostics, true
}

// checkReadIdentity adds the framework's errors for the identity a read
// left: one that changed from a prior one (but on the read that follows an
// import) and one left null. The texts are the framework's
// (terraform-plugin-framework internal/fwserver/server_readresource.go),
// so that the answer is the same whichever server gives it.
func checkReadIdentity(prior, identity tftypes.Value, followsImport bool, diags *diag.Diagnostics) {
	if !followsImport && !prior.IsFullyNull() && !prior.Equal(identity) {
		diags.AddError("Unexpected Identity Change",
			"During the read operation, the Terraform Provider unexpectedly returned a different identity than the previously stored one.\n\n"+
				"This is always a problem with the provider and should be reported to the provider developer.\n\n"+
				fmt.Sprintf("Current Identity: %s\n\n", prior.String())+
				fmt.Sprintf("New Identity: %s", identity.String()))
		return
	}
	if identity.IsFullyNull() {
		diags.AddError("Missing Resource Identity After Read",
			"The Terraform Provider unexpectedly returned no resource identity data after having no errors in the resource read. "+
				"This is always an issue in the Terraform Provider and should be reported to the provider developers.")
	}
}

// encodingError is the diagnostic for an answer that cannot be encoded:
// a bug, never the user's doing.
func encodingError(what string, err error) *tfprotov6.Diagnostic {
	return &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Unable to encode the answer",
		Detail: fmt.Sprintf("The resource's %s could not be encoded; this is a bug in the provider: %s", what, err)}
}

// importMark is the key the framework's ImportResourceState leaves in the
// private state for the read that follows (its privatestate
// ImportBeforeReadKey), which drops it.
const importMark = ".import_before_read"

// directPrivate is the private state of a read the server answers: what
// the framework's privatestate.Data holds, the framework's own keys
// apart from the provider's, which the resource reads and writes through
// privateData.
type directPrivate struct {
	framework, provider map[string][]byte
	// followsImport: the state was just imported (importMark was there).
	followsImport bool
}

// decodePrivateState decodes a private state as the framework does, a JSON
// object of JSON values by key (nil for none); false for one the framework
// would refuse or discard.
func decodePrivateState(raw []byte) (map[string][]byte, bool) {
	if len(raw) == 0 {
		return nil, true
	}
	var data map[string][]byte
	if err := json.Unmarshal(raw, &data); err != nil {
		return nil, false
	}
	for _, v := range data {
		if !utf8.Valid(v) || !json.Valid(v) {
			return nil, false // the framework refuses it (an empty value too)
		}
	}
	return data, true
}

// newDirectPrivate decodes a private state as the framework does; false
// for one the framework would refuse or discard (not a JSON object of
// JSON values), which the framework is left to answer for.
func newDirectPrivate(raw []byte) (*directPrivate, bool) {
	data, ok := decodePrivateState(raw)
	if !ok {
		return nil, false
	}
	p := &directPrivate{framework: map[string][]byte{}, provider: map[string][]byte{}}
	for k, v := range data {
		if strings.HasPrefix(k, ".") {
			p.framework[k] = v
			continue
		}
		p.provider[k] = v
	}
	if _, ok := p.framework[importMark]; ok {
		p.followsImport = true
		delete(p.framework, importMark)
	}
	return p, true
}

// GetKey is privateData's: the provider's value of key, nil for none.
func (p *directPrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	if diags := checkPrivateKey(key); diags.HasError() {
		return nil, diags
	}
	return p.provider[key], nil
}

// SetKey is privateData's: an empty value removes key. A resource only
// writes JSON it encoded under keys of its own, so the refusals (the
// framework's too) are bugs.
func (p *directPrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	if diags := checkPrivateKey(key); diags.HasError() {
		return diags
	}
	if len(value) == 0 {
		delete(p.provider, key)
		return nil
	}
	if !utf8.Valid(value) || !json.Valid(value) {
		var diags diag.Diagnostics
		diags.AddError("Invalid private state", fmt.Sprintf("The value for the private state key %q is not valid JSON in UTF-8; this is a bug in the provider.", key))
		return diags
	}
	p.provider[key] = value
	return nil
}

func checkPrivateKey(key string) diag.Diagnostics {
	var diags diag.Diagnostics
	if strings.HasPrefix(key, ".") {
		diags.AddError("Invalid private state key", fmt.Sprintf("The private state key %q starts with \".\", which the framework keeps for itself; "+
			"this is a bug in the provider.", key))
	}
	return diags
}

// bytes encodes the private state as the framework does: one JSON object
// of both kinds of keys, nil when there are none.
func (p *directPrivate) bytes() ([]byte, error) {
	if len(p.framework)+len(p.provider) == 0 {
		return nil, nil
	}
	merged := make(map[string][]byte, len(p.framework)+len(p.provider))
	for _, m := range []map[string][]byte{p.framework, p.provider} {
		for k, v := range m {
			merged[k] = v
		}
	}
	return json.Marshal(merged)
}
