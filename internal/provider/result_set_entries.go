package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A set's entries go between the map of objects Terraform holds and
// resultSetEntry several times a plan and an apply. The framework's
// reflection (ElementsAs) looks up the struct's tags again for every entry,
// which came to a tenth of the provider's CPU in a grade push; the entries
// are read and built here by name instead, from one table.

// entryAttribute is one attribute of an entry: its name, its type, and
// where resultSetEntry keeps it.
type entryAttribute struct {
	name string
	typ  attr.Type
	get  func(e *resultSetEntry) attr.Value
	// set stores v in e; false when v is not of the attribute's type.
	set func(e *resultSetEntry, v attr.Value) bool
}

func stringEntryAttribute(name string, field func(e *resultSetEntry) *types.String) entryAttribute {
	return entryAttribute{name: name, typ: types.StringType,
		get: func(e *resultSetEntry) attr.Value { return *field(e) },
		set: func(e *resultSetEntry, v attr.Value) bool {
			s, ok := v.(types.String)
			*field(e) = s
			return ok
		}}
}

func boolEntryAttribute(name string, field func(e *resultSetEntry) *types.Bool) entryAttribute {
	return entryAttribute{name: name, typ: types.BoolType,
		get: func(e *resultSetEntry) attr.Value { return *field(e) },
		set: func(e *resultSetEntry, v attr.Value) bool {
			b, ok := v.(types.Bool)
			*field(e) = b
			return ok
		}}
}

// entryAttributes are the attributes of an entry (the schema's, which
// TestResultSetEntryAttributesMatchTheSchema holds them to).
var entryAttributes = []entryAttribute{
	stringEntryAttribute("score_status", func(e *resultSetEntry) *types.String { return &e.ScoreStatus }),
	{name: "score", typ: types.Float64Type,
		get: func(e *resultSetEntry) attr.Value { return e.Score },
		set: func(e *resultSetEntry, v attr.Value) bool {
			f, ok := v.(types.Float64)
			e.Score = f
			return ok
		}},
	stringEntryAttribute("score_date", func(e *resultSetEntry) *types.String { return &e.ScoreDate }),
	stringEntryAttribute("comment", func(e *resultSetEntry) *types.String { return &e.Comment }),
	stringEntryAttribute("sourced_id", func(e *resultSetEntry) *types.String { return &e.SourcedID }),
	stringEntryAttribute("score_scale_sourced_id", func(e *resultSetEntry) *types.String { return &e.ScoreScaleSourcedID }),
	stringEntryAttribute("text_score", func(e *resultSetEntry) *types.String { return &e.TextScore }),
	boolEntryAttribute("in_progress", func(e *resultSetEntry) *types.Bool { return &e.InProgress }),
	boolEntryAttribute("incomplete", func(e *resultSetEntry) *types.Bool { return &e.Incomplete }),
	boolEntryAttribute("late", func(e *resultSetEntry) *types.Bool { return &e.Late }),
	boolEntryAttribute("missing", func(e *resultSetEntry) *types.Bool { return &e.Missing }),
	// A list of objects, learningObjectiveScoreType, as oneroster_result's.
	{name: "learning_objective_scores", typ: types.ListType{ElemType: learningObjectiveScoreType},
		get: func(e *resultSetEntry) attr.Value { return e.LearningObjectiveScores },
		set: func(e *resultSetEntry, v attr.Value) bool {
			l, ok := v.(types.List)
			e.LearningObjectiveScores = l
			return ok && l.ElementType(context.Background()).Equal(learningObjectiveScoreType)
		}},
}

var entryAttrTypes = func() map[string]attr.Type {
	out := make(map[string]attr.Type, len(entryAttributes))
	for _, a := range entryAttributes {
		out[a.name] = a.typ
	}
	return out
}()

func resultSetEntryType() types.ObjectType {
	return types.ObjectType{AttrTypes: entryAttrTypes}
}

// entriesOf reads a set's entries by student; a null or unknown map has
// none.
func entriesOf(ctx context.Context, m types.Map) (map[string]resultSetEntry, diag.Diagnostics) {
	entries := map[string]resultSetEntry{}
	if m.IsNull() || m.IsUnknown() {
		return entries, nil
	}
	for student, v := range m.Elements() {
		e, ok := entryOf(v)
		if !ok {
			// Not the schema's shape: the framework's conversion says why.
			entries = map[string]resultSetEntry{}
			return entries, m.ElementsAs(ctx, &entries, false)
		}
		entries[student] = e
	}
	return entries, nil
}

