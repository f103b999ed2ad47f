package provider_test

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/provider"
	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// unknownConfig marks an unknown value in a configuration of
// configValue.
type unknownConfig struct{}

// configValue builds a value of typ from Go data: maps for objects and
// maps (an attribute left out is null), slices for lists and sets,
// strings, float64, bool, nil for null and unknownConfig{}.
func configValue(typ tftypes.Type, v any) tftypes.Value {
	switch v := v.(type) {
	case nil:
		return tftypes.NewValue(typ, nil)
	case unknownConfig:
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	case string, bool:
		return tftypes.NewValue(typ, v)
	case float64:
		return tftypes.NewValue(typ, big.NewFloat(v))
	case []any:
		var elemType tftypes.Type
		switch typ := typ.(type) {
		case tftypes.List:
			elemType = typ.ElementType
		case tftypes.Set:
			elemType = typ.ElementType
		}
		elems := []tftypes.Value{}
		for _, e := range v {
			elems = append(elems, configValue(elemType, e))
		}
		return tftypes.NewValue(typ, elems)
	case map[string]any:
		out := map[string]tftypes.Value{}
		if obj, ok := typ.(tftypes.Object); ok {
			for name, at := range obj.AttributeTypes {
				out[name] = configValue(at, v[name])
			}
			return tftypes.NewValue(typ, out)
		}
		for key, e := range v {
			out[key] = configValue(typ.(tftypes.Map).ElementType, e)
		}
		return tftypes.NewValue(typ, out)
	}
	panic(fmt.Sprintf("configValue: %T", v))
}

// deepCopy copies configValue's Go data.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := []any{}
		for _, e := range v {
			out = append(out, deepCopy(e))
		}
		return out
	}
	return v
}

// setAt sets the value at a path of attribute names, where "*" is the
// first element of a list, or the entry "student-a" of results.
func setAt(config map[string]any, attrPath string, v any) {
	steps := strings.Split(attrPath, ".")
	var cur any = config
	for i, step := range steps {
		last := i == len(steps)-1
		switch c := cur.(type) {
		case map[string]any:
			if step == "*" {
				step = "student-a"
			}
			if last {
				c[step] = v
				return
			}
			cur = c[step]
		case []any:
			if last {
				c[0] = v
				return
			}
			cur = c[0]
		}
	}
}

// resultSetSchema is the framework schema of oneroster_result_set.
func resultSetSchema(t *testing.T) schema.Schema {
	ctx := context.Background()
	for _, newResource := range provider.New("test")().Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "oneroster"}, &md)
		if md.TypeName == "oneroster_result_set" {
			var sch resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sch)
			return sch.Schema
		}
	}
	t.Fatal("no oneroster_result_set")
	return schema.Schema{}
}

// schemaValidators lists the validators of every attribute and nested
// object of attributes, at every nesting level, as "<path>#<index>" (a
// nested object's as "<path>#object<index>"), with their descriptions;
// "*" stands for any element.
func schemaValidators(ctx context.Context, prefix string, attributes map[string]schema.Attribute, out map[string]string) {
	for name, a := range attributes {
		p := prefix + name
		var descriptions []string
		switch a := a.(type) {
		case interface{ BoolValidators() []validator.Bool }:
			for _, v := range a.BoolValidators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		case interface{ Float64Validators() []validator.Float64 }:
			for _, v := range a.Float64Validators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		case interface{ Int64Validators() []validator.Int64 }:
			for _, v := range a.Int64Validators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		case interface{ NumberValidators() []validator.Number }:
			for _, v := range a.NumberValidators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		case interface{ ListValidators() []validator.List }:
			for _, v := range a.ListValidators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		case interface{ MapValidators() []validator.Map }:
			for _, v := range a.MapValidators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		case interface{ SetValidators() []validator.Set }:
			for _, v := range a.SetValidators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		case interface{ ObjectValidators() []validator.Object }:
			for _, v := range a.ObjectValidators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		case interface{ StringValidators() []validator.String }:
			for _, v := range a.StringValidators() {
				descriptions = append(descriptions, v.Description(ctx))
			}
		default:
			out[p+"#?"] = fmt.Sprintf("an attribute of kind %T, whose validators this test does not list", a)
		}
		for i, d := range descriptions {
			out[fmt.Sprintf("%s#%d", p, i)] = d
		}
		nested, ok := a.(schema.NestedAttribute)
		if !ok {
			continue
		}
		object := nested.GetNestedObject().(schema.NestedAttributeObject)
		for i, v := range object.Validators {
			out[fmt.Sprintf("%s#object%d", p, i)] = v.Description(ctx)
		}
		if _, single := a.(schema.SingleNestedAttribute); single {
			schemaValidators(ctx, p+".", object.Attributes, out)
		} else {
			schemaValidators(ctx, p+".*.", object.Attributes, out)
		}
	}
}

