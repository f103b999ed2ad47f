package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_assessment_result: one student's result on an assessment line
// item (OneRoster 1.2).
//
// The whole resource is in this file: its constructor, model, field table,
// kind (the hooks the gradebook engine calls) and topic, from which the
// data sources oneroster_assessment_results and oneroster_assessment_result
// and the list resource (gradebook_list.go) are built. The engine
// (gradebook_resource.go) runs them in this order:
//   - validate: the field table's validators;
//   - plan: notInVersion → the token's write scopes → the fields' version
//     rules;
//   - create: sourced_id, else a random UUID (a student may have several
//     results, so none is derived) → existence check (GET) → PUT →
//     read-back (the answer, or a GET) → differences from what was sent;
//   - read (refresh, and the read after an import): notInVersion → GET →
//     the model filled from the record (a 404 or tobedeleted drops it from
//     state, or fails the import);
//   - update: PUT → read-back → differences; delete: DELETE (a 404 is
//     done); import: by sourced_id or identity, then read.
// label names a stored assessment result in messages.

// newAssessmentResultResource is oneroster_assessment_result as the
// provider registers it (Resources): the gradebook engine running
// assessmentResultKind.
func newAssessmentResultResource() resource.Resource {
	return &gradebookResource[model.AssessmentResult, assessmentResultModel]{kind: assessmentResultKind}
}

var _ gradebookResourceInterfaces = (*gradebookResource[model.AssessmentResult, assessmentResultModel])(nil)

type assessmentResultModel struct {
	gradebookCommon
	AssessmentLineItemSourcedID types.String  `tfsdk:"assessment_line_item_sourced_id"`
	StudentSourcedID            types.String  `tfsdk:"student_sourced_id"`
	ScoreStatus                 types.String  `tfsdk:"score_status"`
	Score                       types.Float64 `tfsdk:"score"`
	TextScore                   types.String  `tfsdk:"text_score"`
	ScoreDate                   types.String  `tfsdk:"score_date"`
	ScoreScaleSourcedID         types.String  `tfsdk:"score_scale_sourced_id"`
	ScorePercentile             types.Float64 `tfsdk:"score_percentile"`
	Comment                     types.String  `tfsdk:"comment"`
	InProgress                  types.Bool    `tfsdk:"in_progress"`
	Incomplete                  types.Bool    `tfsdk:"incomplete"`
	Late                        types.Bool    `tfsdk:"late"`
	Missing                     types.Bool    `tfsdk:"missing"`
	LearningObjectiveScores     types.List    `tfsdk:"learning_objective_scores"`
}