// entryOf reads one entry; false when v is not a known object of the
// entry's attributes.
func entryOf(v attr.Value) (resultSetEntry, bool) {
	var e resultSetEntry
	obj, ok := v.(types.Object)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return e, false
	}
	attrs := obj.Attributes()
	if len(attrs) != len(entryAttributes) {
		return e, false
	}
	for _, a := range entryAttributes {
		if v, found := attrs[a.name]; !found || !a.set(&e, v) {
			return e, false
		}
	}
	return e, true
}

// withoutUnknownEntries splits a planned map of entries: the map without
// the entries that are wholly unknown, and their students. Such an entry
// comes from an expression not known until apply (a conditional on
// another resource's attribute, for example); a plan leaves it unknown,
// and decides on it in the apply's own plan, when it is known.
func withoutUnknownEntries(m types.Map) (types.Map, []string) {
	if m.IsNull() || m.IsUnknown() {
		return m, nil
	}
	var students []string
	for student, v := range m.Elements() {
		if v.IsUnknown() {
			students = append(students, student)
		}
	}
	if len(students) == 0 {
		return m, nil
	}
	elems := maps.Clone(m.Elements())
	for _, student := range students {
		delete(elems, student)
	}
	return types.MapValueMust(m.ElementType(context.Background()), elems), students
}

// entriesValue is the map of entries by student that Terraform holds,
// with the entries of the students unknown wholly unknown.
func entriesValue(entries map[string]resultSetEntry, unknown ...string) (types.Map, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make(map[string]attr.Value, len(entries)+len(unknown))
	for _, student := range unknown {
		elems[student] = types.ObjectUnknown(entryAttrTypes)
	}
	for student, e := range entries {
		attrs := make(map[string]attr.Value, len(entryAttributes))
		for _, a := range entryAttributes {
			attrs[a.name] = a.get(&e)
		}
		obj, d := types.ObjectValue(entryAttrTypes, attrs)
		diags.Append(d...)
		elems[student] = obj
	}
	m, d := types.MapValue(resultSetEntryType(), elems)
	diags.Append(d...)
	return m, diags
}

// The provider's server reads and writes a refreshed set's entries as the
// protocol's values (readValue), without the framework's state; through
// the same table, so that an attribute is added to an entry in one row
// of entryAttributes and both ways follow. Each value goes through its
// attribute's type, as the framework's state does.

// entriesTerraformType is the type of results as the protocol holds it.
var entriesTerraformType = tftypes.Map{ElementType: resultSetEntryType().TerraformType(context.Background())}

// entriesFromTerraform reads a set's entries by student from the map the
// protocol holds, as entriesOf reads them from the framework's state;
// false for anything else than a known map of known entries of
// entryAttributes, each value of its attribute's type.
func entriesFromTerraform(ctx context.Context, v tftypes.Value) (map[string]resultSetEntry, bool) {
	var elems map[string]tftypes.Value
	if !v.Type().Equal(entriesTerraformType) || !v.IsKnown() || v.IsNull() || v.As(&elems) != nil {
		return nil, false
	}
	entries := make(map[string]resultSetEntry, len(elems))
	for student, ev := range elems {
		var attrs map[string]tftypes.Value
		if !ev.IsKnown() || ev.IsNull() || ev.As(&attrs) != nil || len(attrs) != len(entryAttributes) {
			return nil, false
		}
		var e resultSetEntry
		for _, a := range entryAttributes {
			tv, found := attrs[a.name]
			if !found {
				return nil, false
			}
			av, err := a.typ.ValueFromTerraform(ctx, tv)
			if err != nil || !a.set(&e, av) {
				return nil, false
			}
		}
		entries[student] = e
	}
	return entries, true
}

// entriesToTerraform is the map of entries by student, of type t, that
// the protocol holds, as entriesValue is the framework's.
func entriesToTerraform(ctx context.Context, entries map[string]resultSetEntry, t tftypes.Type) (tftypes.Value, error) {
	if !t.Equal(entriesTerraformType) {
		return tftypes.Value{}, fmt.Errorf("results is of type %s, not %s", t, entriesTerraformType)
	}
	elems := make(map[string]tftypes.Value, len(entries))
	for student, e := range entries {
		attrs := make(map[string]tftypes.Value, len(entryAttributes))
		for _, a := range entryAttributes {
			v, err := a.get(&e).ToTerraformValue(ctx)
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("entry %q, %s: %w", student, a.name, err)
			}
			attrs[a.name] = v
		}
		elems[student] = tftypes.NewValue(entriesTerraformType.ElementType, attrs)
	}
	return tftypes.NewValue(entriesTerraformType, elems), nil
}
