package provider_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/edu-iac/terraform-provider-oneroster/internal/sandbox"
)

// An element of a nested list or map known only at apply (another
// resource's attribute) is a case that broke the result set's validation
// and plan once (TestAccGradebookResultSet_unknownEntry). This holds
// every resource to it: for each nested list or map at any depth, a
// configuration with one wholly unknown element validates and plans
// without an error, on OneRoster 1.2, where every attribute is in the
// version. Its neighbours are unknown too, so that no validator or
// version rule has a value to refuse, but for the records it names
// (required …_sourced_id attributes), which are known, as a plan walks
// the entries only then. Removing either half of the result set's fix
// fails it.
func TestEveryNestedCollectionTakesAnUnknownElement(t *testing.T) {
	ctx := context.Background()
	sb := startSandbox(t, sandbox.Options{})
	servers := newServerPair(t, sb.BaseURLV1p2, sb.TokenURL)
	schemas, err := servers.ours.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cases := 0
	for typeName, sch := range schemas.ResourceSchemas {
		typ := sch.ValueType().(tftypes.Object)
		for _, target := range nestedCollections(sch.Block.Attributes, nil) {
			cases++
			t.Run(typeName+"."+strings.Join(target, "."), func(t *testing.T) {
				value := configValue(typ, unknownElementConfig(sch.Block.Attributes, target))
				config, err := tfprotov6.NewDynamicValue(typ, value)
				if err != nil {
					t.Fatal(err)
				}
				validated, err := servers.ours.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: typeName, Config: &config})
				if err != nil {
					t.Fatal(err)
				}
				if errs := errorsOf(validated.Diagnostics); len(errs) > 0 {
					t.Errorf("validation: %v", summaries(errs))
				}
				prior, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
				if err != nil {
					t.Fatal(err)
				}
				planned, err := servers.ours.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
					TypeName: typeName, PriorState: &prior, ProposedNewState: &config, Config: &config})
				if err != nil {
					t.Fatal(err)
				}
				if errs := errorsOf(planned.Diagnostics); len(errs) > 0 {
					t.Errorf("plan: %v", summaries(errs))
				}
			})
		}
	}
	if cases == 0 {
		t.Fatal("no resource has a nested list or map")
	}
}

// nestedCollections are the paths, by attribute name, of the nested
// lists and maps among attrs and inside them.
func nestedCollections(attrs []*tfprotov6.SchemaAttribute, under []string) [][]string {
	var out [][]string
	for _, a := range attrs {
		if a.NestedType == nil || a.Computed && !a.Optional {
			continue
		}
		at := append(slices.Clone(under), a.Name)
		switch a.NestedType.Nesting {
		case tfprotov6.SchemaObjectNestingModeList, tfprotov6.SchemaObjectNestingModeMap:
			out = append(out, at)
		}
		out = append(out, nestedCollections(a.NestedType.Attributes, at)...)
	}
	return out
}

// unknownElementConfig is a configuration (for configValue) of an object
// of attrs (as the test says) with, along target, one element of each
// nested list or map: the last one's wholly unknown.
func unknownElementConfig(attrs []*tfprotov6.SchemaAttribute, target []string) map[string]any {
	out := map[string]any{}
	for _, a := range attrs {
		switch {
		case a.Required && strings.HasSuffix(a.Name, "_sourced_id") && a.Type.Is(tftypes.String):
			// Known: a result set plans its entries only once its line
			// item is known, and so may other resources.
			out[a.Name] = "nowhere"
		case a.Required || a.Optional && a.NestedType == nil:
			out[a.Name] = unknownConfig{}
		}
		if len(target) == 0 || a.Name != target[0] {
			continue
		}
		var elem any = unknownConfig{}
		if len(target) > 1 {
			elem = unknownElementConfig(a.NestedType.Attributes, target[1:])
		}
		switch a.NestedType.Nesting {
		case tfprotov6.SchemaObjectNestingModeList, tfprotov6.SchemaObjectNestingModeSet:
			out[a.Name] = []any{elem}
		case tfprotov6.SchemaObjectNestingModeMap:
			out[a.Name] = map[string]any{"k": elem}
		default:
			out[a.Name] = elem
		}
	}
	return out
}
