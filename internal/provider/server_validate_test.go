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
// strings, float64 and *big.Float, bool, nil for null and unknownConfig{}.
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
	case *big.Float:
		return tftypes.NewValue(typ, v)
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

// resourceSchema is the framework schema of the resource type typeName.
func resourceSchema(t *testing.T, typeName string) schema.Schema {
	ctx := context.Background()
	for _, newResource := range provider.New("test")().Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "oneroster"}, &md)
		if md.TypeName == typeName {
			var sch resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sch)
			return sch.Schema
		}
	}
	t.Fatalf("no %s", typeName)
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

// validationCase is one configuration of a type for the validation
// equivalence tests.
type validationCase struct {
	name    string
	config  map[string]any
	invalid bool // the framework must answer with a diagnostic
	// leftToTerraform: the framework's diagnostics are all its
	// required-attribute errors under an unknown element, which the
	// provider's server drops (server_validate_unknown.go): it must answer
	// none.
	leftToTerraform bool
}

// validationSuite is what the validation equivalence test of one
// resource type runs: its cases, and one configuration that trips each
// validator of its schema, by "<path>#<index>" as schemaValidators lists
// them (changes to full), the list being the schema's own, so that a
// validator added without a case fails the test; neverTrip names the
// validators no configuration trips, with their descriptions and why.
type validationSuite struct {
	typeName  string
	full      map[string]any
	cases     []validationCase
	trips     map[string]map[string]any
	neverTrip map[string]string
}

// with is base (configValue's Go data) with the values at some paths
// (setAt's) changed.
func with(base map[string]any, changes map[string]any) map[string]any {
	c := deepCopy(base).(map[string]any)
	for p, v := range changes {
		setAt(c, p, v)
	}
	return c
}

