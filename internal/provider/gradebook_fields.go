package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// A gradebook record's fields are each described once, in a recordField:
// the data sources' attribute (name, API name, description, value), the
// resource's attribute (required or optional, validators, the same
// description), and the mapping between the resource's Terraform model M
// and the OneRoster record T. A kind's data sources (its topic) and its
// resource, declared side by side in its file (gradebook_line_item.go),
// are both derived from its table.
//
// A field may belong to one OneRoster version only (onlyIn, which sets version), or be required
// by one version's writes though the other's allow it (requiredIn); the
// resources apply these rules at plan time (versionRules), where the
// provider's version is known.
type recordField[T, M any] struct {
	dataSource field[T]
	required   bool
	checks     []validator.String // string fields only
	toRecord   func(m *M, r *T)
	fromRecord func(m *M, r *T) // m holds the prior (planned) values

	// value reads the field's value in a model; clear sets it null (in
	// the plan of a version without the field).
	value func(m *M) attr.Value
	clear func(m *M)

	// version is the one version whose records have the field ("" for
	// both); requiredIn the version whose writes require it ("" for
	// none).
	version, requiredIn oneroster.Version
	// computed fields take the server's value when not configured (a 1.2
	// server fills a result's flags and class in); an unconfigured one
	// keeps its prior value in plans, while the attribute it is derived
	// from (derivedFrom, if any) is unchanged.
	computed    bool
	derivedFrom string
	// instant marks a date whose spellings of one instant are equal
	// (sameInstant).
	instant bool
	// attribute builds the resource attribute, given its documentation,
	// for kinds whose default below does not fit (a list of objects).
	attribute func(desc string) schema.Attribute
}

// resourceAttribute is the field's attribute in the resource schema.
func (f *recordField[T, M]) resourceAttribute() schema.Attribute {
	optional, desc := !f.required, f.describe()
	if f.attribute != nil {
		return f.attribute(desc)
	}
	switch f.dataSource.valueType {
	case valueNumber:
		return schema.Float64Attribute{Required: f.required, Optional: optional, MarkdownDescription: desc}
	case valueBool:
		a := schema.BoolAttribute{Required: f.required, Optional: optional, Computed: f.computed, MarkdownDescription: desc}
		if f.computed {
			a.PlanModifiers = []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}
		}
		return a
	}
	a := schema.StringAttribute{Required: f.required, Optional: optional, Computed: f.computed, MarkdownDescription: desc, Validators: f.checks}
	switch {
	case f.computed && f.derivedFrom != "":
		a.PlanModifiers = []planmodifier.String{keptWhileSame{path.Root(f.derivedFrom)}}
	case f.computed:
		a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	case f.instant:
		a.PlanModifiers = []planmodifier.String{sameInstant{}}
	}
	return a
}

// sameInstant plans a configured date as its prior value when both name
// the same instant (2024-09-09T23:00:00Z and 2024-09-09T23:00:00.000Z): the
// configured spelling and the stored one (an imported object's, or the
// configuration's before an edit) are then no difference. Terraform takes
// a planned value equal to the prior one in place of the configured one.
type sameInstant struct{}

func (sameInstant) Description(context.Context) string {
	return "keeps the prior value while the configured one names the same instant"
}

func (m sameInstant) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameInstant) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	configured, ok1 := parseISODate(req.ConfigValue.ValueString())
	prior, ok2 := parseISODate(req.StateValue.ValueString())
	if ok1 && ok2 && configured.Equal(prior) {
		resp.PlanValue = req.StateValue
	}
}

// describe is the field's documentation in the resource, with its version
// rules.
func (f *recordField[T, M]) describe() string {
	desc := f.dataSource.desc
	if f.version != "" {
		desc += " Setting it against a server of another version fails at plan time."
	}
	if f.requiredIn != "" {
		desc += fmt.Sprintf(" Required by OneRoster %s, which refuses writes without it (checked at plan time).", f.requiredIn.Title())
	}
	if f.computed {
		desc += " When not set, the server's value."
	}
	return desc
}

