package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_result: one student's score on one line item.
//
// The whole resource is in this file: its constructor, model, field table,
// kind (the hooks the gradebook engine calls) and topic, from which the
// data sources oneroster_results and oneroster_result and the list resource
// (gradebook_list.go) are built. The engine (gradebook_resource.go) runs
// them in this order:
//   - validate: the field table's validators;
//   - plan: notInVersion → the token's write scopes → the fields' version
//     rules (1.2 requires score_date on writes);
//   - create: sourced_id, else derivedID (resultSourcedID, the rule of
//     oneroster_result_set) → existence check (GET, then findDuplicate:
//     existingResult, the student's result on the line item under another
//     sourcedId) → PUT → read-back (the answer, or a GET) → differences
//     from what was sent;
//   - read (refresh, and the read after an import): notInVersion → GET →
//     the model filled from the record (a 404 or tobedeleted drops it from
//     state, or fails the import);
//   - update: PUT → read-back → differences; delete: DELETE (a 404 is
//     done); import: by sourced_id or identity, then read.
// label (describeResult) names a stored result in messages.

// newResultResource is oneroster_result as the provider registers it
// (Resources): the gradebook engine running resultKind.
func newResultResource() resource.Resource {
	return &gradebookResource[model.Result, resultModel]{kind: resultKind}
}

var _ gradebookResourceInterfaces = (*gradebookResource[model.Result, resultModel])(nil)

// scoreFields are what a result says about the score; oneroster_result and
// each entry of oneroster_result_set share them.
type scoreFields struct {
	ScoreStatus types.String  `tfsdk:"score_status"`
	Score       types.Float64 `tfsdk:"score"`
	ScoreDate   types.String  `tfsdk:"score_date"`
	Comment     types.String  `tfsdk:"comment"`
	// OneRoster 1.2
	ScoreScaleSourcedID types.String `tfsdk:"score_scale_sourced_id"`
	TextScore           types.String `tfsdk:"text_score"`
	InProgress          types.Bool   `tfsdk:"in_progress"`
	Incomplete          types.Bool   `tfsdk:"incomplete"`
	Late                types.Bool   `tfsdk:"late"`
	Missing             types.Bool   `tfsdk:"missing"`
	// LearningObjectiveScores is a list of learningObjectiveScoreType.
	LearningObjectiveScores types.List `tfsdk:"learning_objective_scores"`
}

// scoreFieldTable describes the score fields once, for the data sources,
// oneroster_result and the entries of oneroster_result_set.
var scoreFieldTable = []recordField[model.Result, scoreFields]{
	scoreStatusField(func(r *model.Result) *string { return &r.ScoreStatus }, func(m *scoreFields) *types.String { return &m.ScoreStatus }),
	decimalField("score", "score", "The score, a number.",
		func(r *model.Result) **model.Number { return &r.Score }, func(m *scoreFields) *types.Float64 { return &m.Score }),
	dateField("score_date", "scoreDate", "When the score was given: an ISO 8601 date (`2024-09-09`) or date-time.", false,
		func(r *model.Result) *string { return &r.ScoreDate }, func(m *scoreFields) *types.String { return &m.ScoreDate }),
	textField("comment", "comment", "The teacher's comment.", false,
		func(r *model.Result) *string { return &r.Comment }, func(m *scoreFields) *types.String { return &m.Comment }),
	// What OneRoster 1.2 adds to the score. In oneroster_result the flags
	// are also the server's when not set (resultScoreFields).
	referenceField("score_scale_sourced_id", "scoreScale", oneroster.ScoreScales.Info, "The score scale the score (or text score) is on.", false,
		func(r *model.Result) **model.Ref { return &r.ScoreScale }, func(m *scoreFields) *types.String { return &m.ScoreScaleSourcedID }).
		onlyIn(oneroster.Version1p2),
	optionalTextField("text_score", "textScore", "A score that is not a number (`B+`, `Meets expectations`); with a score scale, one of its values.",
		func(r *model.Result) **string { return &r.TextScore }, func(m *scoreFields) *types.String { return &m.TextScore }).
		onlyIn(oneroster.Version1p2),
	flagField("in_progress", "inProgress", "The work is assigned and not yet expected to be submitted.",
		func(r *model.Result) **model.StringBool { return &r.InProgress }, func(m *scoreFields) *types.Bool { return &m.InProgress }).
		onlyIn(oneroster.Version1p2),
	flagField("incomplete", "incomplete", "The work was submitted, and the teacher deems it incomplete.",
		func(r *model.Result) **model.StringBool { return &r.Incomplete }, func(m *scoreFields) *types.Bool { return &m.Incomplete }).
		onlyIn(oneroster.Version1p2),
	flagField("late", "late", "The work is past due, or was submitted after the due date.",
		func(r *model.Result) **model.StringBool { return &r.Late }, func(m *scoreFields) *types.Bool { return &m.Late }).
		onlyIn(oneroster.Version1p2),
	flagField("missing", "missing", "The work was not submitted.",
		func(r *model.Result) **model.StringBool { return &r.Missing }, func(m *scoreFields) *types.Bool { return &m.Missing }).
		onlyIn(oneroster.Version1p2),
	learningObjectiveScoresField("learning_objective_scores", "learningObjectiveSet",
		"The student's mastery of learning objectives, one entry per objective (the binding's groups by source, flattened).",
		func(r *model.Result) *[]model.LearningObjectiveScoreSet { return &r.LearningObjectiveSet },
		func(m *scoreFields) *types.List { return &m.LearningObjectiveScores }).
		onlyIn(oneroster.Version1p2),
}

