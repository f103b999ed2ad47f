package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_score_scale: what the scores of a class mean (OneRoster 1.2).
//
// The whole resource is in this file: its constructor, model, field table,
// kind (the hooks the gradebook engine calls) and topic, from which the
// data sources oneroster_score_scales and oneroster_score_scale and the
// list resource (gradebook_list.go) are built. The engine
// (gradebook_resource.go) runs them in this order:
//   - validate: the field table's validators;
//   - plan: notInVersion → the token's write scopes → the fields' version
//     rules;
//   - create: sourced_id, else a random UUID → existence check (GET) → PUT
//     → read-back (the answer, or a GET) → differences from what was sent;
//   - read (refresh, and the read after an import): notInVersion → GET →
//     the model filled from the record (a 404 or tobedeleted drops it from
//     state, or fails the import);
//   - update: PUT → read-back → differences; delete: DELETE (a 404 is
//     done); import: by sourced_id or identity, then read.
// label names a stored score scale in messages.

// newScoreScaleResource is oneroster_score_scale as the provider registers
// it (Resources): the gradebook engine running scoreScaleKind.
func newScoreScaleResource() resource.Resource {
	return &gradebookResource[model.ScoreScale, scoreScaleModel]{kind: scoreScaleKind}
}

var _ gradebookResourceInterfaces = (*gradebookResource[model.ScoreScale, scoreScaleModel])(nil)

type scoreScaleModel struct {
	gradebookCommon
	Title           types.String `tfsdk:"title"`
	Type            types.String `tfsdk:"type"`
	ClassSourcedID  types.String `tfsdk:"class_sourced_id"`
	CourseSourcedID types.String `tfsdk:"course_sourced_id"`
	Values          types.List   `tfsdk:"values"`
}

// scoreScaleValueAttrs are the attributes of one step of a score scale,
// sorted by name.
var scoreScaleValueAttrs = []objectAttr{
	{name: "lhs", desc: "The left-hand side (`itemValueLHS`): a score (`90`), the inclusive lower end of a range, or a range (`90-100`)."},
	{name: "rhs", desc: "The right-hand side (`itemValueRHS`): what the left-hand side reads as (`A`)."},
}

// scoreScaleFields are a score scale's fields, for the data sources and
// the resource.
var scoreScaleFields = []recordField[model.ScoreScale, scoreScaleModel]{
	textField("title", "title", "The score scale's title.", true,
		func(r *model.ScoreScale) *string { return &r.Title }, func(m *scoreScaleModel) *types.String { return &m.Title }),
	textField("type", "type", "What kind of scale it is: free text (the spec has no vocabulary for it), such as `letter grade`.", true,
		func(r *model.ScoreScale) *string { return &r.Type }, func(m *scoreScaleModel) *types.String { return &m.Type }),
	referenceField("class_sourced_id", "class", oneroster.Classes.Info, "The class the score scale belongs to.", true,
		func(r *model.ScoreScale) **model.Ref { return &r.Class }, func(m *scoreScaleModel) *types.String { return &m.ClassSourcedID }),
	referenceField("course_sourced_id", "course", oneroster.Courses.Info, "The course the score scale belongs to.", false,
		func(r *model.ScoreScale) **model.Ref { return &r.Course }, func(m *scoreScaleModel) *types.String { return &m.CourseSourcedID }),
	objectListField("values", "scoreScaleValue", "The steps of the scale (`scoreScaleValue`), in order: each maps a score or range to what it reads as.",
		scoreScaleValueAttrs, true,
		func(r *model.ScoreScale) [][]string {
			if r.ScoreScaleValue == nil {
				return nil
			}
			rows := make([][]string, len(r.ScoreScaleValue))
			for i, v := range r.ScoreScaleValue {
				rows[i] = []string{v.ItemValueLHS, v.ItemValueRHS}
			}
			return rows
		},
		func(r *model.ScoreScale, rows [][]string) {
			r.ScoreScaleValue = make([]model.ScoreScaleValue, len(rows))
			for i, row := range rows {
				r.ScoreScaleValue[i] = model.ScoreScaleValue{ItemValueLHS: row[0], ItemValueRHS: row[1]}
			}
		},
		func(m *scoreScaleModel) *types.List { return &m.Values }),
}

var scoreScaleKind = &gradebookKind[model.ScoreScale, scoreScaleModel]{
	typeName: "score_scale", title: "score scale", collection: oneroster.ScoreScales,
	description: "A score scale of OneRoster 1.2: what the scores of a class mean (`90-100` reads as `A`), written with " +
		writeRequest(oneroster.ScoreScales.Info) + ". Line items, results and assessments refer to it by `score_scale_sourced_id`. " +
		v1p2OnlyNote,
	fields: scoreScaleFields,
	base:   func(r *model.ScoreScale) *model.Base { return &r.Base },
	common: func(m *scoreScaleModel) *gradebookCommon { return &m.gradebookCommon },
	label: func(r *model.ScoreScale) string {
		return fmt.Sprintf("titled %q, in class %q, with %d values", r.Title, model.RefID(r.Class), len(r.ScoreScaleValue))
	},
}

var scoreScalesTopic = &topic[model.ScoreScale]{
	attr: "score_scales", singular: "score_scale", title: "score scale", titles: "score scales",
	collection: oneroster.ScoreScales,
	base:       func(r *model.ScoreScale) *model.Base { return &r.Base },
	fields:     dataSourceFields(func(r *model.ScoreScale) *model.Base { return &r.Base }, scoreScaleFields),
}