// onlyIn makes f a field of version v only. Its data-source value is null,
// not empty, where a record lacks it, as every record of the other
// version does.
func (f recordField[T, M]) onlyIn(v oneroster.Version) recordField[T, M] {
	f.version = v
	f.dataSource.desc += onlyNote(v)
	if get := f.dataSource.str; get != nil {
		f.dataSource.str, f.dataSource.optStr = nil, func(r *T) *string {
			if s := get(r); s != "" {
				return &s
			}
			return nil
		}
	}
	return f
}

// onlyNote is what the documentation of a field of version v only adds.
func onlyNote(v oneroster.Version) string {
	return fmt.Sprintf(" OneRoster %s only: null from servers of other versions.", v.Title())
}

// requiredBy makes f required on writes to a server of version v.
func (f recordField[T, M]) requiredBy(v oneroster.Version) recordField[T, M] {
	f.requiredIn = v
	return f
}

// serverFilled makes f take the server's value when not configured.
func (f recordField[T, M]) serverFilled() recordField[T, M] {
	f.computed = true
	return f
}

// derivedBy makes f take the server's value when not configured, which the
// server derives from the attribute from (a result's class, from its line
// item): a new one when from changes.
func (f recordField[T, M]) derivedBy(from string) recordField[T, M] {
	f.computed, f.derivedFrom = true, from
	return f
}

// keptWhileSame plans a computed, unconfigured string as its prior value
// while the attribute at other is unchanged, and as unknown (the server's
// new answer) when it changes: UseStateForUnknown would send the prior
// value back, the server's answer for the old other.
type keptWhileSame struct{ other path.Path }

func (m keptWhileSame) Description(context.Context) string {
	return fmt.Sprintf("keeps the prior value while %s is unchanged", m.other)
}

func (m keptWhileSame) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m keptWhileSame) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.State.Raw.IsNull() || !req.PlanValue.IsUnknown() || req.ConfigValue.IsUnknown() {
		return
	}
	var before, after types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, m.other, &before)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, m.other, &after)...)
	if !resp.Diagnostics.HasError() && before.Equal(after) {
		resp.PlanValue = req.StateValue
	}
}

// withValue sets f's value and clear from the model value it maps, and
// that value's null.
func withValue[T, M any, V attr.Value](f recordField[T, M], mod func(*M) *V, null V) recordField[T, M] {
	f.value = func(m *M) attr.Value { return *mod(m) }
	f.clear = func(m *M) { *mod(m) = null }
	return f
}

// textField is free text: empty on the server reads as null.
func textField[T, M any](attr, api, desc string, required bool, rec func(*T) *string, mod func(*M) *types.String) recordField[T, M] {
	return withValue(recordField[T, M]{
		dataSource: stringField(attr, api, desc, func(r *T) string { return *rec(r) }), required: required, checks: nonEmpty(),
		toRecord:   func(m *M, r *T) { *rec(r) = mod(m).ValueString() },
		fromRecord: func(m *M, r *T) { *mod(m) = optionalString(*rec(r)) },
	}, mod, types.StringNull())
}

// dateField is an ISO 8601 date or date-time; a stored value naming the
// same instant as the configured one keeps the configured spelling, and a
// configured value naming the stored instant plans no change.
func dateField[T, M any](attr, api, desc string, required bool, rec func(*T) *string, mod func(*M) *types.String) recordField[T, M] {
	return withValue(recordField[T, M]{
		dataSource: stringField(attr, api, desc, func(r *T) string { return *rec(r) }), required: required, instant: true,
		checks:     []validator.String{iso8601Check},
		toRecord:   func(m *M, r *T) { *rec(r) = mod(m).ValueString() },
		fromRecord: func(m *M, r *T) { *mod(m) = storedDate(*mod(m), *rec(r)) },
	}, mod, types.StringNull())
}