func scoreAttributes() map[string]schema.Attribute { return resourceAttributes(scoreFieldTable) }

// record builds a result for a line item and a student.
func (s *scoreFields) record(lineItem, student types.String) *model.Result {
	return recordOf(resultFields, &resultModel{scoreFields: *s, LineItemSourcedID: lineItem, StudentSourcedID: student})
}

// copyFromStored copies what the server stored into a set's entry, keeping the
// prior spelling of an equivalent score date and reading "not submmitted"
// as "not submitted". A flag the entry leaves unset stays unset when the
// server answers "false", the value 1.2 servers may fill in: an entry's
// flags are not the server's (resultScoreFields), and false says no more
// than null.
func (s *scoreFields) copyFromStored(r *model.Result) {
	var unset []int
	for i, f := range s.flags() {
		if f.IsNull() {
			unset = append(unset, i)
		}
	}
	copyFromRecord(scoreFieldTable, s, r)
	flags := s.flags()
	for _, i := range unset {
		if f := flags[i]; !f.IsNull() && !f.ValueBool() {
			*f = types.BoolNull()
		}
	}
}

// flags are the score's 1.2 flags.
func (s *scoreFields) flags() []*types.Bool {
	return []*types.Bool{&s.InProgress, &s.Incomplete, &s.Late, &s.Missing}
}

type resultModel struct {
	gradebookCommon
	scoreFields
	LineItemSourcedID types.String `tfsdk:"line_item_sourced_id"`
	StudentSourcedID  types.String `tfsdk:"student_sourced_id"`
	// OneRoster 1.2 (scoreFields has the rest)
	ClassSourcedID types.String `tfsdk:"class_sourced_id"`
}

// resultFields are a result's fields, for the data sources and the
// resource: the line item and student it belongs to, the score, then what
// OneRoster 1.2 adds.
var resultFields = slices.Concat([]recordField[model.Result, resultModel]{
	referenceField("line_item_sourced_id", "lineItem", oneroster.LineItems.Info, "The line item the result scores.", true,
		func(r *model.Result) **model.Ref { return &r.LineItem }, func(m *resultModel) *types.String { return &m.LineItemSourcedID }),
	resultStudent,
}, resultScoreFields, resultFieldsV1p2)