// checkValidationsAnswerAsTheFramework runs every case of suite, and one
// that trips each validator, through the framework's server and the
// provider's, configured for 1.1, for 1.2 and not at all (the CLI's
// validate walk), and holds the provider's diagnostics equal to the
// framework's. Each answer must also come from the expected server: the
// provider's own path answers exactly the configurations the framework
// finds nothing in (provider.ValidatesItself), so that a test whose cases
// all went to the framework cannot pass for one that proves something.
func checkValidationsAnswerAsTheFramework(t *testing.T, suite validationSuite) {
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
	configType := schemas.ResourceSchemas[suite.typeName].ValueType()
	cases := slices.Clone(suite.cases)
	validators := map[string]string{}
	schemaValidators(ctx, "", resourceSchema(t, suite.typeName).Attributes, validators)
	for _, key := range slices.Sorted(maps.Keys(validators)) {
		if description, ok := suite.neverTrip[key]; ok {
			if validators[key] != description {
				t.Errorf("the validator %s is now %q, not %q: add a configuration that trips it", key, validators[key], description)
			}
			continue
		}
		changes, ok := suite.trips[key]
		if !ok {
			t.Errorf("no configuration trips the validator %s (%s): add one to trips", key, validators[key])
			continue
		}
		cases = append(cases, validationCase{name: "trips " + key, config: with(suite.full, changes), invalid: true})
	}
	for _, key := range slices.Concat(slices.Collect(maps.Keys(suite.trips)), slices.Collect(maps.Keys(suite.neverTrip))) {
		if _, ok := validators[key]; !ok {
			t.Errorf("trips or neverTrip has %s, which the schema does not have", key)
		}
	}
	for _, tc := range cases {
		for _, version := range slices.Sorted(maps.Keys(pairs)) {
			servers := pairs[version]
			t.Run(tc.name+"/"+version, func(t *testing.T) {
				config := configValue(configType, tc.config)
				req := func() *tfprotov6.ValidateResourceConfigRequest {
					return &tfprotov6.ValidateResourceConfigRequest{TypeName: suite.typeName, Config: dynamicValue(t, configType, config)}
				}
				got, want := askBoth(t, servers, func(s tfprotov6.ProviderServer) (*tfprotov6.ValidateResourceConfigResponse, error) {
					return s.ValidateResourceConfig(ctx, req())
				})
				if tc.invalid != (len(want.Diagnostics) > 0) {
					t.Fatalf("the framework answers %v; the case expects diagnostics: %v", want.Diagnostics, tc.invalid)
				}
				if direct := provider.ValidatesItself(servers.ours, req()); direct != !tc.invalid {
					t.Errorf("answered by the provider's own path: %v, want %v", direct, !tc.invalid)
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

// The provider's server validates result sets' configurations itself
// (server_validate.go): every validation, whether it takes that path or
// not, must get the framework's answer, diagnostic for diagnostic. The
// configurations: valid ones, with OneRoster 1.1 entries and with every
// 1.2 attribute, with blank strings, nulls and unknowns at every level;
// one that trips each validator of the schema; and ones that fail the
// framework's other checks (a required attribute null, a read-only one
// set, a number beyond a float64, the resource's ValidateConfig).
func TestResultSetValidationsAnswerAsTheFramework(t *testing.T) {
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
	u := unknownConfig{}
	beyondFloat64, _, err := big.ParseFloat("1e400", 10, 512, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	tinyFloat, _, err := big.ParseFloat("1e-400", 10, 512, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
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
		{name: "unknown results, a student released", config: with(full, map[string]any{"results": u, "released_students": []any{"student-a"}})},
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
		{name: "an unknown timeout", config: with(full, map[string]any{"timeouts.create": u})},
		{name: "a student in results and released", invalid: true,
			config: with(full, map[string]any{"released_students": []any{"student-b"}})},
		{name: "students in results and released, and an unknown", invalid: true,
			config: with(full, map[string]any{"released_students": []any{"student-b", u, "student-a"}})},
		{name: "results null", invalid: true, config: with(v1p1, map[string]any{"results": nil})},
		{name: "line item null", invalid: true, config: with(v1p1, map[string]any{"line_item_sourced_id": nil})},
		{name: "score_status null", invalid: true, config: with(v1p1, map[string]any{"results.*.score_status": nil})},
		{name: "a learning objective's id null", invalid: true,
			config: with(full, map[string]any{"results.*.learning_objective_scores.*.id": nil})},
		{name: "sourced_id set", invalid: true, config: with(v1p1, map[string]any{"results.*.sourced_id": "r-1"})},
		{name: "a score beyond a float64", invalid: true, config: with(v1p1, map[string]any{"results.*.score": beyondFloat64})},
		// The framework runs the set type's own validation, which refuses
		// a duplicate element (Terraform sends none).
		{name: "a student released twice", invalid: true, config: with(full, map[string]any{"released_students": []any{"student-y", "student-y"}})},
		{name: "a score below a float64", invalid: true, config: with(v1p1, map[string]any{"results.*.score": tinyFloat})},
	}
	checkValidationsAnswerAsTheFramework(t, validationSuite{typeName: "oneroster_result_set", full: full, cases: cases,
		trips: map[string]map[string]any{
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
		},
		// blankAsUnset (result_set_blank.go) lets "" through a length
		// check, and every other string passes it. "blank strings" above
		// runs them.
		neverTrip: map[string]string{
			"results.*.comment#0":                "string length must be at least 1",
			"results.*.text_score#0":             "string length must be at least 1",
			"results.*.score_scale_sourced_id#0": "string length must be at least 1",
		},
	})
}

// The provider's server validates line items' configurations itself too,
// held to the framework's answers as result sets' are: the push's
// configuration (OneRoster 1.1) and one with every attribute; nulls and
// unknowns at every level; each validator tripped; the framework's own
// checks (required, read-only, a number beyond a float64); and the
// kind's rule (result_value_min below result_value_max), with its
// unknowns and nulls.
func TestLineItemValidationsAnswerAsTheFramework(t *testing.T) {
	push := map[string]any{"sourced_id": "quiz-1", "title": "Unit quiz", "assign_date": "2025-09-01", "due_date": "2025-09-08",
		"class_sourced_id": "class-1", "category_sourced_id": "cat-1", "result_value_min": 0.0, "result_value_max": 10.0}
	full := with(push, map[string]any{"description": "Chapter 3", "assign_date": "2025-09-01T08:00:00Z",
		"grading_period_sourced_id": "term-1", "school_sourced_id": "school-1", "academic_session_sourced_id": "year-1",
		"score_scale_sourced_id": "scale-1", "timeouts": map[string]any{"create": "10m", "update": "5m", "delete": "1h"},
		"learning_objectives": []any{
			map[string]any{"source": "case", "ids": []any{"lo-1", "lo-2"}},
			map[string]any{"source": "/district", "ids": []any{"lo-3"}},
		}})
	u := unknownConfig{}
	beyondFloat64, _, err := big.ParseFloat("-1e400", 10, 512, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	// A null or unknown element of learning_objectives is refused by the
	// framework (its required attributes read as null); the provider's
	// server lets the unknown one pass.
	cases := []validationCase{
		{name: "the push's line item", config: push},
		{name: "every attribute", config: full},
		{name: "nulls", config: with(full, map[string]any{"sourced_id": nil, "description": nil, "grading_period_sourced_id": nil,
			"result_value_min": nil, "result_value_max": nil, "school_sourced_id": nil, "academic_session_sourced_id": nil,
			"score_scale_sourced_id": nil, "learning_objectives": nil, "timeouts": nil})},
		{name: "a null timeout", config: with(full, map[string]any{"timeouts.update": nil})},
		{name: "unknowns", config: with(full, map[string]any{"sourced_id": u, "title": u, "assign_date": u, "due_date": u,
			"class_sourced_id": u, "category_sourced_id": u, "school_sourced_id": u, "score_scale_sourced_id": u})},
		{name: "unknown learning objectives", config: with(full, map[string]any{"learning_objectives": u})},
		{name: "an unknown learning objective", invalid: true, leftToTerraform: true, config: with(full, map[string]any{"learning_objectives.*": u})},
		{name: "a null learning objective", invalid: true, config: with(full, map[string]any{"learning_objectives.*": nil})},
		{name: "unknown learning objective attributes", config: with(full, map[string]any{
			"learning_objectives.*.source": u, "learning_objectives.*.ids": u})},
		{name: "an unknown learning objective id", config: with(full, map[string]any{"learning_objectives.*.ids": []any{u, "lo-2"}})},
		{name: "unknown timeouts", config: with(full, map[string]any{"timeouts": u})},
		{name: "an unknown timeout", config: with(full, map[string]any{"timeouts.delete": u})},
		{name: "range: min unknown", config: with(full, map[string]any{"result_value_min": u, "result_value_max": -5.0})},
		{name: "range: max unknown", config: with(full, map[string]any{"result_value_max": u, "result_value_min": 50.0})},
		{name: "range: min null", config: with(full, map[string]any{"result_value_min": nil, "result_value_max": -5.0})},
		{name: "range: max null", config: with(full, map[string]any{"result_value_max": nil, "result_value_min": 50.0})},
		{name: "range: fractions", config: with(full, map[string]any{"result_value_min": 0.1, "result_value_max": 0.2})},
		{name: "range: min above max", invalid: true, config: with(full, map[string]any{"result_value_min": 10.0, "result_value_max": 5.0})},
		{name: "range: min equal to max", invalid: true, config: with(push, map[string]any{"result_value_min": 5.0, "result_value_max": 5.0})},
		{name: "range: min beyond a float64", invalid: true, config: with(push, map[string]any{"result_value_min": beyondFloat64})},
		{name: "title null", invalid: true, config: with(push, map[string]any{"title": nil})},
		{name: "dates null", invalid: true, config: with(push, map[string]any{"assign_date": nil, "due_date": nil})},
		{name: "class null", invalid: true, config: with(push, map[string]any{"class_sourced_id": nil})},
		{name: "a learning objective's source null", invalid: true, config: with(full, map[string]any{"learning_objectives.*.source": nil})},
		{name: "a learning objective's ids null", invalid: true, config: with(full, map[string]any{"learning_objectives.*.ids": nil})},
		{name: "id set", invalid: true, config: with(push, map[string]any{"id": "quiz-1"})},
		{name: "status set", invalid: true, config: with(push, map[string]any{"status": "active"})},
		{name: "date_last_modified set", invalid: true, config: with(push, map[string]any{"date_last_modified": "2025-09-01"})},
	}
	checkValidationsAnswerAsTheFramework(t, validationSuite{typeName: "oneroster_line_item", full: full, cases: cases,
		trips: map[string]map[string]any{
			"sourced_id#0":                   {"sourced_id": ""},
			"sourced_id#1":                   {"sourced_id": "a/../b"},
			"title#0":                        {"title": ""},
			"description#0":                  {"description": ""},
			"assign_date#0":                  {"assign_date": "09/01/2025"},
			"due_date#0":                     {"due_date": "2025-13-45"},
			"class_sourced_id#0":             {"class_sourced_id": ""},
			"category_sourced_id#0":          {"category_sourced_id": ""},
			"grading_period_sourced_id#0":    {"grading_period_sourced_id": ""},
			"school_sourced_id#0":            {"school_sourced_id": ""},
			"academic_session_sourced_id#0":  {"academic_session_sourced_id": ""},
			"score_scale_sourced_id#0":       {"score_scale_sourced_id": ""},
			"learning_objectives#0":          {"learning_objectives": []any{}},
			"learning_objectives.*.source#0": {"learning_objectives.*.source": "CASE"},
			"learning_objectives.*.ids#0":    {"learning_objectives.*.ids": []any{}},
			"learning_objectives.*.ids#1":    {"learning_objectives.*.ids": []any{"lo-1", ""}},
			"timeouts.create#0":              {"timeouts.create": "ten minutes"},
			"timeouts.update#0":              {"timeouts.update": "5"},
			"timeouts.delete#0":              {"timeouts.delete": "1 hour"},
		},
	})
}

// sortDiagnostics orders diagnostics by summary, detail and attribute: the
// framework reports them in the order it walks the schema's maps.
func sortDiagnostics(diags []*tfprotov6.Diagnostic) {
	key := func(d *tfprotov6.Diagnostic) string {
		return d.Summary + "\x00" + d.Detail + "\x00" + fmt.Sprint(d.Attribute)
	}
	sort.Slice(diags, func(i, j int) bool { return key(diags[i]) < key(diags[j]) })
}