// referenceField is a GUIDRef to a record of the collection to, flattened
// to its sourcedId; it keeps its configured spelling on servers that match
// ids case-insensitively.
func referenceField[T, M any](
	attr, api string,
	to *oneroster.Info,
	desc string,
	required bool,
	rec func(*T) **model.Ref,
	mod func(*M) *types.String,
) recordField[T, M] {
	return withValue(recordField[T, M]{
		dataSource: refField(attr, api, desc, func(r *T) *model.Ref { return *rec(r) }), required: required, checks: nonEmpty(),
		toRecord:   func(m *M, r *T) { *rec(r) = refTo(*mod(m), to.RefType()) },
		fromRecord: func(m *M, r *T) { *mod(m) = sameID(*mod(m), model.RefID(*rec(r))) },
	}, mod, types.StringNull())
}

// scoreStatusField is a result's required scoreStatus. It is read
// normalized, so that "not submmitted" reads as "not submitted", and
// written as configured, which the validators keep to the spec's values.
func scoreStatusField[T, M any](rec func(*T) *string, mod func(*M) *types.String) recordField[T, M] {
	return withValue(recordField[T, M]{
		dataSource: stringField("score_status", "scoreStatus", scoreStatusDescription,
			func(r *T) string { return model.NormalizeScoreStatus(*rec(r)) }),
		required:   true,
		checks:     scoreStatusValidators(),
		toRecord:   func(m *M, r *T) { *rec(r) = mod(m).ValueString() },
		fromRecord: func(m *M, r *T) { *mod(m) = optionalString(model.NormalizeScoreStatus(*rec(r))) },
	}, mod, types.StringNull())
}

// decimalField is an optional number.
func decimalField[T, M any](attr, api, desc string, rec func(*T) **model.Number, mod func(*M) *types.Float64) recordField[T, M] {
	return withValue(recordField[T, M]{
		dataSource: numberField(attr, api, desc, func(r *T) *model.Number { return *rec(r) }),
		toRecord:   func(m *M, r *T) { *rec(r) = numberOf(*mod(m)) },
		// The configured spelling of an equal float64 (storedNumber).
		fromRecord: func(m *M, r *T) { *mod(m) = storedNumber(*mod(m), *rec(r)) },
	}, mod, types.Float64Null())
}

// optionalTextField is free text that is null, not empty, when absent on
// the wire (a 1.2 result's textScore).
func optionalTextField[T, M any](attr, api, desc string, rec func(*T) **string, mod func(*M) *types.String) recordField[T, M] {
	return withValue(recordField[T, M]{
		dataSource: optionalStringField(attr, api, desc, func(r *T) *string { return *rec(r) }), checks: nonEmpty(),
		toRecord: func(m *M, r *T) {
			*rec(r) = nil
			if v := *mod(m); !v.IsNull() && !v.IsUnknown() {
				s := v.ValueString()
				*rec(r) = &s
			}
		},
		fromRecord: func(m *M, r *T) {
			*mod(m) = types.StringNull()
			if p := *rec(r); p != nil {
				*mod(m) = optionalString(*p)
			}
		},
	}, mod, types.StringNull())
}

// flagField is a boolean that 1.2 writes as "true" or "false" (a result's
// late, missing…).
func flagField[T, M any](attr, api, desc string, rec func(*T) **model.StringBool, mod func(*M) *types.Bool) recordField[T, M] {
	return withValue(recordField[T, M]{
		dataSource: boolField(attr, api, desc, func(r *T) *model.Bool { return (*model.Bool)(*rec(r)) }),
		toRecord: func(m *M, r *T) {
			*rec(r) = nil
			if v := *mod(m); !v.IsNull() && !v.IsUnknown() {
				*rec(r) = model.StringBoolPtr(v.ValueBool())
			}
		},
		fromRecord: func(m *M, r *T) {
			*mod(m) = types.BoolNull()
			if b := *rec(r); b != nil {
				*mod(m) = types.BoolValue(bool(*b))
			}
		},
	}, mod, types.BoolNull())
}

// learningObjectiveType is one entry of learning_objectives: the
// identifiers of learning objectives from one source.
var learningObjectiveType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"source": types.StringType,
	"ids":    types.ListType{ElemType: types.StringType},
}}

