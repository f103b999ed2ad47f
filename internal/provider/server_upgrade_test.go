package provider_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The provider's server answers state upgrades at the schema's version
// itself (server_upgrade.go): every upgrade, whether it takes that path or
// not, must get the framework's answer: the same diagnostics, and the same
// upgraded state, value for value. The cases run for every resource type
// of the provider, those that opt in and the others: states with every
// attribute null and with every attribute set (every entry attribute of a
// result set, learning_objective_scores included), JSON with attributes
// the schema does not have or lacks some, JSON that does not decode,
// flatmap states, no state, and other versions.
func TestStateUpgradesAnswerAsTheFramework(t *testing.T) {
	ctx := context.Background()
	servers := newServerPair(t, "", "")
	schemas, err := servers.framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typeNames := make([]string, 0, len(schemas.ResourceSchemas))
	for name := range schemas.ResourceSchemas {
		typeNames = append(typeNames, name)
	}
	sort.Strings(typeNames)
	for _, typeName := range typeNames {
		sch := schemas.ResourceSchemas[typeName]
		typ := sch.ValueType()
		stateJSON := func(v tftypes.Value) []byte {
			b, err := json.Marshal(jsonOf(t, v))
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		full := sampleValue(typ, 1)
		fullJSON := jsonOf(t, full).(map[string]any)
		with := func(change func(m map[string]any)) []byte {
			m := map[string]any{}
			for k, v := range fullJSON {
				m[k] = v
			}
			change(m)
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		anAttribute := ""
		// An attribute of each scalar type, and one that is a list, set or
		// map of strings, or of objects, for the conversions below.
		ofType := map[string]string{}
		for name, at := range typ.(tftypes.Object).AttributeTypes {
			if anAttribute == "" || name < anAttribute {
				anAttribute = name
			}
			kind := fmt.Sprintf("%T", at)
			if at.Is(tftypes.String) || at.Is(tftypes.Number) || at.Is(tftypes.Bool) {
				kind = at.String()
			}
			if other, ok := ofType[kind]; !ok || name < other {
				ofType[kind] = name
			}
		}
		raw := func(b []byte) *tfprotov6.RawState { return &tfprotov6.RawState{JSON: b} }
		cases := []struct {
			name    string
			state   *tfprotov6.RawState
			version int64
		}{
			{"all null", raw(stateJSON(tftypes.NewValue(typ, nullObject(typ)))), sch.Version},
			{"all set", raw(stateJSON(full)), sch.Version},
			{"all set, other values", raw(stateJSON(sampleValue(typ, 2))), sch.Version},
			{"an attribute the schema does not have", raw(with(func(m map[string]any) { m["gone_attribute"] = "x" })), sch.Version},
			{"an attribute missing", raw(with(func(m map[string]any) { delete(m, anAttribute) })), sch.Version},
			{"an attribute of the wrong type", raw(with(func(m map[string]any) { m[anAttribute] = map[string]any{"x": []any{1}} })), sch.Version},
			{"a number as a string", raw([]byte(`{"` + anAttribute + `": "7"}`)), sch.Version},
			{"empty object", raw([]byte(`{}`)), sch.Version},
			{"trailing text", raw(append(stateJSON(full), []byte(` {"x": 1} garbage`)...)), sch.Version},
			{"repeated keys", raw([]byte(`{"` + anAttribute + `": null, "` + anAttribute + `": null}`)), sch.Version},
			{"an attribute the schema does not have, not JSON", raw([]byte(`{"gone_attribute": {"a": ], "` + anAttribute + `": null}`)),
				sch.Version},
			{"JSON null", raw([]byte(`null`)), sch.Version},
			{"not JSON", raw([]byte(`{"`)), sch.Version},
			{"empty JSON", raw([]byte{}), sch.Version},
			{"flatmap", &tfprotov6.RawState{Flatmap: map[string]string{"id": "x"}}, sch.Version},
			{"no raw state", nil, sch.Version},
			{"an older version", raw(stateJSON(full)), sch.Version - 1},
			{"a newer version", raw(stateJSON(full)), sch.Version + 1},
		}
		// Values of other JSON types that ValueFromJSON converts, or
		// refuses, for an attribute of each type.
		conversions := map[string][]string{
			"tftypes.String": {`7`, `-1.5e3`, `true`, `false`, `"text"`, `""`, `"\u00e9\n"`, `{}`, `[]`},
			"tftypes.Number": {`0.1`, `-0`, `1e400`, `123456789012345678901234567890.5`, `"7"`, `"0.25"`, `"x"`, `""`, `true`, `[]`},
			"tftypes.Bool":   {`true`, `"true"`, `"1"`, `"false"`, `"0"`, `"TRUE"`, `"yes"`, `1`, `0`, `2`, `1.0`, `{}`},
			"tftypes.List":   {`[]`, `[null]`, `{}`, `"x"`, `[1, "a", true]`},
			"tftypes.Set":    {`[]`, `[null]`, `{}`, `"x"`, `["a", "a"]`},
			"tftypes.Map":    {`{}`, `{"": null}`, `[]`, `"x"`, `{"a": 1, "a": 2}`},
			"tftypes.Object": {`{}`, `[]`, `"x"`, `{"gone_attribute": 1}`},
		}
		for kind, texts := range conversions {
			name, ok := ofType[kind]
			if !ok {
				continue
			}
			for _, text := range texts {
				cases = append(cases, struct {
					name    string
					state   *tfprotov6.RawState
					version int64
				}{fmt.Sprintf("%s as %s", name, text), raw(with(func(m map[string]any) { m[name] = json.RawMessage(text) })), sch.Version})
			}
		}
		for _, tc := range cases {
			t.Run(typeName+"/"+tc.name, func(t *testing.T) {
				req := func() *tfprotov6.UpgradeResourceStateRequest {
					return &tfprotov6.UpgradeResourceStateRequest{TypeName: typeName, Version: tc.version, RawState: tc.state}
				}
				got, want := askBoth(t, servers, func(s tfprotov6.ProviderServer) (*tfprotov6.UpgradeResourceStateResponse, error) {
					return s.UpgradeResourceState(ctx, req())
				})
				assertSameAnswer(t, typ, upgradeAnswer(got), upgradeAnswer(want))
			})
		}
	}
	// The opted-in types must be among those compared: their upgrades are
	// the ones that take the direct path.
	for _, typeName := range []string{"oneroster_result_set", "oneroster_line_item"} {
		if _, ok := schemas.ResourceSchemas[typeName]; !ok {
			t.Errorf("no resource type %s", typeName)
		}
	}
}

// sampleValue is a known value of type typ with every attribute and
// element set, varying with seed: two elements to each list, set and map.
func sampleValue(typ tftypes.Type, seed int) tftypes.Value {
	switch typ := typ.(type) {
	case tftypes.Object:
		attrs := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			attrs[name] = sampleValue(at, seed)
		}
		return tftypes.NewValue(typ, attrs)
	case tftypes.List:
		return tftypes.NewValue(typ, []tftypes.Value{sampleValue(typ.ElementType, seed), sampleValue(typ.ElementType, seed+1)})
	case tftypes.Set:
		return tftypes.NewValue(typ, []tftypes.Value{sampleValue(typ.ElementType, seed), sampleValue(typ.ElementType, seed+1)})
	case tftypes.Map:
		return tftypes.NewValue(typ, map[string]tftypes.Value{"a": sampleValue(typ.ElementType, seed), "b": sampleValue(typ.ElementType, seed+1)})
	}
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, fmt.Sprintf("value-%d", seed))
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, big.NewFloat(float64(seed)+0.25))
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, seed%2 == 0)
	}
	panic(fmt.Sprintf("sampleValue: no sample of type %s", typ))
}