// resultScoreFields are the score fields of oneroster_result. 1.2
// requires a result's scoreDate on writes; the rule is checked at plan
// time by this resource (oneroster_result_set's entries share the row, not
// the plan-time check). The flags are the server's when not set: 1.2
// servers may fill them with "false". (A set's entries leave them null
// instead, keepUnsetFlags: a computed attribute in each of a thousand
// entries would be unknown in every plan that adds one.)
var resultScoreFields = func() []recordField[model.Result, resultModel] {
	fields := adjusted(liftFields(scoreFieldTable, func(m *resultModel) *scoreFields { return &m.scoreFields }), "score_date",
		func(f recordField[model.Result, resultModel]) recordField[model.Result, resultModel] {
			return f.requiredBy(oneroster.Version1p2)
		})
	for _, flag := range []string{"in_progress", "incomplete", "late", "missing"} {
		fields = adjusted(fields, flag, recordField[model.Result, resultModel].serverFilled)
	}
	return fields
}()

// resultFieldsV1p2 are what OneRoster 1.2 adds to a result besides the
// score's fields (learning-objective scores are among those). The class is the server's when not set: 1.2 servers may
// fill it in from the line item.
var resultFieldsV1p2 = []recordField[model.Result, resultModel]{
	referenceField("class_sourced_id", "class", oneroster.Classes.Info, "The class of the result's line item.", false,
		func(r *model.Result) **model.Ref { return &r.Class }, func(m *resultModel) *types.String { return &m.ClassSourcedID }).
		onlyIn(oneroster.Version1p2).derivedBy("line_item_sourced_id"),
}

// resultStudent is the student a result belongs to; existingResult filters
// on it.
var resultStudent = referenceField("student_sourced_id", "student", oneroster.Students.Info, "The student the result belongs to.", true,
	func(r *model.Result) **model.Ref { return &r.Student }, func(m *resultModel) *types.String { return &m.StudentSourcedID })

var resultKind = &gradebookKind[model.Result, resultModel]{
	typeName: "result", title: "result", collection: oneroster.Results,
	description: "One student's score on one line item, written with " + writeRequest(oneroster.Results.Info) + ". " +
		"For the scores of a whole class, `oneroster_result_set` is much faster.",
	fields: resultFields,
	base:   func(r *model.Result) *model.Base { return &r.Base },
	common: func(m *resultModel) *gradebookCommon { return &m.gradebookCommon },
	label:  describeResult,
	// One result per student per line item: the id a create uses is
	// derived from both, as oneroster_result_set's are, so that a second
	// workspace or a lost state meets the same object.
	derivedID: func(m *resultModel) string {
		return resultSourcedID(m.LineItemSourcedID.ValueString(), m.StudentSourcedID.ValueString())
	},
	findDuplicate: func(ctx context.Context, client *oneroster.Client, m *resultModel) (*model.Result, error) {
		return existingResult(ctx, client, m.LineItemSourcedID.ValueString(), m.StudentSourcedID.ValueString())
	},
}

var resultsTopic = &topic[model.Result]{
	attr: "results", singular: "result", title: "result", titles: "results",
	collection: oneroster.Results,
	base:       func(r *model.Result) *model.Base { return &r.Base },
	fields:     dataSourceFields(func(r *model.Result) *model.Base { return &r.Base }, resultFields),
}

// describeResult labels a stored result for messages.
func describeResult(r *model.Result) string {
	score := "no score"
	if r.Score != nil {
		score = fmt.Sprintf("score %g", float64(*r.Score))
	}
	return fmt.Sprintf("student %q on line item %q, %s, %s", model.RefID(r.Student), model.RefID(r.LineItem), r.ScoreStatus, score)
}

// existingResult finds the active result of a student on a line item,
// whatever its sourcedId, or nil. A line item the server does not have
// has no results (the write then fails with the server's reason).
func existingResult(ctx context.Context, client *oneroster.Client, lineItemID, student string) (*model.Result, error) {
	lineItem, err := oneroster.LineItems.Get(ctx, client, lineItemID)
	switch {
	case oneroster.IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, err
	}
	results, err := lineItemResults(ctx, client, lineItemID, lineItem, student)
	if oneroster.IsRefused(err) {
		// Not every server filters on student.sourcedId: read the line
		// item's results whole instead.
		results, err = lineItemResults(ctx, client, lineItemID, lineItem, "")
	}
	if err != nil {
		return nil, err
	}
	return results.byStudent[results.key(student)], nil
}