// learningObjective is an entry of learning_objectives.
type learningObjective struct {
	Source types.String `tfsdk:"source"`
	IDs    types.List   `tfsdk:"ids"`
}

// learningObjectiveSource is the 1.2 binding's vocabulary of sources:
// CASE, unknown, or a vendor's own, written "/name".
var learningObjectiveSource = regexp.MustCompile(`^(case|unknown|/[a-z0-9]+)$`)

// learningObjectiveSourceChecks hold a source to the vocabulary.
func learningObjectiveSourceChecks() []validator.String {
	return []validator.String{stringvalidator.RegexMatches(learningObjectiveSource,
		"must be case, unknown, or a vendor's vocabulary written /name in lower-case letters and digits (the OneRoster 1.2 binding's rule)")}
}

const (
	learningObjectiveSourceDesc = "Who defines the identifiers: `case` (1EdTech CASE, whose identifiers are UUIDs), `unknown`, or a vendor's own " +
		"vocabulary, written `/name` (lower-case letters and digits)."
	learningObjectiveIDsDesc = "The learning objectives' identifiers; at least one."
)

// learningObjectivesField is a 1.2 line item's learningObjectiveSet: the
// learning objectives it assesses, grouped by source.
func learningObjectivesField[T, M any](name, api, desc string, rec func(*T) *[]model.LearningObjectiveSet, mod func(*M) *types.List) recordField[T, M] {
	f := recordField[T, M]{
		dataSource: field[T]{attr: name, api: api, filter: api + ".source", desc: desc, valueType: valueObjects,
			objectAttrs: []objectAttr{{name: "ids", desc: learningObjectiveIDsDesc, valueType: valueStringList}, {name: "source", desc: learningObjectiveSourceDesc}},
			objects: func(r *T) [][]any {
				sets := *rec(r)
				if sets == nil {
					return nil
				}
				out := make([][]any, len(sets))
				for i, s := range sets {
					out[i] = []any{append([]string{}, s.LearningObjectiveIDs...), s.Source}
				}
				return out
			}},
		toRecord: func(m *M, r *T) {
			*rec(r) = nil
			list := *mod(m)
			if list.IsNull() || list.IsUnknown() {
				return
			}
			var entries []learningObjective
			// The plan holds values of the schema's type, so this cannot fail.
			_ = list.ElementsAs(context.Background(), &entries, false)
			sets := make([]model.LearningObjectiveSet, 0, len(entries))
			for _, e := range entries {
				set := model.LearningObjectiveSet{Source: e.Source.ValueString(), LearningObjectiveIDs: []string{}}
				for _, id := range e.IDs.Elements() {
					if s, ok := id.(types.String); ok {
						set.LearningObjectiveIDs = append(set.LearningObjectiveIDs, s.ValueString())
					}
				}
				sets = append(sets, set)
			}
			*rec(r) = sets
		},
		fromRecord: func(m *M, r *T) {
			sets := *rec(r)
			if len(sets) == 0 {
				*mod(m) = types.ListNull(learningObjectiveType)
				return
			}
			elems := make([]attr.Value, len(sets))
			for i, s := range sets {
				ids := make([]attr.Value, len(s.LearningObjectiveIDs))
				for j, id := range s.LearningObjectiveIDs {
					ids[j] = types.StringValue(id)
				}
				elems[i] = types.ObjectValueMust(learningObjectiveType.AttrTypes, map[string]attr.Value{
					"source": types.StringValue(s.Source),
					"ids":    types.ListValueMust(types.StringType, ids),
				})
			}
			*mod(m) = types.ListValueMust(learningObjectiveType, elems)
		},
	}
	f.attribute = func(desc string) schema.Attribute {
		return schema.ListNestedAttribute{
			Optional: true, MarkdownDescription: desc,
			Validators: []validator.List{listvalidator.SizeAtLeast(1)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"source": schema.StringAttribute{Required: true, MarkdownDescription: learningObjectiveSourceDesc,
					Validators: learningObjectiveSourceChecks()},
				"ids": schema.ListAttribute{Required: true, ElementType: types.StringType, MarkdownDescription: learningObjectiveIDsDesc,
					Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
			}},
		}
	}
	return withValue(f, mod, types.ListNull(learningObjectiveType))
}

