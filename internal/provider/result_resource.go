package provider

import (
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/edu-iac/terraform-provider-oneroster/internal/model"
	"github.com/edu-iac/terraform-provider-oneroster/internal/oneroster"
)

// oneroster_result: one student's score on one line item, PUT
// /results/{sourcedId}.

// scoreFields are what a result says about the score; oneroster_result and
// each entry of oneroster_result_set share them.
type scoreFields struct {
	ScoreStatus types.String  `tfsdk:"score_status"`
	Score       types.Float64 `tfsdk:"score"`
	ScoreDate   types.String  `tfsdk:"score_date"`
	Comment     types.String  `tfsdk:"comment"`
}

func scoreAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"score_status": schema.StringAttribute{Required: true, MarkdownDescription: scoreStatusDescription, Validators: scoreStatusValidators()},
		"score":        schema.Float64Attribute{Optional: true, MarkdownDescription: "The score, a number."},
		"score_date": schema.StringAttribute{
			Optional: true, MarkdownDescription: "When the score was given: an ISO 8601 date (`2024-09-09`) or date-time.",
			Validators: []validator.String{iso8601Validator{}},
		},
		"comment": schema.StringAttribute{Optional: true, MarkdownDescription: "The teacher's comment.", Validators: nonEmpty()},
	}
}

// record builds a result for a line item and a student.
func (s *scoreFields) record(lineItem, student types.String) *model.Result {
	return &model.Result{
		LineItem:    refTo(lineItem, "lineItem"),
		Student:     refTo(student, "user"),
		ScoreStatus: s.ScoreStatus.ValueString(),
		Score:       numberOf(s.Score),
		ScoreDate:   s.ScoreDate.ValueString(),
		Comment:     s.Comment.ValueString(),
	}
}

// fill copies what the server stored, keeping the prior spelling of an
// equivalent score date and reading "not submmitted" as "not submitted".
func (s *scoreFields) fill(r *model.Result) {
	s.ScoreStatus = optionalString(model.NormalizeScoreStatus(r.ScoreStatus))
	s.Score = float64Value(r.Score)
	s.ScoreDate = storedDate(s.ScoreDate, r.ScoreDate)
	s.Comment = optionalString(r.Comment)
}

type resultModel struct {
	gradebookCommon
	scoreFields
	LineItemSourcedID types.String `tfsdk:"line_item_sourced_id"`
	StudentSourcedID  types.String `tfsdk:"student_sourced_id"`
}

func resultAttributes() map[string]schema.Attribute {
	attrs := maps.Clone(scoreAttributes())
	attrs["line_item_sourced_id"] = schema.StringAttribute{Required: true, MarkdownDescription: "The line item the result scores.", Validators: nonEmpty()}
	attrs["student_sourced_id"] = schema.StringAttribute{Required: true, MarkdownDescription: "The student the result belongs to.", Validators: nonEmpty()}
	return attrs
}

var resultKind = &gradebookKind[model.Result, resultModel]{
	typeName: "result", title: "result", collection: oneroster.Results,
	description: "One student's score on one line item, written with `PUT /results/{sourcedId}`. " +
		"For the scores of a whole class, `oneroster_result_set` is much faster.",
	attributes: resultAttributes(),
	base:       func(r *model.Result) *model.Base { return &r.Base },
	common:     func(m *resultModel) *gradebookCommon { return &m.gradebookCommon },
	record: func(m *resultModel) *model.Result {
		return m.scoreFields.record(m.LineItemSourcedID, m.StudentSourcedID)
	},
	fill: func(m *resultModel, r *model.Result) {
		m.LineItemSourcedID = refValue(r.LineItem)
		m.StudentSourcedID = refValue(r.Student)
		m.scoreFields.fill(r)
	},
}
