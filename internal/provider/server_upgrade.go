package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"

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
//     attributes the schema no longer has, as the framework decodes it
//     (decodeStateJSON).
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
	if req.RawState.JSON == nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	dec := json.NewDecoder(bytes.NewReader(req.RawState.JSON))
	dec.UseNumber()
	state, err := decodeStateJSON(dec, t.stateType)
	if err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	upgraded, err := newDynamicValue(t.stateType, state)
	if err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &upgraded}, nil
}

// decodeMembers decodes the members of a JSON object whose opening token
// is tok, each by the type memberType gives its key; a member whose key
// has no type is skipped.
func decodeMembers(dec *json.Decoder, tok json.Token, memberType func(key string) (tftypes.Type, bool)) (map[string]tftypes.Value, error) {
	if tok != json.Delim('{') {
		return nil, errUnreadableState
	}
	values := map[string]tftypes.Value{}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := key.(string)
		typ, ok := memberType(name)
		if !ok {
			if err := dec.Decode(new(json.RawMessage)); err != nil {
				return nil, err
			}
			continue
		}
		if values[name], err = decodeStateJSON(dec, typ); err != nil {
			return nil, err
		}
	}
	return values, closing(dec, '}')
}

// decodeStateJSON reads the next value of dec as tftypes.ValueFromJSON
// reads a state with IgnoreUndefinedAttributes, but in one pass:
// ValueFromJSON decodes each value again for each level that holds it
// (most of an upgrade's CPU). It takes what ValueFromJSON takes (null
// anywhere; a number or a bool as a string, a number as a string; a number
// or the strings "true", "1", "false", "0" as a bool; numbers parsed to
// 512 bits; the last of repeated keys), and anything it cannot read is an
// error, for the framework to answer. typ has no dynamic type
// (newUpgradeType) and no tuple (the framework's schemas have none).
//
// Measured against the library's decoder (tfprotov6.RawState's
// UnmarshalWithOpts), each followed by the answer's msgpack encoding, on
// a result set's state (BenchmarkStateUpgradeDecode, shared 2-core
// machine, load ~6): 25 scores 1.1-1.4 vs 3.4-4.0 cpu-ms and 0.33 vs
// 1.45 MB allocated; 1,000 scores 46-65 vs 123-166 cpu-ms and 13 vs
// 57 MB. The library costs about 3x, so the provider keeps its own.
// With the answer written by newDynamicValue (as the server does):
// 25 scores 0.68-0.91 cpu-ms against 1.63-1.75 with tftypes' encoder.
func decodeStateJSON(dec *json.Decoder, typ tftypes.Type) (tftypes.Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return tftypes.Value{}, err
	}
	if tok == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	switch typ := typ.(type) {
	case tftypes.Object:
		// An attribute the schema no longer has is skipped, as
		// ValueFromJSON skips it.
		values, err := decodeMembers(dec, tok, func(name string) (tftypes.Type, bool) {
			at, ok := typ.AttributeTypes[name]
			return at, ok
		})
		if err != nil {
			return tftypes.Value{}, err
		}
		for name, at := range typ.AttributeTypes {
			if _, ok := values[name]; !ok {
				values[name] = tftypes.NewValue(at, nil)
			}
		}
		return tftypes.NewValue(typ, values), nil
	case tftypes.Map:
		values, err := decodeMembers(dec, tok, func(string) (tftypes.Type, bool) { return typ.ElementType, true })
		if err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(typ, values), nil
	case tftypes.List, tftypes.Set:
		var elementType tftypes.Type
		switch typ := typ.(type) {
		case tftypes.List:
			elementType = typ.ElementType
		case tftypes.Set:
			elementType = typ.ElementType
		}
		if tok != json.Delim('[') {
			return tftypes.Value{}, errUnreadableState
		}
		values := []tftypes.Value{}
		for dec.More() {
			v, err := decodeStateJSON(dec, elementType)
			if err != nil {
				return tftypes.Value{}, err
			}
			values = append(values, v)
		}
		if err := closing(dec, ']'); err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(typ, values), nil
	}
	return stateScalar(typ, tok)
}

// errUnreadableState: a state decodeStateJSON does not read.
var errUnreadableState = errors.New("a state the server leaves to the framework")

// closing reads the token that closes an object or an array.
func closing(dec *json.Decoder, delim json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != delim {
		return errUnreadableState
	}
	return nil
}

// stateScalar is a string, number or bool of the state, from its token.
func stateScalar(typ tftypes.Type, tok json.Token) (tftypes.Value, error) {
	switch {
	case typ.Is(tftypes.String):
		switch v := tok.(type) {
		case string:
			return tftypes.NewValue(typ, v), nil
		case json.Number:
			return tftypes.NewValue(typ, string(v)), nil
		case bool:
			return tftypes.NewValue(typ, strconv.FormatBool(v)), nil
		}
	case typ.Is(tftypes.Number):
		var text string
		switch v := tok.(type) {
		case json.Number:
			text = string(v)
		case string:
			text = v
		default:
			return tftypes.Value{}, errUnreadableState
		}
		f, _, err := big.ParseFloat(text, 10, 512, big.ToNearestEven)
		if err != nil {
			return tftypes.Value{}, err
		}
		return tftypes.NewValue(typ, f), nil
	case typ.Is(tftypes.Bool):
		switch v := tok.(type) {
		case bool:
			return tftypes.NewValue(typ, v), nil
		case string, json.Number:
			switch fmt.Sprint(v) {
			case "true", "1":
				return tftypes.NewValue(typ, true), nil
			case "false", "0":
				return tftypes.NewValue(typ, false), nil
			}
		}
	}
	return tftypes.Value{}, errUnreadableState
}