// learningObjectiveScoreType is one entry of learning_objective_scores:
// the mastery of one learning objective.
var learningObjectiveScoreType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"source":     types.StringType,
	"id":         types.StringType,
	"score":      types.Float64Type,
	"text_score": types.StringType,
}}

// learningObjectiveScore is an entry of learning_objective_scores.
type learningObjectiveScore struct {
	Source    types.String  `tfsdk:"source"`
	ID        types.String  `tfsdk:"id"`
	Score     types.Float64 `tfsdk:"score"`
	TextScore types.String  `tfsdk:"text_score"`
}

const (
	learningObjectiveScoreIDDesc        = "The learning objective's identifier."
	learningObjectiveScoreDesc          = "The mastery, as a number."
	learningObjectiveScoreTextScoreDesc = "The mastery, in words (`Proficient`)."
)

// learningObjectiveScoresField is a 1.2 result's learningObjectiveSet:
// the student's mastery of learning objectives. The binding groups them
// by source; Terraform has one entry per objective, each naming its
// source, and consecutive entries of one source are written as one group,
// so that what is read back is in the configured order.
func learningObjectiveScoresField[T, M any](
	name, api, desc string,
	rec func(*T) *[]model.LearningObjectiveScoreSet,
	mod func(*M) *types.List,
) recordField[T, M] {
	f := recordField[T, M]{
		dataSource: field[T]{attr: name, api: api, filter: api + ".source", desc: desc, valueType: valueObjects,
			objectAttrs: []objectAttr{
				{name: "id", desc: learningObjectiveScoreIDDesc},
				{name: "score", desc: learningObjectiveScoreDesc, valueType: valueNumber},
				{name: "source", desc: learningObjectiveSourceDesc},
				{name: "text_score", desc: learningObjectiveScoreTextScoreDesc},
			},
			objects: func(r *T) [][]any { return learningObjectiveScoreRows(*rec(r)) }},
		toRecord: func(m *M, r *T) {
			*rec(r) = nil
			if list := *mod(m); !list.IsNull() && !list.IsUnknown() {
				*rec(r) = learningObjectiveScoreSets(learningObjectiveScoreEntries(list))
			}
		},
		fromRecord: func(m *M, r *T) {
			*mod(m) = learningObjectiveScoreList(*rec(r), learningObjectiveScoreEntries(*mod(m)))
		},
	}
	f.attribute = learningObjectiveScoresAttribute
	return withValue(f, mod, types.ListNull(learningObjectiveScoreType))
}

// learningObjectiveScoreEntries are the entries of a learning_objective_scores
// list; none when it is null or unknown.
func learningObjectiveScoreEntries(list types.List) []learningObjectiveScore {
	var out []learningObjectiveScore
	if !list.IsNull() && !list.IsUnknown() {
		// Values of the schema's type, so this cannot fail.
		_ = list.ElementsAs(context.Background(), &out, false)
	}
	return out
}

// learningObjectiveScoreRows flattens the score sets into one row per
// score, as the data sources list them: id, score, source, text score.
func learningObjectiveScoreRows(sets []model.LearningObjectiveScoreSet) [][]any {
	if sets == nil {
		return nil
	}
	var out [][]any
	for _, set := range sets {
		for _, res := range set.LearningObjectiveResults {
			text := ""
			if res.TextScore != nil {
				text = *res.TextScore
			}
			out = append(out, []any{res.LearningObjectiveID, res.Score, set.Source, text})
		}
	}
	return out
}

