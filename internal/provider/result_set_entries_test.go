package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// entryAttributes are exactly the schema's entry attributes, of its
// types.
func TestResultSetEntryAttributesMatchTheSchema(t *testing.T) {
	ctx := context.Background()
	var resp resource.SchemaResponse
	(&resultSetResource{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	want := resp.Schema.Attributes["results"].(schema.MapNestedAttribute).NestedObject.Type().(types.ObjectType).AttrTypes
	if !reflect.DeepEqual(entryAttrTypes, want) {
		t.Fatalf("entryAttributes have the types %v, the schema's entries %v", entryAttrTypes, want)
	}
}

// entriesOf and entriesValue read and build entries as the framework's
// conversion (ElementsAs, and back) does, nulls and unknowns included, and
// a map of another shape gets the framework's diagnostics.
func TestResultSetEntriesAsTheFramework(t *testing.T) {
	ctx := context.Background()
	entry := func(status, date, comment, id types.String, score types.Float64, objectives types.List) resultSetEntry {
		return resultSetEntry{scoreFields: scoreFields{ScoreStatus: status, Score: score, ScoreDate: date, Comment: comment,
			LearningObjectiveScores: objectives}, SourcedID: id}
	}
	objectives := types.ListValueMust(learningObjectiveScoreType, []attr.Value{
		types.ObjectValueMust(learningObjectiveScoreType.AttrTypes, map[string]attr.Value{"source": types.StringValue("case"),
			"id": types.StringValue("lo-1"), "score": types.Float64Value(0.5), "text_score": types.StringNull()}),
		types.ObjectValueMust(learningObjectiveScoreType.AttrTypes, map[string]attr.Value{"source": types.StringValue("/district"),
			"id": types.StringValue("lo-2"), "score": types.Float64Unknown(), "text_score": types.StringValue("Proficient")}),
	})
	entries := map[string]resultSetEntry{
		"all known": entry(types.StringValue("fully graded"), types.StringValue("2025-09-09"), types.StringValue("Well done"),
			types.StringValue("r-1"), types.Float64Value(7.5), objectives),
		"nulls": entry(types.StringNull(), types.StringNull(), types.StringNull(), types.StringNull(), types.Float64Null(),
			types.ListNull(learningObjectiveScoreType)),
		"unknowns": entry(types.StringUnknown(), types.StringUnknown(), types.StringUnknown(), types.StringUnknown(),
			types.Float64Unknown(), types.ListUnknown(learningObjectiveScoreType)),
		"blank": entry(types.StringValue(""), types.StringValue(""), types.StringValue(""), types.StringValue(""), types.Float64Value(0),
			types.ListValueMust(learningObjectiveScoreType, []attr.Value{})),
	}
	m, diags := entriesValue(entries)
	if diags.HasError() {
		t.Fatal(diags)
	}
	// The framework's way, both ways.
	want, diags := types.MapValueFrom(ctx, resultSetEntryType(), entries)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !m.Equal(want) {
		t.Errorf("entriesValue:\n got %s\nwant %s", m, want)
	}
	got, diags := entriesOf(ctx, m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	var viaFramework map[string]resultSetEntry
	if diags := m.ElementsAs(ctx, &viaFramework, false); diags.HasError() {
		t.Fatal(diags)
	}
	if !reflect.DeepEqual(got, viaFramework) || !reflect.DeepEqual(got, entries) {
		t.Errorf("entriesOf:\n got %v\nwant %v", got, viaFramework)
	}
	for _, m := range []types.Map{types.MapNull(resultSetEntryType()), types.MapUnknown(resultSetEntryType())} {
		if got, diags := entriesOf(ctx, m); diags.HasError() || len(got) != 0 {
			t.Errorf("entriesOf(%s) = %v, %v; want none", m, got, diags)
		}
	}
	// A null entry: the framework refuses it, and so does entriesOf.
	withNull := types.MapValueMust(resultSetEntryType(), map[string]attr.Value{"s": types.ObjectNull(entryAttrTypes)})
	var into map[string]resultSetEntry
	wantDiags := withNull.ElementsAs(ctx, &into, false)
	if _, diags := entriesOf(ctx, withNull); !wantDiags.HasError() || !diags.Equal(wantDiags) {
		t.Errorf("entriesOf of a null entry: %v, want the framework's %v", diags, wantDiags)
	}
}