// The provider's server validates result sets' configurations itself
// (server_validate.go): every validation, whether it takes that path or
// not, must get the framework's answer, diagnostic for diagnostic. The
// configurations: valid ones, with OneRoster 1.1 entries and with every
// 1.2 attribute, with blank strings, nulls and unknowns at every level;
// one that trips each validator of the schema (the list is the schema's
// own, so that a validator added without a case here fails this test);
// and ones that fail the framework's other checks (a required attribute
// null, a read-only one set, the resource's ValidateConfig). Each runs
// against servers configured for 1.1 and 1.2, and unconfigured ones (the
// CLI's validate walk).
func TestResultSetValidationsAnswerAsTheFramework(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	pairs := map[string]serverPair{
		"1.1":          newServerPair(t, sb.BaseURL, sb.TokenURL),
		"1.2":          newServerPair(t, sb.BaseURLV1p2, sb.TokenURL),
		"unconfigured": newServerPair(t, "", ""),
	}
	schemas, err := pairs["1.1"].framework.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	setType := schemas.ResourceSchemas["oneroster_result_set"].ValueType()

	entry11 := func(score float64) map[string]any {
		return map[string]any{"score": score, "score_status": "fully graded", "score_date": "2025-09-09"}
	}
	v1p1 := map[string]any{"line_item_sourced_id": "quiz-1",
		"results": map[string]any{"student-a": entry11(7), "student-b": entry11(8.5)}}
	full := map[string]any{"line_item_sourced_id": "quiz-1", "existing_results": "fail", "released_students": []any{"student-z"},
		"timeouts": map[string]any{"create": "10m", "update": "5m", "delete": "1h"},
		"results": map[string]any{
			"student-a": map[string]any{"score": 7.5, "score_status": "fully graded", "score_date": "2025-09-09T08:00:00Z",
				"comment": "well done", "text_score": "B+", "score_scale_sourced_id": "scale-letter", "in_progress": false,
				"incomplete": true, "late": true, "missing": false,
				"learning_objective_scores": []any{
					map[string]any{"source": "case", "id": "lo-1", "score": 0.5, "text_score": "A"},
					map[string]any{"source": "unknown", "id": "lo-2"},
				}},
			"student-b": entry11(9),
		}}
	with := func(base map[string]any, changes map[string]any) map[string]any {
		c := deepCopy(base).(map[string]any)
		for p, v := range changes {
			setAt(c, p, v)
		}
		return c
	}
	u := unknownConfig{}
	type validationCase struct {
		name    string
		config  map[string]any
		invalid bool // the framework must answer with a diagnostic
		// leftToTerraform: the framework's diagnostics are all its
		// required-attribute errors under an unknown element, which the
		// provider's server drops (server_validate_unknown.go): it must
		// answer none.
		leftToTerraform bool
	}
	// A null or unknown element of results or learning_objective_scores
	// is refused by the framework (its required attributes read as null);
	// the provider's server lets the unknown one pass.
	cases := []validationCase{
		{name: "1.1 entries", config: v1p1},
		{name: "every 1.2 attribute", config: full},
		{name: "no entries", config: with(v1p1, map[string]any{"results": map[string]any{}})},
		{name: "blank strings", config: with(full, map[string]any{"results.*.comment": "", "results.*.score_date": "",
			"results.*.text_score": "", "results.*.score_scale_sourced_id": ""})},
		{name: "nulls", config: with(full, map[string]any{"released_students": nil, "timeouts": nil, "existing_results": nil,
			"results.*.score": nil, "results.*.learning_objective_scores": nil, "results.*.late": nil})},
		{name: "a null entry", invalid: true, config: with(v1p1, map[string]any{"results.*": nil})},
		{name: "a null learning objective", invalid: true, config: with(full, map[string]any{"results.*.learning_objective_scores.*": nil})},
		{name: "unknown line item", config: with(full, map[string]any{"line_item_sourced_id": u})},
		{name: "unknown results", config: with(full, map[string]any{"results": u})},
		{name: "an unknown entry", invalid: true, leftToTerraform: true, config: with(full, map[string]any{"results.*": u})},
		{name: "unknown entry attributes", config: with(full, map[string]any{"results.*.score": u, "results.*.score_status": u,
			"results.*.score_date": u, "results.*.comment": u, "results.*.late": u, "results.*.learning_objective_scores": u})},
		{name: "an unknown learning objective", invalid: true, leftToTerraform: true,
			config: with(full, map[string]any{"results.*.learning_objective_scores.*": u})},
		{name: "unknown learning objective attributes", config: with(full, map[string]any{
			"results.*.learning_objective_scores.*.source": u, "results.*.learning_objective_scores.*.id": u})},
		{name: "unknown released students", config: with(full, map[string]any{"released_students": u})},
		{name: "an unknown released student", config: with(full, map[string]any{"released_students": []any{u, "student-y"}})},
		{name: "unknown timeouts", config: with(full, map[string]any{"timeouts": u, "existing_results": u})},
		{name: "a student in results and released", invalid: true,
			config: with(full, map[string]any{"released_students": []any{"student-b"}})},
		{name: "results null", invalid: true, config: with(v1p1, map[string]any{"results": nil})},
		{name: "line item null", invalid: true, config: with(v1p1, map[string]any{"line_item_sourced_id": nil})},
		{name: "score_status null", invalid: true, config: with(v1p1, map[string]any{"results.*.score_status": nil})},
		{name: "a learning objective's id null", invalid: true,
			config: with(full, map[string]any{"results.*.learning_objective_scores.*.id": nil})},
		{name: "sourced_id set", invalid: true, config: with(v1p1, map[string]any{"results.*.sourced_id": "r-1"})},
	}
	// One configuration that trips each validator, by "<path>#<index>".
	trips := map[string]map[string]any{
		"line_item_sourced_id#0":                             {"line_item_sourced_id": ""},
		"existing_results#0":                                 {"existing_results": "keep"},
		"released_students#0":                                {"released_students": []any{""}},
		"results#0":                                          {"results": map[string]any{"": entry11(7)}},
		"results.*.score_status#0":                           {"results.*.score_status": "graded"},
		"results.*.score_date#0":                             {"results.*.score_date": "yesterday"},
		"results.*.learning_objective_scores#0":              {"results.*.learning_objective_scores": []any{}},
		"results.*.learning_objective_scores.*.source#0":     {"results.*.learning_objective_scores.*.source": "Case Network"},
		"results.*.learning_objective_scores.*.id#0":         {"results.*.learning_objective_scores.*.id": ""},
		"results.*.learning_objective_scores.*.text_score#0": {"results.*.learning_objective_scores.*.text_score": ""},
		"timeouts.create#0":                                  {"timeouts.create": "ten minutes"},
		"timeouts.update#0":                                  {"timeouts.update": "5"},
		"timeouts.delete#0":                                  {"timeouts.delete": "1 hour"},
	}
	// Validators no configuration trips, and why: blankAsUnset
	// (result_set_blank.go) lets "" through a length check, and every
	// other string passes it. "blank strings" above runs them.
	neverTrip := map[string]string{
		"results.*.comment#0":                "string length must be at least 1",
		"results.*.text_score#0":             "string length must be at least 1",
		"results.*.score_scale_sourced_id#0": "string length must be at least 1",
	}
	validators := map[string]string{}
	schemaValidators(ctx, "", resultSetSchema(t).Attributes, validators)
	for _, key := range slices.Sorted(maps.Keys(validators)) {
		if description, ok := neverTrip[key]; ok {
			if validators[key] != description {
				t.Errorf("the validator %s is now %q, not %q: add a configuration that trips it", key, validators[key], description)
			}
			continue
		}
		changes, ok := trips[key]
		if !ok {
			t.Errorf("no configuration trips the validator %s (%s): add one to trips", key, validators[key])
			continue
		}
		cases = append(cases, validationCase{name: "trips " + key, config: with(full, changes), invalid: true})
	}
	for key := range maps.Keys(maps.Collect(func(yield func(string, bool) bool) {
		for k := range trips {
			yield(k, true)
		}
		for k := range neverTrip {
			yield(k, true)
		}
	})) {
		if _, ok := validators[key]; !ok {
			t.Errorf("trips has %s, which the schema does not have", key)
		}
	}
	for _, tc := range cases {
		for _, version := range slices.Sorted(maps.Keys(pairs)) {
			servers := pairs[version]
			t.Run(tc.name+"/"+version, func(t *testing.T) {
				config := configValue(setType, tc.config)
				req := func() *tfprotov6.ValidateResourceConfigRequest {
					return &tfprotov6.ValidateResourceConfigRequest{TypeName: "oneroster_result_set", Config: dynamicValue(t, setType, config)}
				}
				got, want := askBoth(t, servers, func(s tfprotov6.ProviderServer) (*tfprotov6.ValidateResourceConfigResponse, error) {
					return s.ValidateResourceConfig(ctx, req())
				})
				if tc.invalid != (len(want.Diagnostics) > 0) {
					t.Fatalf("the framework answers %v; the case expects diagnostics: %v", want.Diagnostics, tc.invalid)
				}
				if tc.leftToTerraform {
					for _, d := range want.Diagnostics {
						if d.Summary != "Missing Configuration for Required Attribute" {
							t.Errorf("the framework answers %q: %s", d.Summary, d.Detail)
						}
					}
					want.Diagnostics = nil
				}
				sortDiagnostics(got.Diagnostics)
				sortDiagnostics(want.Diagnostics)
				if !reflect.DeepEqual(got.Diagnostics, want.Diagnostics) {
					t.Errorf("diagnostics:\n got %v\nwant %v", got.Diagnostics, want.Diagnostics)
				}
			})
		}
	}
}

// sortDiagnostics orders diagnostics by summary, detail and attribute: the
// framework reports them in the order it walks the schema's maps.
func sortDiagnostics(diags []*tfprotov6.Diagnostic) {
	key := func(d *tfprotov6.Diagnostic) string {
		return d.Summary + "\x00" + d.Detail + "\x00" + fmt.Sprint(d.Attribute)
	}
	sort.Slice(diags, func(i, j int) bool { return key(diags[i]) < key(diags[j]) })
}