// learningObjectiveScoreSets groups the entries into score sets, one per
// run of entries of the same source.
func learningObjectiveScoreSets(entries []learningObjectiveScore) []model.LearningObjectiveScoreSet {
	var sets []model.LearningObjectiveScoreSet
	for _, e := range entries {
		if len(sets) == 0 || sets[len(sets)-1].Source != e.Source.ValueString() {
			sets = append(
				sets,
				model.LearningObjectiveScoreSet{Source: e.Source.ValueString(), LearningObjectiveResults: []model.LearningObjectiveResult{}},
			)
		}
		res := model.LearningObjectiveResult{LearningObjectiveID: e.ID.ValueString(), Score: numberOf(e.Score)}
		if !e.TextScore.IsNull() && !e.TextScore.IsUnknown() {
			text := e.TextScore.ValueString()
			res.TextScore = &text
		}
		last := &sets[len(sets)-1]
		last.LearningObjectiveResults = append(last.LearningObjectiveResults, res)
	}
	return sets
}

// learningObjectiveScoreList is the list of the score sets' scores, each
// score kept as prior spelled it when the numbers are equal; null for none.
func learningObjectiveScoreList(sets []model.LearningObjectiveScoreSet, prior []learningObjectiveScore) types.List {
	var elems []attr.Value
	for _, set := range sets {
		for _, res := range set.LearningObjectiveResults {
			score := float64Value(res.Score)
			if i := len(elems); i < len(prior) {
				score = storedNumber(prior[i].Score, res.Score)
			}
			text := types.StringNull()
			if res.TextScore != nil {
				text = optionalString(*res.TextScore)
			}
			elems = append(elems, types.ObjectValueMust(learningObjectiveScoreType.AttrTypes, map[string]attr.Value{
				"source": types.StringValue(set.Source), "id": types.StringValue(res.LearningObjectiveID), "score": score, "text_score": text,
			}))
		}
	}
	if len(elems) == 0 {
		return types.ListNull(learningObjectiveScoreType)
	}
	return types.ListValueMust(learningObjectiveScoreType, elems)
}

// learningObjectiveScoresAttribute is the resources' attribute.
func learningObjectiveScoresAttribute(desc string) schema.Attribute {
	return schema.ListNestedAttribute{
		Optional: true, MarkdownDescription: desc,
		Validators: []validator.List{listvalidator.SizeAtLeast(1)},
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"source": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: learningObjectiveSourceDesc,
				Validators:          learningObjectiveSourceChecks(),
			},
			"id":         schema.StringAttribute{Required: true, MarkdownDescription: learningObjectiveScoreIDDesc, Validators: nonEmpty()},
			"score":      schema.Float64Attribute{Optional: true, MarkdownDescription: learningObjectiveScoreDesc},
			"text_score": schema.StringAttribute{Optional: true, MarkdownDescription: learningObjectiveScoreTextScoreDesc, Validators: nonEmpty()},
		}},
	}
}

// liftFields makes fields of a part N of a model M (the score fields a
// result and each entry of a result set share) fields of M.
func liftFields[T, M, N any](fields []recordField[T, N], part func(*M) *N) []recordField[T, M] {
	out := make([]recordField[T, M], len(fields))
	for i, f := range fields {
		out[i] = recordField[T, M]{
			dataSource: f.dataSource, required: f.required, checks: f.checks,
			version: f.version, requiredIn: f.requiredIn, computed: f.computed, attribute: f.attribute,
			toRecord:   func(m *M, r *T) { f.toRecord(part(m), r) },
			fromRecord: func(m *M, r *T) { f.fromRecord(part(m), r) },
			value:      func(m *M) attr.Value { return f.value(part(m)) },
			clear:      func(m *M) { f.clear(part(m)) },
		}
	}
	return out
}

// adjusted is fields with the one named attr changed by change (a rule a
// shared row has in one table only).
func adjusted[T, M any](fields []recordField[T, M], attr string, change func(recordField[T, M]) recordField[T, M]) []recordField[T, M] {
	out := slices.Clone(fields)
	for i := range out {
		if out[i].dataSource.attr == attr {
			out[i] = change(out[i])
		}
	}
	return out
}