// assessmentResultFields are an assessment result's fields, for the data
// sources and the resource. The flags are the server's when not set, as a
// result's are: 1.2 servers fill them with "false".
var assessmentResultFields = []recordField[model.AssessmentResult, assessmentResultModel]{
	referenceField(
		"assessment_line_item_sourced_id",
		"assessmentLineItem",
		oneroster.AssessmentLineItems.Info,
		"The assessment line item the result scores.",
		true,
		func(r *model.AssessmentResult) **model.Ref { return &r.AssessmentLineItem },
		func(m *assessmentResultModel) *types.String { return &m.AssessmentLineItemSourcedID },
	),
	referenceField("student_sourced_id", "student", oneroster.Students.Info, "The student the result belongs to.", true,
		func(r *model.AssessmentResult) **model.Ref { return &r.Student }, func(m *assessmentResultModel) *types.String { return &m.StudentSourcedID }),
	scoreStatusField(func(r *model.AssessmentResult) *string { return &r.ScoreStatus }, func(m *assessmentResultModel) *types.String { return &m.ScoreStatus }),
	decimalField("score", "score", "The score, a number; on the score scale when there is one.",
		func(r *model.AssessmentResult) **model.Number { return &r.Score }, func(m *assessmentResultModel) *types.Float64 { return &m.Score }),
	optionalTextField("text_score", "textScore", "A score that is not a number (`B+`, `proficient`); on the score scale when there is one.",
		func(r *model.AssessmentResult) **string { return &r.TextScore }, func(m *assessmentResultModel) *types.String { return &m.TextScore }),
	dateField("score_date", "scoreDate", "When the score was given or last changed: an ISO 8601 date (`2024-09-09`).", true,
		func(r *model.AssessmentResult) *string { return &r.ScoreDate }, func(m *assessmentResultModel) *types.String { return &m.ScoreDate }),
	referenceField("score_scale_sourced_id", "scoreScale", oneroster.ScoreScales.Info, "The score scale the score is on.", false,
		func(r *model.AssessmentResult) **model.Ref { return &r.ScoreScale }, func(m *assessmentResultModel) *types.String { return &m.ScoreScaleSourcedID }),
	decimalField(
		"score_percentile",
		"scorePercentile",
		"The score's percentile rank: the share of scores, in percent, equal to it or lower.",
		func(r *model.AssessmentResult) **model.Number { return &r.ScorePercentile },
		func(m *assessmentResultModel) *types.Float64 { return &m.ScorePercentile },
	),
	textField("comment", "comment", "A comment on the score.", false,
		func(r *model.AssessmentResult) *string { return &r.Comment }, func(m *assessmentResultModel) *types.String { return &m.Comment }),
	flagField(
		"in_progress",
		"inProgress",
		"The work is assigned and not yet expected to be submitted.",
		func(r *model.AssessmentResult) **model.StringBool { return &r.InProgress },
		func(m *assessmentResultModel) *types.Bool { return &m.InProgress },
	).serverFilled(),
	flagField(
		"incomplete",
		"incomplete",
		"The work was submitted, and the teacher deems it incomplete.",
		func(r *model.AssessmentResult) **model.StringBool { return &r.Incomplete },
		func(m *assessmentResultModel) *types.Bool { return &m.Incomplete },
	).serverFilled(),
	flagField("late", "late", "The work is past due, or was submitted after the due date.",
		func(r *model.AssessmentResult) **model.StringBool { return &r.Late }, func(m *assessmentResultModel) *types.Bool { return &m.Late }).serverFilled(),
	flagField(
		"missing",
		"missing",
		"The work was not submitted.",
		func(r *model.AssessmentResult) **model.StringBool { return &r.Missing },
		func(m *assessmentResultModel) *types.Bool { return &m.Missing },
	).serverFilled(),
	learningObjectiveScoresField("learning_objective_scores", "learningObjectiveSet",
		"The student's mastery of the learning objectives the assessment is aligned with, one entry per objective (the binding's groups by source, flattened).",
		func(r *model.AssessmentResult) *[]model.LearningObjectiveScoreSet { return &r.LearningObjectiveSet },
		func(m *assessmentResultModel) *types.List { return &m.LearningObjectiveScores }),
}

var assessmentResultKind = &gradebookKind[model.AssessmentResult, assessmentResultModel]{
	typeName: "assessment_result", title: "assessment result", collection: oneroster.AssessmentResults,
	description: "One student's result on an assessment line item, of OneRoster 1.2, written with " + writeRequest(oneroster.AssessmentResults.Info) + ". " +
		"Unlike `oneroster_result`, a student may have several results on one assessment (attempts, retakes), so nothing derives the sourcedId " +
		"from the student and the assessment: set `sourced_id` to what the assessment system calls the attempt, so that a second workspace meets it. " +
		v1p2OnlyNote,
	fields: assessmentResultFields,
	base:   func(r *model.AssessmentResult) *model.Base { return &r.Base },
	common: func(m *assessmentResultModel) *gradebookCommon { return &m.gradebookCommon },
	label: func(r *model.AssessmentResult) string {
		score := "no score"
		switch {
		case r.Score != nil:
			score = fmt.Sprintf("score %g", float64(*r.Score))
		case r.TextScore != nil:
			score = fmt.Sprintf("score %q", *r.TextScore)
		}
		return fmt.Sprintf("student %q on assessment line item %q, %s, %s", model.RefID(r.Student), model.RefID(r.AssessmentLineItem), r.ScoreStatus, score)
	},
}

var assessmentResultsTopic = &topic[model.AssessmentResult]{
	attr: "assessment_results", singular: "assessment_result", title: "assessment result", titles: "assessment results",
	collection: oneroster.AssessmentResults,
	base:       func(r *model.AssessmentResult) *model.Base { return &r.Base },
	fields:     dataSourceFields(func(r *model.AssessmentResult) *model.Base { return &r.Base }, assessmentResultFields),
}