// dataSourceFields are the data sources' fields of a record: the common
// ones, then the table's.
func dataSourceFields[T, M any](base func(*T) *model.Base, fields []recordField[T, M]) []field[T] {
	out := baseFields(base)
	for _, f := range fields {
		read := f.dataSource
		read.queryIn = f.version
		out = append(out, read)
	}
	return out
}

// resourceAttributes are the resource's attributes of the table (the
// engine adds sourced_id, status, date_last_modified and timeouts).
func resourceAttributes[T, M any](fields []recordField[T, M]) map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(fields))
	for i := range fields {
		attrs[fields[i].dataSource.attr] = fields[i].resourceAttribute()
	}
	return attrs
}

// recordOf builds the record to write from a planned model.
func recordOf[T, M any](fields []recordField[T, M], m *M) *T {
	r := new(T)
	for _, f := range fields {
		f.toRecord(m, r)
	}
	return r
}

// copyFromRecord copies what the server stored into m.
func copyFromRecord[T, M any](fields []recordField[T, M], m *M, r *T) {
	for _, f := range fields {
		f.fromRecord(m, r)
	}
}

// versionRules applies the fields' version rules to a resource's plan,
// for a server of version v (described by server, for messages): a field
// the version lacks is an error when configured and null in the plan when
// not; a field the version requires is an error when not configured and
// the plan writes the object (writes: a plan that writes nothing sends
// nothing the server could refuse). Values unknown at plan time are left
// alone: whether they will be set is not known yet, and the rules run
// again when they are. It reports whether it changed plan.
func versionRules[T, M any](fields []recordField[T, M], config, plan *M, v oneroster.Version, server string, title string, writes bool,
	diags *diag.Diagnostics) bool {
	return versionRulesAt(path.Empty(), fields, config, plan, v, server, title, writes, diags)
}

// versionRulesAt applies versionRules to the object at path at, such as
// an entry of oneroster_result_set's results.
func versionRulesAt[T, M any](at path.Path, fields []recordField[T, M], config, plan *M, v oneroster.Version, server string, title string,
	writes bool, diags *diag.Diagnostics) bool {
	changed := false
	for _, f := range fields {
		configured := f.value(config)
		name := f.dataSource.attr
		switch {
		case configured.IsUnknown():
		case f.version != "" && f.version != v && !configured.IsNull():
			diags.AddAttributeError(at.AtName(name), fmt.Sprintf("%s needs OneRoster %s", name, f.version.Title()),
				fmt.Sprintf("%s is a OneRoster %s attribute; this provider speaks OneRoster %s (%s), whose %ss have no %s, "+
					"so it would be dropped, not written. Remove %s from this %s, or, if the server also speaks OneRoster %s, "+
					"point the provider at it: the vendor's %s base URL (ending in %s) or %s = %q.",
					name, f.version.Title(), v.Title(), server, title, f.dataSource.api, name, title, f.version.Title(),
					f.version.Title(), versionURLSuffix(f.version), attrVersion, f.version.Title()))
		case f.version != "" && f.version != v:
			if !f.value(plan).IsNull() {
				f.clear(plan)
				changed = true
			}
		case f.requiredIn == v && configured.IsNull() && writes:
			diags.AddAttributeError(at.AtName(name), fmt.Sprintf("Missing %s", name),
				fmt.Sprintf("OneRoster %s requires %s (%s) on every %s it writes, and this provider speaks OneRoster %s (%s): "+
					"the server would refuse the write. Set %s: %s",
					v.Title(), name, f.dataSource.api, title, v.Title(), server, name, lowerFirst(strings.TrimSuffix(f.dataSource.desc, onlyNote(f.version)))))
		}
	}
	return changed
}

// versionURLSuffix is how a base URL of version v ends.
func versionURLSuffix(v oneroster.Version) string {
	if v == oneroster.Version1p2 {
		return "/ims/oneroster/rostering/v1p2"
	}
	return "/" + string(v)
}

// lowerFirst lower-cases the first letter of a sentence, to continue
// another with it.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
